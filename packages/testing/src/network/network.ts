/**
 * Aggregator test networks: three test signers, a hand-driven devnet chain and an aggregator with the public devnet
 * genesis key, plus a network that already went through one certified round.
 */
import { genesisVerificationKeyFromSecret, type ProtocolParameters, type SignableEntityType } from '@mithril/sdk';
import { createAggregator, type Aggregator, type AggregatorOptions, type Clock } from '@mithril/aggregator-kit';
import { createTestChain, type TestChain } from './chain.js';
import { call, DEVNET_GENESIS_SEED, signatureBody, TestSigner } from './signers.js';

/**
 * A clock that advances one millisecond and a few nanoseconds per reading, so that runs are reproducible.
 *
 * @param start - the instant before the first reading, in nanoseconds
 * @returns the clock
 * @example
 * createAggregator({ ...options, clock: steppingClock() });
 */
export function steppingClock(start = 1_779_374_513_660_381_099n): Clock {
  let now = start;
  return {
    nowNanos() {
      now += 1_000_123n;
      return now;
    },
  };
}

/** A small network: devnet chain, three signers, an aggregator with a devnet genesis key. */
export interface TestNetwork {
  readonly chain: TestChain;
  readonly signers: readonly TestSigner[];
  readonly aggregator: Aggregator;
  /** The options the aggregator was created with (to start another instance on the same storage). */
  readonly options: AggregatorOptions;
  /** Every signer registers for the open round. */
  registerAll(): Promise<number[]>;
  /** Every signer signs the given type at the current epoch; returns the statuses. */
  signAll(type: SignableEntityType, signers?: readonly TestSigner[]): Promise<number[]>;
}

/**
 * Creates a test network at epoch 10 with three pools.
 *
 * @param parameters - protocol parameters (small m and k keep the tests fast)
 * @param overrides - extra aggregator options
 * @returns the network, at epoch 10 with nothing registered
 * @example
 * const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 });
 * await net.aggregator.runner.tick();
 */
export function createTestNetwork(parameters: ProtocolParameters, overrides: Partial<AggregatorOptions> = {}): TestNetwork {
  const signers = [new TestSigner('pool1alpha', 1), new TestSigner('pool1beta', 2), new TestSigner('pool1gamma', 3)];
  const chain = createTestChain(
    10n,
    new Map([
      ['pool1alpha', 1_000_000_000n],
      ['pool1beta', 2_000_000_000n],
      ['pool1gamma', 9_007_199_254_740_993n],
    ]),
  );
  const options: AggregatorOptions = {
    chain,
    protocolParameters: parameters,
    genesis: { verificationKey: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED), signingKey: DEVNET_GENESIS_SEED },
    clock: steppingClock(),
    ...overrides,
  };
  const aggregator = createAggregator(options);
  return {
    chain,
    signers,
    aggregator,
    options,
    async registerAll() {
      const epoch = chain.epoch + 1n;
      const out: number[] = [];
      for (const s of signers) out.push((await call(aggregator, 'POST', '/register-signer', s.registration(epoch))).status);
      return out;
    },
    async signAll(type, only = signers) {
      const out: number[] = [];
      for (const s of only) {
        const body = await signatureBody(aggregator, chain, s, type);
        if (body !== undefined) out.push((await call(aggregator, 'POST', '/register-signatures', body)).status);
      }
      return out;
    },
  };
}

/**
 * A network that went through one full round: genesis at 11, MSD(12) and CSD(11) certified at epoch 12.
 *
 * @param overrides - extra aggregator options (e.g. storage)
 * @returns the network at epoch 12, with a genesis and two certificates
 * @example
 * const net = await certifiedNetwork();
 * expect((await call(net.aggregator, 'GET', '/certificates')).status).toBe(200);
 */
export async function certifiedNetwork(overrides: Partial<AggregatorOptions> = {}): Promise<TestNetwork> {
  const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, overrides);
  await net.aggregator.runner.tick();
  await net.registerAll();
  net.chain.advance();
  await net.aggregator.runner.tick();
  await net.registerAll();
  net.chain.advance();
  await net.aggregator.runner.tick();
  await net.signAll({ type: 'MithrilStakeDistribution', epoch: 12n });
  await net.signAll({ type: 'CardanoStakeDistribution', epoch: 11n });
  await net.aggregator.runner.tick();
  return net;
}
