import { type BlsBackend, isMithrilError, type StmVerificationCache } from '@mithril/sdk';
import type { AggregateShareResult, AggregateShareTask, SerializedError } from './worker-protocol.js';

/**
 * An error as plain data for `postMessage`: the Mithril code, field and details survive, the field prefix of the
 * message is dropped (the receiving side adds it back when it rebuilds the error).
 *
 * @param error - anything thrown
 * @returns its serializable form
 */
export function serializeError(error: unknown): SerializedError {
  if (isMithrilError(error)) {
    const prefix = error.field !== undefined ? `${error.field}: ` : '';
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return { name: error.name, code: error.code, message, field: error.field, details: error.details };
  }
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * One slice of a split aggregate verification: decodes and validates its signatures, then its keys (through the
 * cache), and sums `Σ r_i·σ_i` and `Σ r_i·vk_i` over the slice. The first point that fails to decode is answered as
 * data (signatures before keys, in index order), so the caller can pick the error the in-process check would throw.
 *
 * @param backend - the BLS backend
 * @param cache - the thread's verification cache (decoded keys)
 * @param task - the slice
 * @returns the compressed partial sums, or the first decoding failure
 */
export function computeAggregateShare(backend: BlsBackend, cache: StmVerificationCache, task: AggregateShareTask): AggregateShareResult {
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
