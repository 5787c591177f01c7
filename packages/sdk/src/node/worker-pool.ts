import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import { BlsError, type BlsBackend, createStmVerificationCache, EncodingError, MithrilError, nobleBackend, StmError } from '@mithril/sdk';
import { createMclBackend } from '@mithril/sdk/bls-mcl';
import type { BatchItemResult, BatchVerificationResult, VerifySingleSignaturesBatchOptions } from '@mithril/sdk';
import type { VerifyAggregateSignatureOptions, VerifySingleSignatureOptions } from '@mithril/sdk';
import { nodeLotteryHasher } from './hash.js';
import { verifyAggregateInShares } from './parallel-aggregate.js';
import type { AggregateShareResult, SerializedError, WorkerReply, WorkerTask, WorkerTaskBody } from './worker-protocol.js';

/** Options of {@link createVerificationWorkerPool}. */
export interface VerificationWorkerPoolOptions {
  /** Number of worker threads (default: available parallelism, at least 1). */
  readonly size?: number;
  /** BLS backend the workers use (default `noble`; `mcl` needs the optional mcl-wasm package). */
  readonly backend?: 'noble' | 'mcl';
}

type Data<T> = Omit<T, 'backend' | 'cache' | 'lotteryHasher' | 'randomBytes'>;

/**
 * STM verifications run on worker threads, so that an aggregator's HTTP handling stays responsive. Each worker keeps
 * its own per-epoch cache; results and errors are the same as the in-process functions (errors are rebuilt as
 * {@link MithrilError} subclasses with the same code and field).
 */
export interface VerificationWorkerPool {
  /** Number of workers. */
  readonly size: number;
  /** `verifySingleSignature` off the main thread; rejects with its error. */
  verifySingleSignature(options: Data<VerifySingleSignatureOptions>): Promise<void>;
  /**
   * `verifyAggregateSignature` off the main thread; rejects with its error. A large aggregate is split: the workers
   * decode and sum slices of it in parallel while the main thread checks its lotteries and Merkle proof.
   */
  verifyAggregateSignature(options: Data<VerifyAggregateSignatureOptions>): Promise<void>;
  /** `verifySingleSignaturesBatch` off the main thread, coefficients from node:crypto. */
  verifySingleSignaturesBatch(options: Data<VerifySingleSignaturesBatchOptions>): Promise<BatchVerificationResult>;
  /** Empties every worker's verification cache (decoded keys, hashed messages, lottery evaluators). */
  clearCaches(): Promise<void>;
  /** Stops the workers; pending tasks reject. */
  close(): Promise<void>;
}

/** Rebuilds an error that crossed the thread boundary as the same {@link MithrilError} subclass, code and field. */
export function rebuildError(error: SerializedError): Error {
  if (error.code === undefined) return new Error(error.message);
  const Kind =
    error.name === 'BlsError' ? BlsError : error.name === 'StmError' ? StmError : error.name === 'EncodingError' ? EncodingError : MithrilError;
  return new Kind(error.code, error.message, { field: error.field, details: error.details });
}

function startWorker(): Worker {
  // Built code ships a .js entry. From the TypeScript sources (tests, scripts) the worker first registers the tsx
  // loader (a development dependency), since loader flags are not per-thread options.
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./verify-worker.js', import.meta.url));
  const entry = JSON.stringify(new URL('./verify-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`, {
    eval: true,
  });
}

interface Slot {
  readonly worker: Worker;
  busy: number;
  alive: boolean;
}

/**
 * Starts a pool of verification worker threads (Node only, `@mithril/sdk/node`).
 *
 * @param options - pool size and backend
 * @returns the pool; call `close()` when done
 * @example
 * const pool = createVerificationWorkerPool({ size: 2 });
 * await pool.verifySingleSignature({ message, signature, registration, avk, parameters });
 * await pool.close();
 */
export function createVerificationWorkerPool(options: VerificationWorkerPoolOptions = {}): VerificationWorkerPool {
  const size =
    options.size !== undefined && Number.isSafeInteger(options.size) && options.size > 0 ? options.size : Math.max(1, availableParallelism());
  const backend = options.backend ?? 'noble';
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let nextId = 1;
  let closed = false;
  const mainCache = createStmVerificationCache();
  let mainBackend: Promise<BlsBackend> | undefined;

  const slots: Slot[] = Array.from({ length: size }, () => {
    const worker = startWorker();
    const slot: Slot = { worker, busy: 0, alive: true };
    worker.on('message', (reply: WorkerReply) => {
      slot.busy--;
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (waiter === undefined) return;
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(rebuildError(reply.error));
    });
    const failAll = (error: unknown): void => {
      slot.alive = false;
      for (const [id, waiter] of pending) {
        pending.delete(id);
        waiter.reject(error);
      }
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`a verification worker exited (code ${code})`)));
    return slot;
  });

  const submit = (task: WorkerTaskBody, to?: Slot): Promise<unknown> => {
    const live = slots.filter((s) => s.alive);
    if (closed || live.length === 0 || to?.alive === false) {
      return Promise.reject(new Error('the verification worker pool is closed'));
    }
    const id = nextId++;
    const slot = to ?? live.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.busy++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...task, id, backend } as WorkerTask);
    });
  };

  return {
    size,
    async verifySingleSignature(o) {
      await submit({ kind: 'single', options: o });
    },
    async verifyAggregateSignature(o) {
      await verifyAggregateInShares(
        {
          shares: slots.filter((s) => s.alive).length,
          runShare: async (task) => (await submit({ kind: 'aggregate-share', options: task })) as AggregateShareResult,
          runWhole: async (whole) => {
            await submit({ kind: 'aggregate', options: whole });
          },
          backend: () =>
            (mainBackend ??= backend === 'mcl' ? (createMclBackend() as Promise<BlsBackend>) : Promise.resolve(nobleBackend as BlsBackend)),
          cache: mainCache,
          lotteryHasher: nodeLotteryHasher,
          rebuildError,
        },
        o,
      );
    },
    async verifySingleSignaturesBatch(o) {
      const raw = (await submit({ kind: 'batch', options: o })) as {
        fellBack: boolean;
        results: ({ valid: true } | { valid: false; error: SerializedError })[];
      };
      const results: BatchItemResult[] = raw.results.map((r) => (r.valid ? r : { valid: false, error: rebuildError(r.error) as MithrilError }));
      return { fellBack: raw.fellBack, results };
    },
    async clearCaches() {
      if (closed) throw new Error('the verification worker pool is closed');
      mainCache.clear();
      await Promise.all(slots.filter((s) => s.alive).map((slot) => submit({ kind: 'clear-cache' }, slot)));
    },
    async close() {
      closed = true;
      for (const slot of slots) slot.alive = false;
      for (const [id, waiter] of pending) {
        pending.delete(id);
        waiter.reject(new Error('the verification worker pool was closed'));
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
