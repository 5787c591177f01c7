/**
 * `chain_<N>_mainnet_shape.<backend>.cold`: the multi-signature work of a cold walk over N certificates shaped like
 * mainnet's, in epochs of `perEpoch` certificates (one master certificate opening each epoch, then the others),
 * mainnet parameters and 300 signers. A new epoch means a new stake distribution, so each epoch starts with an
 * empty key cache, as a real walk does when the AVK changes; within an epoch the keys are decoded once.
 *
 * The certificates are the bench's 12 synthetic aggregates (bench/data.ts) cycled over N positions: building and
 * signing N real certificates with mainnet parameters would take far longer than the walk, and a walk's cost beyond
 * the multi-signatures (hashing the certificate JSON, comparing links) is microseconds per certificate.
 */
import {
  type AggregateSignature,
  type BlsBackend,
  createStmVerificationCache,
  type StmVerificationCache,
  verifyAggregateSignature,
} from '@mithril/sdk';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import type { BenchData } from './decode.js';
import { createFloorCache, type FloorCache, floorVerifyAggregate } from './floor.js';

/** The bench harness's paired timer (bench/run.ts). */
type Paired = (name: string, run: () => unknown, floorRun: () => unknown, samples: number, divisor?: number) => Promise<void>;

/**
 * Runs the long-chain figures for each backend.
 *
 * @param length - certificates in the chain (N)
 * @param perEpoch - certificates per epoch
 */
export async function runLongChainFigures(
  data: BenchData,
  backends: readonly (readonly [string, BlsBackend])[],
  paired: Paired,
  length: number,
  perEpoch: number,
): Promise<void> {
  const { avk } = data.closed;
  const parameters = { m: 20973n, k: 2422n, phiF: 0.2 };
  const at = (i: number): [Uint8Array, AggregateSignature] => [data.messages[i % data.chain.length]!, data.chain[i % data.chain.length]!];
  for (const [name, backend] of backends) {
    const walk = () => {
      let cache: StmVerificationCache = createStmVerificationCache();
      for (let i = 0; i < length; i++) {
        if (i % perEpoch === 0) cache = createStmVerificationCache();
        const [message, signature] = at(i);
        verifyAggregateSignature({ message, signature, avk, parameters, backend, cache, lotteryHasher: nodeLotteryHasher });
      }
    };
    const floorWalk = () => {
      let cache: FloorCache = createFloorCache();
      for (let i = 0; i < length; i++) {
        if (i % perEpoch === 0) cache = createFloorCache();
        const [message, signature] = at(i);
        floorVerifyAggregate(message, signature, avk, parameters, cache);
      }
    };
    await paired(`chain_${length}_mainnet_shape.${name}.cold`, walk, floorWalk, 1);
  }
}
