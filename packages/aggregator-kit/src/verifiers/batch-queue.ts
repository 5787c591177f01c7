/**
 * Micro-batching of single-signature checks: signatures of one round (same message, AVK and parameters) that arrive
 * within a short window are checked together, with a bounded number of batches in flight.
 */
import { bytesToHex, type MithrilError } from '../sdk.js';
import type { SignatureCheck, VerificationStats } from '../verifier.js';

/** What checking one batch gives: one outcome per check, and whether the combined check failed. */
export interface BatchOutcome {
  readonly outcomes: readonly (MithrilError | undefined)[];
  readonly fellBack: boolean;
}

/** Options of {@link BatchQueue}. */
export interface BatchQueueOptions {
  readonly batchWindowMs: number;
  readonly maxBatch: number;
  /** Batches that may be checked at once (one per worker thread, one in process). */
  capacity(): number;
  /** Checks one batch of signatures that share message, AVK and parameters. */
  check(checks: readonly SignatureCheck[]): Promise<BatchOutcome>;
  /** Called on each enqueued signature (the worker verifier starts its threads). */
  onEnqueue?(): void;
}

/** Smallest share of a batch given to one slot when a batch is split among idle slots. */
const MIN_SHARED_BATCH = 8;

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

/**
 * Normalises a batch window: a finite non-negative number, else the default.
 *
 * @param value - the configured window
 * @param fallback - the default
 * @returns the window in milliseconds
 * @example
 * batchWindow(undefined, 2); // 2
 */
export function batchWindow(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * Normalises a count: a positive safe integer, else the default.
 *
 * @param value - the configured count
 * @param fallback - the default
 * @returns the count
 * @example
 * positiveInteger(0, 64); // 64
 */
export function positiveInteger(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/**
 * The queue of pending single-signature checks, grouped by round.
 *
 * @example
 * const queue = new BatchQueue({ batchWindowMs: 2, maxBatch: 64, capacity: () => 1, check: (checks) => checkBatchHere(crypto, checks) });
 * const error = await queue.enqueue(check);
 */
export class BatchQueue {
  readonly #options: BatchQueueOptions;
  readonly #groups = new Map<string, Group>();
  #inFlight = 0;
  #stats = { checks: 0, signatures: 0, fallbacks: 0 };

  /** @param options - window, batch size, capacity and the batch checker */
  constructor(options: BatchQueueOptions) {
    this.#options = options;
  }

  /** Current counters. */
  stats(): VerificationStats {
    return { ...this.#stats };
  }

  /**
   * Queues a check; it resolves once its batch was checked.
   *
   * @param check - the signature
   * @returns `undefined` when it verifies, else the verification error
   */
  enqueue(check: SignatureCheck): Promise<MithrilError | undefined> {
    return new Promise((resolve, reject) => this.#add({ check, resolve, reject }));
  }

  /** Checks every queued signature now. */
  async flush(): Promise<void> {
    for (const [key, group] of this.#groups) {
      if (group.timer !== undefined) clearTimeout(group.timer);
      this.#groups.delete(key);
      await this.#run(group.items);
    }
  }

  #add(pending: Pending): void {
    const { check } = pending;
    const { batchWindowMs, maxBatch } = this.#options;
    // Signatures of one round share message, AVK and parameters: only those can share a pairing check.
    const p = check.parameters;
    const key = `${bytesToHex(check.message)}|${bytesToHex(check.avk.mtCommitment.root)}|${check.avk.totalStake}|${p.m}|${p.k}|${p.phiF}`;
    let group = this.#groups.get(key);
    const now = performance.now();
    if (group === undefined) {
      group = { items: [], timer: undefined, due: false, deadline: now + 10 * batchWindowMs };
      this.#groups.set(key, group);
    }
    group.items.push(pending);
    this.#options.onEnqueue?.();
    if (group.items.length >= maxBatch) {
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
      Math.max(0, Math.min(batchWindowMs, g.deadline - now)),
    );
  }

  /**
   * Starts the due batches while there is capacity. A batch is shared among idle slots, down to
   * {@link MIN_SHARED_BATCH} signatures each, so that the threads work together.
   */
  #pump(): void {
    const capacity = this.#options.capacity();
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
    const { maxBatch } = this.#options;
    for (let start = 0; start < items.length; start += maxBatch) {
      const chunk = items.slice(start, start + maxBatch);
      try {
        this.#stats.checks++;
        this.#stats.signatures += chunk.length;
        const { outcomes, fellBack } = await this.#options.check(chunk.map((p) => p.check));
        if (fellBack) this.#stats.fallbacks++;
        for (const [i, p] of chunk.entries()) p.resolve(outcomes[i]);
      } catch (error) {
        for (const p of chunk) p.reject(error);
      }
    }
  }
}
