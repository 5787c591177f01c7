/**
 * Worker-thread entry of {@link createVerificationWorkerPool}: runs STM verifications off the main event loop with a
 * per-worker verification cache (keys decoded once per epoch) and node:crypto lottery hashing. Node only.
 */
import { randomFillSync } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

import type { BlsBackend } from '@mithril/sdk';
import { createMclBackend } from '@mithril/sdk/bls-mcl';
import { nobleBackend } from '@mithril/sdk';
import { verifySingleSignaturesBatch } from '@mithril/sdk';
import { createStmVerificationCache } from '@mithril/sdk';
import { verifyAggregateSignature, verifySingleSignature } from '@mithril/sdk';
import { nodeLotteryHasher } from './hash.js';
import { computeAggregateShare, serializeError } from './aggregate-share.js';
import type { WorkerReply, WorkerTask } from './worker-protocol.js';

const cache = createStmVerificationCache();
const backends = new Map<string, Promise<BlsBackend>>();

function backendNamed(name: 'noble' | 'mcl'): Promise<BlsBackend> {
  let backend = backends.get(name);
  if (backend === undefined) {
    backend = name === 'mcl' ? (createMclBackend() as Promise<BlsBackend>) : Promise.resolve(nobleBackend as BlsBackend);
    backends.set(name, backend);
  }
  return backend;
}

async function run(task: WorkerTask): Promise<unknown> {
  const backend = await backendNamed(task.backend);
  const common = { backend, cache, lotteryHasher: nodeLotteryHasher };
  switch (task.kind) {
    case 'single':
      verifySingleSignature({ ...task.options, ...common });
      return undefined;
    case 'aggregate':
      verifyAggregateSignature({ ...task.options, ...common });
      return undefined;
    case 'batch': {
      const { results, fellBack } = verifySingleSignaturesBatch({
        ...task.options,
        ...common,
        randomBytes: (length) => randomFillSync(new Uint8Array(length)),
      });
      return {
        fellBack,
        results: results.map((r) => (r.valid ? r : { valid: false, error: serializeError(r.error) })),
      };
    }
    case 'aggregate-share':
      return computeAggregateShare(backend, cache, task.options);
    case 'clear-cache':
      cache.clear();
      return undefined;
  }
}

parentPort?.on('message', (task: WorkerTask) => {
  run(task).then(
    (result) => parentPort?.postMessage({ id: task.id, ok: true, result } satisfies WorkerReply),
    (error: unknown) => parentPort?.postMessage({ id: task.id, ok: false, error: serializeError(error) } satisfies WorkerReply),
  );
});
