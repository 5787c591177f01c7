/**
 * Per-epoch verification caches (spec stm.md §1.5, §3.3, §6.3): the registered keys, stakes and parameters repeat in
 * every certificate of an epoch and in every single signature an aggregator receives, so their expensive derived forms
 * (decompressed and subgroup-checked keys with the backend's pairing data, lottery evaluators, `H_G1(msgp)`) are
 * worth keeping. A cache never changes a decision: only successfully decoded keys are kept, keyed by their bytes.
 */
import type { BlsBackend } from '../bls/backend.js';
import { bytesToHex } from '../utils/bytes.js';
import { createLotteryEvaluator, type LotteryEvaluator } from './lottery.js';

/** Options of {@link createStmVerificationCache}. */
export interface StmVerificationCacheOptions {
  /** Decoded verification keys kept per backend (default 4096: a few epochs of mainnet signers). */
  readonly maxVerificationKeys?: number;
  /** Lottery evaluators kept (default 4096). */
  readonly maxEvaluators?: number;
  /** Hashed messages kept per backend (default 64). */
  readonly maxMessages?: number;
}

/** Counters of a {@link StmVerificationCache}, for tuning and tests. */
export interface StmVerificationCacheStats {
  readonly keyHits: number;
  readonly keyMisses: number;
  readonly messageHits: number;
  readonly messageMisses: number;
}

/**
 * Caches shared by verifications with the same keys: pass one to `verifyAggregateSignature`,
 * `verifySingleSignature` or `verifySingleSignaturesBatch` as `cache`. Safe to share between backends (entries are
 * kept per backend) and to keep across epochs (bounded, least recently used entries are dropped).
 */
export interface StmVerificationCache {
  /**
   * The decoded, validated G2 key for these bytes (blst `key_validate`, stm.md §1.5); decoding errors are not cached.
   *
   * @throws {BlsError} `BLS_INVALID_POINT` for invalid bytes, naming `field`
   */
  verificationKey<G2>(backend: BlsBackend<unknown, G2>, bytes: Uint8Array, field: string): G2;
  /** `H_G1(msgp)` with the empty DST (stm.md §1.3), computed once per message. */
  hashedMessage<G1>(backend: BlsBackend<G1, unknown>, msgp: Uint8Array): G1;
  /** The G2 generator as one reused object (so backends keep its pairing data). */
  generatorG2<G2>(backend: BlsBackend<unknown, G2>): G2;
  /**
   * The lottery decision function of `(phi_f, stake, total)` (stm.md §3.3).
   *
   * @throws {StmError} as {@link createLotteryEvaluator}
   */
  lotteryEvaluator(phiF: number, stake: bigint, totalStake: bigint): LotteryEvaluator;
  /** Current counters. */
  stats(): StmVerificationCacheStats;
  /** Drops every entry. */
  clear(): void;
}

/** A bounded map that forgets its least recently used entry. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
}

function capacity(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/**
 * Creates an empty {@link StmVerificationCache}.
 *
 * @param options - optional size bounds
 * @returns the cache
 * @example
 * const cache = createStmVerificationCache();
 * for (const cert of chain) verifyAggregateSignature({ ...inputsOf(cert), cache });
 */
export function createStmVerificationCache(options: StmVerificationCacheOptions = {}): StmVerificationCache {
  const keyCapacity = capacity(options.maxVerificationKeys, 4096);
  const messageCapacity = capacity(options.maxMessages, 64);
  let keys = new WeakMap<object, Lru<unknown>>();
  let messages = new WeakMap<object, Lru<unknown>>();
  let generators = new WeakMap<object, unknown>();
  let evaluators = new Lru<LotteryEvaluator>(capacity(options.maxEvaluators, 4096));
  let counters = { keyHits: 0, keyMisses: 0, messageHits: 0, messageMisses: 0 };

  const perBackend = (store: WeakMap<object, Lru<unknown>>, backend: object, size: number): Lru<unknown> => {
    let lru = store.get(backend);
    if (lru === undefined) {
      lru = new Lru<unknown>(size);
      store.set(backend, lru);
    }
    return lru;
  };

  return {
    verificationKey<G2>(backend: BlsBackend<unknown, G2>, bytes: Uint8Array, field: string): G2 {
      const lru = perBackend(keys, backend, keyCapacity);
      const id = bytes instanceof Uint8Array ? bytesToHex(bytes) : undefined;
      const known = id === undefined ? undefined : (lru.get(id) as G2 | undefined);
      if (known !== undefined) {
        counters.keyHits++;
        return known;
      }
      counters.keyMisses++;
      const point = backend.decodeG2(bytes, field);
      if (id !== undefined) lru.set(id, point);
      return point;
    },

    hashedMessage<G1>(backend: BlsBackend<G1, unknown>, msgp: Uint8Array): G1 {
      const lru = perBackend(messages, backend, messageCapacity);
      const id = bytesToHex(msgp);
      const known = lru.get(id) as G1 | undefined;
      if (known !== undefined) {
        counters.messageHits++;
        return known;
      }
      counters.messageMisses++;
      const point = backend.hashToG1(msgp);
      lru.set(id, point);
      return point;
    },

    generatorG2<G2>(backend: BlsBackend<unknown, G2>): G2 {
      let g2 = generators.get(backend) as G2 | undefined;
      if (g2 === undefined) {
        g2 = backend.mulBaseG2(1n);
        generators.set(backend, g2);
      }
      return g2;
    },

    lotteryEvaluator(phiF: number, stake: bigint, totalStake: bigint): LotteryEvaluator {
      // String(number) round-trips every double exactly, so equal keys mean equal inputs.
      const id = `${String(phiF)}:${String(stake)}:${String(totalStake)}`;
      let evaluator = evaluators.get(id);
      if (evaluator === undefined) {
        evaluator = createLotteryEvaluator(phiF, stake, totalStake);
        evaluators.set(id, evaluator);
      }
      return evaluator;
    },

    stats(): StmVerificationCacheStats {
      return { ...counters };
    },

    clear(): void {
      keys = new WeakMap();
      messages = new WeakMap();
      generators = new WeakMap();
      evaluators = new Lru<LotteryEvaluator>(capacity(options.maxEvaluators, 4096));
      counters = { keyHits: 0, keyMisses: 0, messageHits: 0, messageMisses: 0 };
    },
  };
}
