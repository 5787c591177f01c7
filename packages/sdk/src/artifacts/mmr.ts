import { blake2s } from '@noble/hashes/blake2.js';
import { concatBytes } from '../utils/bytes.js';
import { ArtifactError } from '../certificate/errors.js';

function merge(left: Uint8Array, right: Uint8Array): Uint8Array {
  return blake2s(concatBytes(left, right));
}

/**
 * Root of the Merkle Mountain Range the reference builds for Cardano stake distributions and Cardano databases
 * (certificates.md §10, trap 34): raw (unhashed) leaves, `merge(l, r) = Blake2s-256(l ‖ r)`, peaks bagged right
 * first as `merge(right, left)`; a single leaf is its own root.
 *
 * @param leaves - the leaves, in order; at least one
 * @returns the root (32 bytes, or the leaf itself for one leaf)
 * @throws {ArtifactError} `ARTIFACT_INVALID` when there is no leaf
 * @example
 * bytesToHex(computeMmrRoot(['golden-1', 'golden-2', 'golden-3', 'golden-4', 'golden-5'].map(utf8))); // '3bbced15…'
 */
export function computeMmrRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) throw new ArtifactError('ARTIFACT_INVALID', 'a Merkle mountain range needs at least one leaf', { field: 'leaves' });
  const peaks: { height: number; node: Uint8Array }[] = [];
  for (const leaf of leaves) {
    let node = leaf;
    let height = 0;
    while (peaks.length > 0 && peaks[peaks.length - 1]!.height === height) {
      node = merge(peaks.pop()!.node, node);
      height++;
    }
    peaks.push({ height, node });
  }
  const nodes = peaks.map((p) => p.node);
  while (nodes.length > 1) {
    const right = nodes.pop()!;
    const left = nodes.pop()!;
    nodes.push(merge(right, left));
  }
  return nodes[0]!;
}
