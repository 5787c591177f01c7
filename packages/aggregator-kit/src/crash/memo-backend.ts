/**
 * A memoizing BLS backend for the crash test: the same deterministic keys and signatures are checked again in each of
 * the hundreds of restarted runs, so pairing checks and hashes to G1 are answered from a cache keyed by their encoded
 * inputs (same answers, a fraction of the time). The final chain of each run is still walked with the plain backend.
 */
import type { BlsBackend } from '../sdk.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * Wraps a backend so that `pairingEqual` and `hashToG1` are computed once per distinct input.
 *
 * @param inner - the backend
 * @returns the memoizing backend
 * @example
 * const backend = memoBackend(await verifierCrypto({ blsBackend: 'mcl' }).backend());
 */
export function memoBackend<G1, G2>(inner: BlsBackend<G1, G2>): BlsBackend<G1, G2> {
  const pairings = new Map<string, boolean>();
  const hashes = new Map<string, G1>();
  return {
    ...inner,
    pairingEqual(a1, a2, b1, b2) {
      const key = `${hex(inner.encodeG1(a1))}${hex(inner.encodeG2(a2))}${hex(inner.encodeG1(b1))}${hex(inner.encodeG2(b2))}`;
      let result = pairings.get(key);
      if (result === undefined) {
        result = inner.pairingEqual(a1, a2, b1, b2);
        pairings.set(key, result);
      }
      return result;
    },
    hashToG1(message) {
      const key = hex(message);
      let point = hashes.get(key);
      if (point === undefined) {
        point = inner.hashToG1(message);
        hashes.set(key, point);
      }
      return point;
    },
  };
}
