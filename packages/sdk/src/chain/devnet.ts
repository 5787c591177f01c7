/**
 * An embedded, simulated Cardano chain for devnets and tests, behind the {@link ChainObserver} port (nodes.md §4).
 * Everything is derived from a position (epoch + progress inside it); the position comes from an injected clock or
 * is moved by hand. No timers, no randomness: the same options and the same clock readings give the same chain.
 */
import { MithrilError } from '../errors.js';
import { u64be, bytesToHex, utf8, concatBytes, U64_MAX } from '../utils/bytes.js';
import { blake2b256 } from '../utils/hash.js';
import { bech32Encode } from './bech32.js';
import { blake2b } from '@noble/hashes/blake2.js';
import type { ChainObserver, ChainPoint, StakeDistribution, TimePoint } from './observer.js';

/**
 * Stake per epoch: a function of the epoch, or a map whose entries apply from their epoch until the next entry
 * (epochs before the first entry use the first entry).
 */
export type DevnetStakeSchedule = ((epoch: bigint) => StakeDistribution) | ReadonlyMap<bigint, StakeDistribution>;

/** Options of {@link createDevnetChain}. */
export interface DevnetChainOptions {
  /** Network name reported by the observer (default `devnet`). */
  readonly network?: string;
  /** Stake distribution per epoch. */
  readonly stakes: DevnetStakeSchedule;
  /** Epoch the chain starts at (default 1). */
  readonly startEpoch?: bigint;
  /**
   * Milliseconds clock (e.g. `Date.now`). With it the chain moves by itself, one epoch every `epochDurationMs`
   * counted from the first reading; without it the chain only moves through `advance` / `setEpoch`.
   */
  readonly clock?: () => number;
  /** Epoch length in milliseconds when a clock is given (default 5000). */
  readonly epochDurationMs?: number;
  /**
   * Clock reading at which `startEpoch` began (default: the first reading). Processes that share the clock, the origin
   * and the duration agree on the epoch, e.g. an aggregator and signers in separate processes.
   */
  readonly originMs?: number;
  /** Immutable files completed per epoch (default 4); the number grows evenly inside an epoch. */
  readonly immutableFilesPerEpoch?: number;
  /** Slots per epoch (default 500, a short devnet epoch). */
  readonly slotsPerEpoch?: number;
  /** Slots per KES period (default 129600, the value the reference cardano-cli observer assumes). */
  readonly slotsPerKesPeriod?: number;
  /** Cardano era reported by `getCurrentEra` (default `Conway`). */
  readonly era?: string;
}

/** A simulated devnet chain: a {@link ChainObserver} that tests can also drive by hand. */
export interface DevnetChain extends ChainObserver {
  /** Cardano era name. */
  getCurrentEra(): Promise<string>;
  /** Current KES period: `slot / slotsPerKesPeriod`. */
  getCurrentKesPeriod(): Promise<number>;
  /** Stake distribution of any epoch (what the schedule says; used by tests and by devnet tooling). */
  stakeDistributionAt(epoch: bigint): StakeDistribution;
  /** Time point now, synchronously. */
  timePoint(): TimePoint;
  /**
   * Moves to the start of a later epoch.
   *
   * @param epochs - how many epochs to move (default 1)
   */
  advance(epochs?: number): TimePoint;
  /** Moves to the start of the given epoch (never backwards). */
  setEpoch(epoch: bigint): TimePoint;
  /** Completes one more immutable file inside the current epoch. */
  addImmutableFile(): TimePoint;
}

const DEFAULTS = {
  network: 'devnet',
  startEpoch: 1n,
  epochDurationMs: 5000,
  immutableFilesPerEpoch: 4,
  slotsPerEpoch: 500,
  slotsPerKesPeriod: 129600,
  era: 'Conway',
} as const;

function invalid(field: string, message: string): MithrilError {
  return new MithrilError('CHAIN_INVALID_CONFIGURATION', message, { field });
}

function positiveInteger(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v <= 0) throw invalid(field, 'must be a positive integer');
  return v;
}

/**
 * Validates a scheduled distribution and drops pools without stake: like the reference observer, which reports the
 * pools of the "mark" snapshot with a stake above zero (nodes.md §4).
 */
function checkDistribution(distribution: StakeDistribution, epoch: bigint): StakeDistribution {
  if (!(distribution instanceof Map)) throw invalid(`stakes[${epoch}]`, 'must be a Map of pool id to stake');
  let total = 0n;
  let zero = false;
  for (const [party, stake] of distribution) {
    if (typeof party !== 'string' || party.length === 0) throw invalid(`stakes[${epoch}]`, 'pool ids must be strings');
    if (typeof stake !== 'bigint' || stake < 0n || stake > U64_MAX) {
      throw invalid(`stakes[${epoch}].${party}`, 'stake must be a u64 bigint');
    }
    total += stake;
    zero ||= stake === 0n;
  }
  if (total > U64_MAX) throw invalid(`stakes[${epoch}]`, 'total stake overflows a u64');
  return zero ? new Map([...distribution].filter(([, stake]) => stake > 0n)) : distribution;
}

function scheduleLookup(schedule: DevnetStakeSchedule): (epoch: bigint) => StakeDistribution {
  if (typeof schedule === 'function') return (epoch) => checkDistribution(schedule(epoch), epoch);
  if (!(schedule instanceof Map) || schedule.size === 0) throw invalid('stakes', 'must be a function or a non-empty Map');
  const entries = [...schedule.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const entry of entries) {
    if (typeof entry[0] !== 'bigint') throw invalid('stakes', 'schedule keys must be bigint epochs');
    entry[1] = checkDistribution(entry[1], entry[0]);
  }
  return (epoch) => {
    let current = (entries[0] as [bigint, StakeDistribution])[1];
    for (const [from, distribution] of entries) {
      if (from > epoch) break;
      current = distribution;
    }
    return current;
  };
}

/**
 * A realistic-looking pool id for devnets: `bech32("pool", Blake2b-224(seed))`, like the reference derives a pool id
 * from a cold key (nodes.md §2.3.1). Deterministic in the seed.
 *
 * @param seed - any text, e.g. `pool-a`
 * @returns a `pool1…` id
 * @example
 * devnetPoolId('pool-a') // 'pool1…' (56 characters)
 */
export function devnetPoolId(seed: string): string {
  return bech32Encode('pool', blake2b(utf8(seed), { dkLen: 28 }));
}

/**
 * Creates a simulated devnet chain (nodes.md §4): epochs of configurable length, a per-epoch stake schedule, an
 * immutable file number that grows through each epoch, and a chain point derived from the position.
 *
 * @param options - see {@link DevnetChainOptions}
 * @returns the chain, usable wherever a {@link ChainObserver} is expected
 * @throws {MithrilError} `CHAIN_INVALID_CONFIGURATION` for invalid options or stake schedules
 * @example
 * const chain = createDevnetChain({ stakes: new Map([[1n, new Map([[devnetPoolId('a'), 100n]])]]) });
 * chain.advance(); // epoch 2
 */
export function createDevnetChain(options: DevnetChainOptions): DevnetChain {
  const network = options.network ?? DEFAULTS.network;
  if (typeof network !== 'string' || network.length === 0) throw invalid('network', 'must be a non-empty string');
  const startEpoch = options.startEpoch ?? DEFAULTS.startEpoch;
  if (typeof startEpoch !== 'bigint' || startEpoch < 0n || startEpoch > U64_MAX) {
    throw invalid('startEpoch', 'must be a u64 bigint');
  }
  const epochDurationMs = positiveInteger(options.epochDurationMs, DEFAULTS.epochDurationMs, 'epochDurationMs');
  const filesPerEpoch = positiveInteger(options.immutableFilesPerEpoch, DEFAULTS.immutableFilesPerEpoch, 'immutableFilesPerEpoch');
  const slotsPerEpoch = positiveInteger(options.slotsPerEpoch, DEFAULTS.slotsPerEpoch, 'slotsPerEpoch');
  const slotsPerKesPeriod = positiveInteger(options.slotsPerKesPeriod, DEFAULTS.slotsPerKesPeriod, 'slotsPerKesPeriod');
  const era = options.era ?? DEFAULTS.era;
  const stakesAt = scheduleLookup(options.stakes);
  const clock = options.clock;
  if (clock !== undefined && typeof clock !== 'function') throw invalid('clock', 'must be a function');

  if (options.originMs !== undefined && !Number.isFinite(options.originMs)) throw invalid('originMs', 'must be a finite number');
  // Manual moves are kept apart from clock time so both can be combined (a clock-driven chain can still jump ahead).
  let clockOrigin: number | undefined = options.originMs;
  let manualEpochs = 0n;
  let manualFiles = 0;
  // Added files never stop counting, so the immutable file number stays monotonic across epochs.
  let extraFiles = 0;
  let lastEpoch = startEpoch;

  const position = (): { epoch: bigint; progress: number } => {
    let epoch = startEpoch + manualEpochs;
    let progress = 0;
    if (clock !== undefined) {
      const now = clock();
      if (!Number.isFinite(now)) throw invalid('clock', 'returned a non-finite time');
      clockOrigin ??= now;
      const elapsed = Math.max(0, now - clockOrigin);
      epoch += BigInt(Math.floor(elapsed / epochDurationMs));
      progress = (elapsed % epochDurationMs) / epochDurationMs;
    }
    if (epoch > U64_MAX) throw invalid('epoch', 'the chain ran past u64');
    if (epoch !== lastEpoch) {
      manualFiles = 0;
      lastEpoch = epoch;
    }
    return { epoch, progress };
  };

  const timePointOf = (epoch: bigint, progress: number): TimePoint => {
    const inEpochFiles = Math.min(filesPerEpoch - 1, Math.floor(progress * filesPerEpoch));
    const immutableFileNumber = epoch * BigInt(filesPerEpoch) + BigInt(inEpochFiles + extraFiles);
    const slotInEpoch = Math.min(slotsPerEpoch - 1, Math.floor(progress * slotsPerEpoch) + manualFiles);
    const slotNumber = epoch * BigInt(slotsPerEpoch) + BigInt(slotInEpoch);
    // One block every other slot, like a lightly loaded devnet.
    const blockNumber = slotNumber / 2n;
    const chainPoint: ChainPoint = {
      slotNumber,
      blockNumber,
      blockHash: bytesToHex(blake2b256(concatBytes(utf8(network), u64be(blockNumber)))),
    };
    return { epoch, immutableFileNumber, chainPoint };
  };

  const timePoint = (): TimePoint => {
    const { epoch, progress } = position();
    return timePointOf(epoch, progress);
  };

  const chain: DevnetChain = {
    network,
    getCurrentEpoch: async () => position().epoch,
    getCurrentTimePoint: async () => timePoint(),
    getCurrentStakeDistribution: async () => stakesAt(position().epoch),
    getCurrentEra: async () => era,
    getCurrentKesPeriod: async () => Number(timePoint().chainPoint.slotNumber / BigInt(slotsPerKesPeriod)),
    stakeDistributionAt: (epoch) => stakesAt(epoch),
    timePoint,
    advance(epochs = 1) {
      if (!Number.isSafeInteger(epochs) || epochs < 0) throw invalid('epochs', 'must be a non-negative integer');
      manualEpochs += BigInt(epochs);
      if (clock !== undefined && epochs > 0) {
        // Land at the start of the target epoch: drop the progress made inside the current one.
        const now = clock();
        clockOrigin ??= now;
        const elapsed = Math.max(0, now - clockOrigin);
        clockOrigin += elapsed % epochDurationMs;
      }
      return timePoint();
    },
    setEpoch(epoch) {
      const current = position().epoch;
      if (typeof epoch !== 'bigint' || epoch < current) throw invalid('epoch', `cannot move back from epoch ${current}`);
      return chain.advance(Number(epoch - current));
    },
    addImmutableFile() {
      position();
      manualFiles += 1;
      extraFiles += 1;
      return timePoint();
    },
  };
  return chain;
}
