/**
 * Worker thread of the stress tool: answers key-generation and signing requests of {@link createCryptoPool}.
 */
import { parentPort } from 'node:worker_threads';
import { generateKeys, signForAll, type SignRequest } from './crypto-tasks.js';

type Task = { id: number; kind: 'keys'; seed: string; from: number; to: number } | { id: number; kind: 'sign'; request: SignRequest };

parentPort?.on('message', (task: Task) => {
  const work = task.kind === 'keys' ? generateKeys(task.seed, task.from, task.to) : signForAll(task.request);
  work.then(
    (result) => parentPort?.postMessage({ id: task.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: task.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});
