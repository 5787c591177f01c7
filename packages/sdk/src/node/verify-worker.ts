/**
 * Worker-thread entry of {@link createVerificationWorkerPool}: runs STM verifications off the main event loop with a
 * per-worker verification cache (keys decoded once per epoch) and node:crypto lottery hashing. Node only.
 */
import { randomFillSync } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

import type { BlsBackend } from '@mithril/sdk';
import { createMclBackend } from '@mithril/sdk/bls-mcl';
import { nobleBackend } from '@mithril/sdk';
import { isMithrilError } from '@mithril/sdk';
import { verifySingleSignaturesBatch } from '@mithril/sdk';
import { createStmVerificationCache } from '@mithril/sdk';
import { verifyAggregateSignature, verifySingleSignature } from '@mithril/sdk';
import { nodeLotteryHasher } from './hash.js';
import type { AggregateShareResult, AggregateShareTask, SerializedError, WorkerReply, WorkerTask } from './worker-protocol.js';

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
      return aggregateShare(backend, task.options);
    case 'clear-cache':
      cache.clear();
      return undefined;
  }
}

/** Decodes one slice of an aggregate and sums it with its scalars; decoding failures are answered, not thrown. */
function aggregateShare(backend: BlsBackend, task: AggregateShareTask): AggregateShareResult {
  const decode = <P>(stage: 'sigma' | 'vk', items: readonly Uint8Array[], one: (bytes: Uint8Array, field: string) => P) => {
    const points: P[] = [];
    for (let i = 0; i < items.length; i++) {
      const index = task.offset + i;
      try {
        points.push(one(items[i]!, `signatures[${index}].${stage}`));
      } catch (error) {
        return { ok: false as const, stage, index, error: serializeError(error) };
      }
    }
    return points;
  };
  const sigmas = decode('sigma', task.sigmas, (bytes, field) => backend.decodeG1(bytes, field));
  if (!Array.isArray(sigmas)) return sigmas;
  const vks = decode('vk', task.vks, (bytes, field) => cache.verificationKey(backend, bytes, field));
  if (!Array.isArray(vks)) return vks;
  return {
    ok: true,
    sigma: backend.encodeG1(backend.msmG1(sigmas, task.scalars)),
    vk: backend.encodeG2(backend.msmG2(vks, task.scalars)),
  };
}

function serializeError(error: unknown): SerializedError {
  if (isMithrilError(error)) {
    const prefix = error.field !== undefined ? `${error.field}: ` : '';
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return { name: error.name, code: error.code, message, field: error.field, details: error.details };
  }
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

parentPort?.on('message', (task: WorkerTask) => {
  run(task).then(
    (result) => parentPort?.postMessage({ id: task.id, ok: true, result } satisfies WorkerReply),
    (error: unknown) => parentPort?.postMessage({ id: task.id, ok: false, error: serializeError(error) } satisfies WorkerReply),
  );
});
