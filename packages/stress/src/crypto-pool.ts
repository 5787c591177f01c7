/**
 * Spreads key generation and signing over worker threads (or runs them here with 0 workers), so that 1000 signers'
 * keys and signatures are ready in a bounded time and the aggregator under test keeps its event loop.
 */
import { Worker } from 'node:worker_threads';
import { generateKeys, type GeneratedKey, type SignOutcome, type SignRequest, signForAll } from './crypto-tasks.js';

/** Keys and signatures in bulk. */
export interface CryptoPool {
  /** Threads in use (0: the main thread). */
  readonly threads: number;
  keys(seed: string, count: number): Promise<GeneratedKey[]>;
  sign(request: SignRequest): Promise<SignOutcome[]>;
  close(): Promise<void>;
}

function startWorker(): Worker {
  // From the TypeScript sources (the only way this private package runs), the thread first registers tsx.
  const entry = JSON.stringify(new URL('./crypto-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true });
}

function chunks(count: number, parts: number): [number, number][] {
  const size = Math.ceil(count / parts);
  const out: [number, number][] = [];
  for (let from = 0; from < count; from += size) out.push([from, Math.min(count, from + size)]);
  return out;
}

/**
 * Creates the pool.
 *
 * @param threads - worker threads (0 runs everything on the calling thread)
 * @returns the pool; `close()` stops the threads
 * @example
 * const pool = createCryptoPool(2);
 * const keys = await pool.keys('seed', 100);
 * await pool.close();
 */
export function createCryptoPool(threads: number): CryptoPool {
  if (threads === 0) {
    return {
      threads: 0,
      keys: (seed, count) => generateKeys(seed, 0, count),
      sign: signForAll,
      close: async () => undefined,
    };
  }
  const workers = Array.from({ length: threads }, startWorker);
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  for (const worker of workers) {
    worker.on('message', (reply: { id: number; result?: unknown; error?: string }) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.result);
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
  }
  const run = <T>(worker: Worker, task: object): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...task, id });
    });
  return {
    threads,
    async keys(seed, count) {
      const parts = await Promise.all(
        chunks(count, threads).map(([from, to], i) => run<GeneratedKey[]>(workers[i]!, { kind: 'keys', seed, from, to })),
      );
      return parts.flat();
    },
    async sign(request) {
      const parts = await Promise.all(
        chunks(request.jobs.length, threads).map(([from, to], i) =>
          run<SignOutcome[]>(workers[i]!, { kind: 'sign', request: { ...request, jobs: request.jobs.slice(from, to) } }),
        ),
      );
      return parts.flat();
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
