/**
 * Merkle-mountain-range inclusion proofs as the reference's `MKProof` builds them over `ckb-merkle-mountain-range`
 * 0.6.1: leaves sit at MMR positions (post-order node numbering), `merge(l, r) = Blake2s-256(l ‖ r)`, the peaks are
 * bagged right first as `merge(right, left)` (certificates.md §10).
 */
import { blake2s } from '@noble/hashes/blake2.js';
import { concatBytes, equalBytes } from '../utils/bytes.js';
import { ProofError } from './errors.js';

/** A Merkle-mountain-range proof: the claimed root, the proven leaves at their MMR positions, the MMR size and the sibling hashes. */
export interface MkProof {
  /** The root the proof claims. */
  readonly root: Uint8Array;
  /** The proven leaves with their MMR positions (not leaf indexes). */
  readonly leaves: readonly { readonly position: number; readonly node: Uint8Array }[];
  /** The number of MMR nodes (`inner_proof_size`). */
  readonly mmrSize: number;
  /** The proof items, in the order the verifier consumes them. */
  readonly items: readonly Uint8Array[];
}

/**
 * The Blake2s-256 merge of two Merkle nodes, the `+` of the reference's `MKTreeNode`.
 *
 * @param left - the left node
 * @param right - the right node
 * @returns `Blake2s-256(left ‖ right)`
 * @example
 * mergeMkNodes(utf8('450-465'), subRoot); // the master-tree leaf of a block range
 */
export function mergeMkNodes(left: Uint8Array, right: Uint8Array): Uint8Array {
  return blake2s(concatBytes(left, right));
}

function invalid(message: string, field: string): ProofError {
  return new ProofError('PROOF_INVALID', message, { field });
}

function bitLength(n: number): number {
  let bits = 0;
  for (let p = 1; p <= n; p *= 2) bits++;
  return bits;
}

function isAllOnes(n: number): boolean {
  return n > 0 && bitLength(n + 1) > bitLength(n);
}

/**
 * Height of the node at an MMR position (0 for leaves).
 *
 * @param position - the MMR position
 * @returns its height
 * @example
 * mmrHeightOf(2); // 1
 */
export function mmrHeightOf(position: number): number {
  let p = position + 1;
  while (!isAllOnes(p)) p -= 2 ** (bitLength(p) - 1) - 1;
  return bitLength(p) - 1;
}

/**
 * Positions of the peaks of an MMR of `size` nodes, left to right.
 *
 * @param size - the number of nodes
 * @returns the peak positions, or undefined for a size no MMR has
 * @example
 * mmrPeaksOf(8); // [6, 7]
 */
export function mmrPeaksOf(size: number): number[] | undefined {
  const peaks: number[] = [];
  let offset = 0;
  let remaining = size;
  for (let h = bitLength(size); h >= 0; h--) {
    const treeSize = 2 ** (h + 1) - 1;
    if (treeSize <= remaining) {
      peaks.push(offset + treeSize - 1);
      offset += treeSize;
      remaining -= treeSize;
    }
  }
  return remaining === 0 ? peaks : undefined;
}

function peakRoot(leaves: { position: number; node: Uint8Array }[], peak: number, items: Iterator<Uint8Array>, field: string): Uint8Array {
  const queue = leaves.map((l) => ({ position: l.position, node: l.node, height: 0 }));
  const nextItem = (): Uint8Array => {
    const next = items.next();
    if (next.done === true) throw invalid('the proof has too few items', `${field}.inner_proof_items`);
    return next.value;
  };
  for (let head = queue.shift(); head !== undefined; head = queue.shift()) {
    const { position, node, height } = head;
    if (position === peak) {
      if (queue.length === 0) return node;
      throw invalid('the proof leaves do not fold into one peak', `${field}.inner_leaves`);
    }
    const siblingOffset = 2 ** (height + 1) - 1;
    const isRight = mmrHeightOf(position + 1) > height;
    const siblingPosition = isRight ? position - siblingOffset : position + siblingOffset;
    const parentPosition = isRight ? position + 1 : position + 2 ** (height + 1);
    const sibling = queue[0]?.position === siblingPosition ? queue.shift()!.node : nextItem();
    const parent = isRight ? mergeMkNodes(sibling, node) : mergeMkNodes(node, sibling);
    if (parentPosition > peak) throw invalid('a proof path leaves its peak', `${field}.inner_leaves`);
    queue.push({ position: parentPosition, node: parent, height: height + 1 });
  }
  throw invalid('the proof leaves do not reach their peak', `${field}.inner_leaves`);
}

/**
 * Recomputes the root of a Merkle-mountain-range proof from its leaves and items, as `ckb-merkle-mountain-range`
 * does, with two stricter rules: duplicated leaf positions and impossible MMR sizes are rejected.
 *
 * @param proof - the proof
 * @param field - field path for errors
 * @returns the recomputed root
 * @throws {ProofError} `PROOF_INVALID` when the proof is inconsistent (no leaf, inner node given as leaf, leftover items…)
 * @example
 * equalBytes(computeMkProofRoot(proof), proof.root); // true for a valid proof
 */
export function computeMkProofRoot(proof: MkProof, field = 'proof'): Uint8Array {
  if (proof.leaves.length === 0) throw invalid('a proof needs at least one leaf', `${field}.inner_leaves`);
  const leaves = [...proof.leaves].sort((a, b) => a.position - b.position);
  for (let i = 0; i < leaves.length; i++) {
    if (mmrHeightOf(leaves[i]!.position) !== 0) throw invalid('a proven leaf sits at an inner-node position', `${field}.inner_leaves[${i}]`);
    if (i > 0 && leaves[i]!.position === leaves[i - 1]!.position) throw invalid('a leaf position appears twice', `${field}.inner_leaves`);
  }
  if (proof.mmrSize === 1 && leaves.length === 1 && leaves[0]!.position === 0) return leaves[0]!.node;
  const peaks = mmrPeaksOf(proof.mmrSize);
  if (peaks === undefined) throw invalid(`no Merkle mountain range has ${proof.mmrSize} nodes`, `${field}.inner_proof_size`);
  const items = proof.items[Symbol.iterator]();
  const peakHashes: Uint8Array[] = [];
  let rest = leaves;
  for (const peak of peaks) {
    const under = rest.filter((l) => l.position <= peak);
    rest = rest.filter((l) => l.position > peak);
    if (under.length === 1 && under[0]!.position === peak) {
      peakHashes.push(under[0]!.node);
    } else if (under.length === 0) {
      const next = items.next();
      if (next.done === true) break;
      peakHashes.push(next.value);
    } else {
      peakHashes.push(peakRoot(under, peak, items, field));
    }
  }
  if (rest.length > 0) throw invalid('a proven leaf lies outside the Merkle mountain range', `${field}.inner_leaves`);
  const rightPeaks = items.next();
  if (rightPeaks.done !== true) peakHashes.push(rightPeaks.value);
  if (items.next().done !== true) throw invalid('the proof has leftover items', `${field}.inner_proof_items`);
  while (peakHashes.length > 1) {
    const right = peakHashes.pop()!;
    const left = peakHashes.pop()!;
    peakHashes.push(mergeMkNodes(right, left));
  }
  return peakHashes[0]!;
}

/**
 * Verifies a Merkle-mountain-range proof: its recomputed root must equal its claimed root.
 *
 * @param proof - the proof
 * @param field - field path for errors
 * @throws {ProofError} `PROOF_INVALID` when the root differs or the proof is inconsistent
 * @example
 * verifyMkProof(masterProof); // throws unless the leaves and items give masterProof.root
 */
export function verifyMkProof(proof: MkProof, field = 'proof'): void {
  if (!equalBytes(computeMkProofRoot(proof, field), proof.root)) {
    throw invalid('the proof does not recompute its root', `${field}.inner_root`);
  }
}
