/**
 * Signature verification of the aggregator: the BLS backend, the Node lottery hasher, per-epoch verification caches,
 * and the three ways incoming single signatures are checked (inline, micro-batched, micro-batched on worker threads).
 * Every way gives each signature the outcome a lone `verifySingleSignature` call would give (stm.md §5.3), so the
 * HTTP answers never depend on the mode.
 */
import {
  bytesToHex,
  createStmVerificationCache,
  isMithrilError,
  nobleBackend,
  nobleLotteryHasher,
  verifyAggregateSignature,
  verifySingleSignature,
  verifySingleSignaturesBatch,
  type AggregateVerificationKey,
  type BlsBackend,
  type LotteryHasher,
  type MithrilError,
  type MultiSignatureVerifier,
  type RegistrationEntry,
  type SingleSignature,
  type StmParameters,
  type StmVerificationCache,
} from './sdk.js';

/** How incoming single signatures are verified. */
export type VerificationMode = 'inline' | 'batch' | 'workers';

/** Options of the signature verification (`AggregatorOptions.verification`). */
export interface VerificationOptions {
  /**
   * `inline` (default): each request is verified on its own, on the event loop. `batch`: requests arriving within
   * `batchWindowMs` are verified together with one randomized pairing check, with individual checks when it fails.
   * `workers`: as `batch`, on worker threads (Node only; falls back to `batch` where threads are unavailable).
   */
  readonly mode?: VerificationMode | undefined;
  /** Worker threads in `workers` mode (default: available parallelism, at most 4, at least 1). */
  readonly workers?: number | undefined;
  /**
   * Quiet time that closes a batch, in milliseconds (default 2): a batch is checked once no signature joined it for
   * this long, when it holds `maxBatch` signatures, or at the latest 10 windows after its first signature.
   */
  readonly batchWindowMs?: number | undefined;
  /** Largest batch (default 64): a full batch is checked at once. */
  readonly maxBatch?: number | undefined;
}

/** Defaults of {@link VerificationOptions}. */
export const VERIFICATION_DEFAULTS = { mode: 'inline', batchWindowMs: 2, maxBatch: 64, maxWorkers: 4 } as const;

/** Counters of a {@link SignatureVerification}, for tuning and tests. */
export interface VerificationStats {
  /** Checks run: one per batch (of one or more signatures). */
  readonly checks: number;
  /** Signatures checked. */
  readonly signatures: number;
  /** Batches whose combined pairing check failed, so that each signature was checked on its own. */
  readonly fallbacks: number;
}

/** Smallest share of a batch given to one thread when a batch is split among idle threads. */
const MIN_SHARED_BATCH = 8;

/** One single signature to check against the registration it claims. */
export interface SignatureCheck {
  readonly message: Uint8Array;
  readonly signature: SingleSignature;
  readonly registration: RegistrationEntry;
  readonly avk: AggregateVerificationKey;
  readonly parameters: StmParameters;
  /** The per-epoch cache of the registration (decoded keys, `H(msgp)`, lottery evaluators). */
  readonly cache: StmVerificationCache;
}

/** The worker pool surface used here (`createVerificationWorkerPool` of `@mithril/sdk/node`). */
interface WorkerPool {
  verifySingleSignature(options: Omit<SignatureCheck, 'cache'>): Promise<void>;
  verifySingleSignaturesBatch(options: {
    message: Uint8Array;
    items: readonly { signature: SingleSignature; registration: RegistrationEntry }[];
    avk: AggregateVerificationKey;
    parameters: StmParameters;
  }): Promise<{ results: readonly ({ valid: true } | { valid: false; error: MithrilError })[]; fellBack: boolean }>;
  verifyAggregateSignature(options: Parameters<MultiSignatureVerifier>[0]): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  readonly check: SignatureCheck;
  resolve(error: MithrilError | undefined): void;
  reject(error: unknown): void;
}

interface Group {
  readonly items: Pending[];
  timer: ReturnType<typeof setTimeout> | undefined;
  due: boolean;
  /** When the batch must be checked whatever arrives (`performance.now()` milliseconds). */
  readonly deadline: number;
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

function positiveInteger(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/**
 * The aggregator's verification engine: owns the backend, the hasher, the caches and (in `workers` mode) the thread
 * pool, started on first use and closed by {@link SignatureVerification.close}.
 */
export class SignatureVerification {
  readonly mode: VerificationMode;
  readonly batchWindowMs: number;
  readonly maxBatch: number;
  readonly #backendName: 'noble' | 'mcl';
  readonly #explicitBackend: BlsBackend | undefined;
  readonly #explicitHasher: LotteryHasher | undefined;
  readonly #workers: number | undefined;
  #backend: Promise<BlsBackend> | undefined;
  #hasher: Promise<LotteryHasher> | undefined;
  #pool: Promise<WorkerPool | undefined> | undefined;
  #poolFailed = false;
  readonly #caches = new Map<string, StmVerificationCache>();
  readonly #groups = new Map<string, Group>();
  #inFlight = 0;
  #stats = { checks: 0, signatures: 0, fallbacks: 0 };
  #poolSize: number | undefined;

  /**
   * @param options - the verification options, the backend name or object and an optional lottery hasher
   */
  constructor(options: {
    readonly verification?: VerificationOptions | undefined;
    readonly blsBackend?: 'noble' | 'mcl' | undefined;
    readonly backend?: BlsBackend | undefined;
    readonly lotteryHasher?: LotteryHasher | undefined;
  }) {
    const v = options.verification ?? {};
    this.mode = v.mode === 'batch' || v.mode === 'workers' ? v.mode : 'inline';
    this.batchWindowMs = v.batchWindowMs !== undefined && Number.isFinite(v.batchWindowMs) && v.batchWindowMs >= 0 ? v.batchWindowMs : VERIFICATION_DEFAULTS.batchWindowMs;
    this.maxBatch = positiveInteger(v.maxBatch, VERIFICATION_DEFAULTS.maxBatch);
    this.#workers = v.workers;
    this.#backendName = options.blsBackend === 'mcl' ? 'mcl' : 'noble';
    this.#explicitBackend = options.backend;
    this.#explicitHasher = options.lotteryHasher;
  }

  /** Current counters. */
  stats(): VerificationStats {
    return { ...this.#stats };
  }

  /** Number of running worker threads (0 until the first batch in `workers` mode and after {@link close}). */
  get workerThreads(): number {
    return this.#pool === undefined ? 0 : (this.#poolSize ?? 0);
  }

  /** The BLS backend: the configured object, else mcl-wasm when `blsBackend` is `mcl`, else noble. */
  backend(): Promise<BlsBackend> {
    this.#backend ??= (async (): Promise<BlsBackend> => {
      if (this.#explicitBackend !== undefined) return this.#explicitBackend;
      if (this.#backendName === 'noble') return nobleBackend;
      const { createMclBackend } = await import('@mithril/sdk/bls-mcl');
      return (await createMclBackend()) as BlsBackend;
    })();
    return this.#backend;
  }

  /** The lottery hasher: the configured one, else node:crypto's on Node, else the pure one. */
  lotteryHasher(): Promise<LotteryHasher> {
    this.#hasher ??= (async (): Promise<LotteryHasher> => {
      if (this.#explicitHasher !== undefined) return this.#explicitHasher;
      if (!isNode()) return nobleLotteryHasher;
      try {
        return (await import('@mithril/sdk/node')).nodeLotteryHasher;
      } catch {
        return nobleLotteryHasher;
      }
    })();
    return this.#hasher;
  }

  /**
   * The verification cache of one closed registration (keyed by the epoch it is stored under); the last few are kept.
   *
   * @param key - identifies the registration
   * @returns the cache
   */
  cacheFor(key: string): StmVerificationCache {
    let cache = this.#caches.get(key);
    if (cache === undefined) {
      cache = createStmVerificationCache();
      this.#caches.set(key, cache);
      // Current and next registrations of the epoch plus one previous: older ones are never asked for again.
      while (this.#caches.size > 3) this.#caches.delete(this.#caches.keys().next().value as string);
    }
    return cache;
  }

  /**
   * Checks one single signature.
   *
   * @returns `undefined` when it verifies, else the error `verifySingleSignature` gives
   * @throws whatever is not a {@link MithrilError} (a bug, never bad input)
   */
  async verify(check: SignatureCheck): Promise<MithrilError | undefined> {
    if (this.mode === 'inline') return this.#inline(check);
    return new Promise<MithrilError | undefined>((resolve, reject) => this.#enqueue({ check, resolve, reject }));
  }

  /** A multi-signature verifier for certificate checks (on a worker in `workers` mode). */
  async multiSignatureVerifier(cache: StmVerificationCache): Promise<MultiSignatureVerifier> {
    const backend = await this.backend();
    const lotteryHasher = await this.lotteryHasher();
    const local: MultiSignatureVerifier = ({ message, signature, avk, parameters }) =>
      verifyAggregateSignature({ message, signature, avk, parameters, backend, cache, lotteryHasher });
    if (this.mode !== 'workers') return local;
    return async ({ message, signature, avk, parameters, certificate }) => {
      // Threads start when a multi-signature is first checked, not for a chain that only holds the genesis.
      const pool = await this.#workerPool();
      if (pool === undefined) return local({ message, signature, avk, parameters, certificate });
      try {
        await pool.verifyAggregateSignature({ message, signature, avk, parameters, certificate });
      } catch (error) {
        if (isMithrilError(error)) throw error;
        // The thread failed (not the signature): decide here instead.
        return local({ message, signature, avk, parameters, certificate });
      }
    };
  }

  /** Checks what is queued, then stops the worker threads (a later signature starts them again). */
  async close(): Promise<void> {
    for (const [key, group] of this.#groups) {
      if (group.timer !== undefined) clearTimeout(group.timer);
      this.#groups.delete(key);
      await this.#run(group.items);
    }
    const pool = this.#pool;
    this.#pool = undefined;
    this.#poolSize = undefined;
    await (await pool)?.close();
  }

  async #inline(check: SignatureCheck): Promise<MithrilError | undefined> {
    const backend = await this.backend();
    const lotteryHasher = await this.lotteryHasher();
    try {
      verifySingleSignature({ ...check, backend, lotteryHasher });
      return undefined;
    } catch (error) {
      if (isMithrilError(error)) return error;
      throw error;
    }
  }

  #enqueue(pending: Pending): void {
    const { check } = pending;
    // Signatures of one round share message, AVK and parameters: only those can share a pairing check.
    const p = check.parameters;
    const key = `${bytesToHex(check.message)}|${bytesToHex(check.avk.mtCommitment.root)}|${check.avk.totalStake}|${p.m}|${p.k}|${p.phiF}`;
    let group = this.#groups.get(key);
    const now = performance.now();
    if (group === undefined) {
      group = { items: [], timer: undefined, due: false, deadline: now + 10 * this.batchWindowMs };
      this.#groups.set(key, group);
    }
    group.items.push(pending);
    // Start the threads with the first signature, so that the window is not spent waiting for them.
    if (this.mode === 'workers') void this.#workerPool();
    if (group.items.length >= this.maxBatch) {
      group.due = true;
      this.#pump();
      return;
    }
    if (group.due) return;
    // While signatures keep coming (e.g. parsed one after another once a blocking check ends), the batch grows.
    if (group.timer !== undefined) clearTimeout(group.timer);
    const g = group;
    g.timer = setTimeout(
      () => {
        g.timer = undefined;
        g.due = true;
        this.#pump();
      },
      Math.max(0, Math.min(this.batchWindowMs, g.deadline - now)),
    );
  }

  /**
   * Starts the due batches while there is capacity (one batch at a time per thread, one in-process). A batch is
   * shared among idle threads, down to {@link MIN_SHARED_BATCH} signatures each, so that the threads work together.
   */
  #pump(): void {
    const capacity = this.mode === 'workers' ? (this.#poolSize ?? 1) : 1;
    for (const [key, group] of this.#groups) {
      if (this.#inFlight >= capacity) return;
      if (!group.due) continue;
      if (group.timer !== undefined) clearTimeout(group.timer);
      this.#groups.delete(key);
      const n = group.items.length;
      const parts = Math.max(1, Math.min(capacity - this.#inFlight, Math.floor(n / MIN_SHARED_BATCH)));
      for (let i = 0; i < parts; i++) {
        this.#inFlight++;
        const chunk = group.items.slice(Math.floor((i * n) / parts), Math.floor(((i + 1) * n) / parts));
        void this.#run(chunk).finally(() => {
          this.#inFlight--;
          this.#pump();
        });
      }
    }
  }

  async #run(items: Pending[]): Promise<void> {
    for (let start = 0; start < items.length; start += this.maxBatch) {
      const chunk = items.slice(start, start + this.maxBatch);
      try {
        const outcomes = await this.#check(chunk.map((p) => p.check));
        chunk.forEach((p, i) => p.resolve(outcomes[i]));
      } catch (error) {
        for (const p of chunk) p.reject(error);
      }
    }
  }

  async #check(checks: readonly SignatureCheck[]): Promise<(MithrilError | undefined)[]> {
    this.#stats.checks++;
    this.#stats.signatures += checks.length;
    const pool = this.mode === 'workers' ? await this.#workerPool() : undefined;
    if (pool !== undefined) {
      try {
        return await this.#checkOnPool(pool, checks);
      } catch (error) {
        if (isMithrilError(error)) throw error;
        // A thread died or the pool was closed under us: the signatures still deserve an answer.
      }
    }
    return this.#checkHere(checks);
  }

  async #checkOnPool(pool: WorkerPool, checks: readonly SignatureCheck[]): Promise<(MithrilError | undefined)[]> {
    const first = checks[0]!;
    const { message, avk, parameters } = first;
    if (checks.length === 1) {
      try {
        await pool.verifySingleSignature({ message, avk, parameters, signature: first.signature, registration: first.registration });
        return [undefined];
      } catch (error) {
        if (isMithrilError(error)) return [error];
        throw error;
      }
    }
    const items = checks.map((c) => ({ signature: c.signature, registration: c.registration }));
    const { results, fellBack } = await pool.verifySingleSignaturesBatch({ message, items, avk, parameters });
    if (fellBack) this.#stats.fallbacks++;
    return results.map((r) => (r.valid ? undefined : r.error));
  }

  async #checkHere(checks: readonly SignatureCheck[]): Promise<(MithrilError | undefined)[]> {
    if (checks.length === 1) return [await this.#inline(checks[0]!)];
    const backend = await this.backend();
    const lotteryHasher = await this.lotteryHasher();
    const { message, avk, parameters, cache } = checks[0]!;
    const { results, fellBack } = verifySingleSignaturesBatch({
      message,
      items: checks.map((c) => ({ signature: c.signature, registration: c.registration })),
      avk,
      parameters,
      backend,
      cache,
      lotteryHasher,
      randomBytes,
    });
    if (fellBack) this.#stats.fallbacks++;
    return results.map((r) => (r.valid ? undefined : r.error));
  }

  #workerPool(): Promise<WorkerPool | undefined> {
    if (this.#poolFailed || !isNode()) return Promise.resolve(undefined);
    this.#pool ??= (async (): Promise<WorkerPool | undefined> => {
      try {
        const { createVerificationWorkerPool } = await import('@mithril/sdk/node');
        const { availableParallelism } = await import('node:os');
        const size = positiveInteger(this.#workers, 0) || Math.min(VERIFICATION_DEFAULTS.maxWorkers, Math.max(1, availableParallelism()));
        // A backend object cannot cross threads: the workers build the one `blsBackend` names.
        const pool = createVerificationWorkerPool({ size, backend: this.#backendName }) as unknown as WorkerPool;
        this.#poolSize = size;
        return pool;
      } catch {
        this.#poolFailed = true;
        return undefined;
      }
    })();
    return this.#pool;
  }
}
