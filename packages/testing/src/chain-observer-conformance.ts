/**
 * Conformance suite for `ChainObserver` implementations (spec nodes.md §4): what the aggregator and signer kits rely
 * on from any chain they follow, whether the simulated devnet chain or a live node behind Ogmios. Call
 * {@link describeChainObserverConformance} from a vitest file.
 */
import { bech32Decode, U64_MAX, type ChainObserver, type StakeDistribution, type TimePoint } from '@mithril/sdk';
import { describe, expect, it } from 'vitest';

/** Options of {@link describeChainObserverConformance}. */
export interface ChainObserverConformanceOptions {
  /** Label of the describe block. */
  readonly name: string;
  /** Creates the observer under test; called once per test. */
  readonly create: () => ChainObserver | Promise<ChainObserver>;
  /** The network name the observer must report (default: any non-empty name). */
  readonly network?: string;
  /**
   * Moves the observed chain into a later epoch (a simulated chain) or waits until it moved (a live one). Without it
   * the tests that need an epoch change are skipped.
   */
  readonly nextEpoch?: (observer: ChainObserver) => void | Promise<void>;
  /** Epoch changes to go through in the epoch tests (default 3). */
  readonly epochs?: number;
  /** Readings taken inside one epoch by the stability and monotonicity tests (default 5). */
  readonly readings?: number;
  /** Called between two readings inside one epoch, e.g. to let a simulated clock tick (default: nothing). */
  readonly between?: (observer: ChainObserver) => void | Promise<void>;
}

const HEX_32 = /^[0-9a-f]{64}$/;

function expectU64(value: unknown, what: string): asserts value is bigint {
  expect(typeof value, `${what} must be a bigint`).toBe('bigint');
  expect((value as bigint) >= 0n && (value as bigint) <= U64_MAX, `${what} must fit a u64`).toBe(true);
}

function expectTimePoint(point: TimePoint): void {
  expectU64(point.epoch, 'timePoint.epoch');
  expectU64(point.immutableFileNumber, 'timePoint.immutableFileNumber');
  expectU64(point.chainPoint.slotNumber, 'timePoint.chainPoint.slotNumber');
  expectU64(point.chainPoint.blockNumber, 'timePoint.chainPoint.blockNumber');
  expect(point.chainPoint.blockHash, 'timePoint.chainPoint.blockHash is 32 bytes of lowercase hex').toMatch(HEX_32);
}

function expectNotBefore(later: TimePoint, earlier: TimePoint): void {
  expect(later.epoch >= earlier.epoch, 'the epoch never goes back').toBe(true);
  expect(later.immutableFileNumber >= earlier.immutableFileNumber, 'the immutable file number never goes back').toBe(true);
  expect(later.chainPoint.slotNumber >= earlier.chainPoint.slotNumber, 'the slot never goes back').toBe(true);
  expect(later.chainPoint.blockNumber >= earlier.chainPoint.blockNumber, 'the block number never goes back').toBe(true);
}

function expectDistribution(distribution: StakeDistribution): void {
  expect(distribution instanceof Map, 'the stake distribution is a Map').toBe(true);
  expect(distribution.size, 'the stake distribution is not empty').toBeGreaterThan(0);
  let total = 0n;
  for (const [party, stake] of distribution) {
    const decoded = bech32Decode(party, 'party id');
    expect(decoded.hrp, `${party} is a pool id`).toBe('pool');
    expect(decoded.data.length, `${party} holds a Blake2b-224 key hash`).toBe(28);
    expectU64(stake, `stake of ${party}`);
    expect(stake > 0n, `stake of ${party} is above zero (pools without stake are left out)`).toBe(true);
    total += stake;
  }
  expect(total <= U64_MAX, 'the total stake fits a u64').toBe(true);
}

function sameDistribution(a: StakeDistribution, b: StakeDistribution): boolean {
  return a.size === b.size && [...a].every(([party, stake]) => b.get(party) === stake);
}

/**
 * Registers the conformance tests of a chain observer: network name, u64 bigint values, a time point consistent with
 * the epoch and never going back, a stake distribution of pool ids with stakes above zero, answers stable inside an
 * epoch, and (with `nextEpoch`) epochs that only move forward with the rest of the time point.
 *
 * @param options - the observer factory and how to move its chain
 * @example
 * describeChainObserverConformance({
 *   name: 'devnet chain',
 *   create: () => createDevnetChain({ stakes: () => new Map([[devnetPoolId('a'), 10n]]) }),
 *   nextEpoch: (chain) => void (chain as DevnetChain).advance(),
 * });
 */
export function describeChainObserverConformance(options: ChainObserverConformanceOptions): void {
  const readings = options.readings ?? 5;
  const epochs = options.epochs ?? 3;
  const between = async (observer: ChainObserver): Promise<void> => {
    await options.between?.(observer);
  };

  describe(`ChainObserver conformance: ${options.name}`, () => {
    it('reports a stable, non-empty network name', async () => {
      const observer = await options.create();
      expect(typeof observer.network).toBe('string');
      expect(observer.network.length).toBeGreaterThan(0);
      if (options.network !== undefined) expect(observer.network).toBe(options.network);
      await observer.getCurrentTimePoint();
      expect((await options.create()).network).toBe(observer.network);
    });

    it('answers a u64 epoch and a time point of the same epoch, never going back', async () => {
      const observer = await options.create();
      let previous: TimePoint | undefined;
      for (let i = 0; i < readings; i++) {
        const before = await observer.getCurrentEpoch();
        expectU64(before, 'epoch');
        const point = await observer.getCurrentTimePoint();
        const after = await observer.getCurrentEpoch();
        expectTimePoint(point);
        // A live chain may cross an epoch boundary between two calls: the time point lies between the two readings.
        expect(point.epoch >= before && point.epoch <= after, 'the time point is of the current epoch').toBe(true);
        if (previous !== undefined) expectNotBefore(point, previous);
        previous = point;
        await between(observer);
      }
    });

    it('answers a stake distribution of pool ids with u64 stakes above zero, the same all through an epoch', async () => {
      const observer = await options.create();
      let reference: { epoch: bigint; distribution: StakeDistribution } | undefined;
      for (let i = 0; i < readings; i++) {
        const before = await observer.getCurrentEpoch();
        const distribution = await observer.getCurrentStakeDistribution();
        const after = await observer.getCurrentEpoch();
        expectDistribution(distribution);
        if (before === after) {
          if (reference !== undefined && reference.epoch === before) {
            expect(sameDistribution(distribution, reference.distribution), `the distribution changed inside epoch ${before}`).toBe(true);
          }
          reference = { epoch: before, distribution };
        }
        await between(observer);
      }
    });

    it('answers the KES period, when it does, as a non-negative integer that never goes back', async () => {
      const observer = await options.create();
      if (observer.getCurrentKesPeriod === undefined) return;
      let previous = -1;
      for (let i = 0; i < readings; i++) {
        const period = await observer.getCurrentKesPeriod();
        if (period !== undefined) {
          expect(Number.isSafeInteger(period) && period >= 0, 'the KES period is a non-negative integer').toBe(true);
          expect(period).toBeGreaterThanOrEqual(previous);
          previous = period;
        }
        await between(observer);
      }
    });

    it.skipIf(options.nextEpoch === undefined)('moves to later epochs with the whole time point, and answers each epoch', async () => {
      const observer = await options.create();
      let previous = await observer.getCurrentTimePoint();
      for (let i = 0; i < epochs; i++) {
        await options.nextEpoch!(observer);
        const epoch = await observer.getCurrentEpoch();
        const point = await observer.getCurrentTimePoint();
        expect(epoch > previous.epoch, 'the epoch moved forward').toBe(true);
        expectTimePoint(point);
        expectNotBefore(point, previous);
        expect(point.immutableFileNumber > previous.immutableFileNumber, 'a new epoch completes immutable files').toBe(true);
        expect(point.chainPoint.slotNumber > previous.chainPoint.slotNumber, 'a new epoch is at a later slot').toBe(true);
        expectDistribution(await observer.getCurrentStakeDistribution());
        previous = point;
      }
    });
  });
}
