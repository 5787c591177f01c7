/**
 * The chain of the aggregator test networks: the SDK's simulated devnet chain (the one chain simulator of the
 * workspace), moved by hand, with the current stakes kept in a mutable map that tests edit between epochs.
 */
import { createDevnetChain, type DevnetChain } from '@mithril/sdk/devnet';
import type { StakeDistribution } from '@mithril/sdk';

/** A devnet chain whose epoch moves only when told, and whose stakes a test can change from the current epoch on. */
export interface TestChain extends DevnetChain {
  /** Current epoch, synchronously. */
  readonly epoch: bigint;
  /** Stakes of the current epoch and of every later one (replace or mutate to change them from now on). */
  stakes: Map<string, bigint>;
  /** Stakes the chain had during an epoch (the current stakes for the current and future epochs). */
  stakesDuring(epoch: bigint): Map<string, bigint>;
}

/**
 * Creates a hand-driven devnet chain at an epoch with the given stakes. `advance()` freezes the stakes of the epoch it
 * leaves, so `stakesDuring` answers for past epochs what the chain reported then.
 *
 * @param epoch - the starting epoch
 * @param stakes - stakes of the starting epoch (kept by reference: later edits apply from the current epoch on)
 * @returns the chain
 * @throws {MithrilError} `CHAIN_INVALID_CONFIGURATION` when a stake is not a u64 bigint
 * @example
 * const chain = createTestChain(10n, new Map([['pool1alpha', 1_000n]]));
 * chain.advance(); // epoch 11, still 1_000 for pool1alpha
 */
export function createTestChain(epoch: bigint, stakes: Map<string, bigint>): TestChain {
  const history = new Map<bigint, Map<string, bigint>>();
  let current = stakes;
  const stakesDuring = (e: bigint): Map<string, bigint> => history.get(e) ?? current;
  const devnet = createDevnetChain({ startEpoch: epoch, stakes: (e): StakeDistribution => new Map(stakesDuring(e)) });
  const advance = (epochs = 1): ReturnType<DevnetChain['advance']> => {
    const from = devnet.timePoint().epoch;
    for (let e = from; e < from + BigInt(epochs); e++) history.set(e, new Map(current));
    return devnet.advance(epochs);
  };
  return {
    ...devnet,
    get epoch(): bigint {
      return devnet.timePoint().epoch;
    },
    get stakes(): Map<string, bigint> {
      return current;
    },
    set stakes(next: Map<string, bigint>) {
      current = next;
    },
    stakesDuring,
    advance,
    setEpoch(target: bigint) {
      const now = devnet.timePoint().epoch;
      return typeof target === 'bigint' && target > now ? advance(Number(target - now)) : devnet.setEpoch(target);
    },
  };
}
