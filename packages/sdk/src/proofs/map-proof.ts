/**
 * The reference's `MKMapProof<BlockRange>`: a master Merkle-mountain-range proof over block-range leaves
 * (`merge(utf8("start-end"), sub_root)`) and, per proven block range, a sub proof of the leaves inside it.
 */
import { equalBytes } from '../utils/bytes.js';
import { ProofError } from './errors.js';
import { mergeMkNodes, verifyMkProof, type MkProof } from './mmr-proof.js';

/** A block range `[start, end)` of the reference (`BlockRange`, 15 blocks long when produced). */
export interface BlockRange {
  readonly start: bigint;
  readonly end: bigint;
}

/** A Merkle-map proof: the master proof and the sub proofs of its block ranges. */
export interface MkMapProof {
  readonly master: MkProof;
  readonly subProofs: readonly { readonly range: BlockRange; readonly proof: MkMapProof }[];
}

const encoder = new TextEncoder();

/**
 * The Merkle node of a block range, the ASCII bytes of `start-end` (e.g. `450-465`).
 *
 * @param range - the block range
 * @returns the node bytes
 * @example
 * blockRangeNode({ start: 450n, end: 465n }); // utf8('450-465')
 */
export function blockRangeNode(range: BlockRange): Uint8Array {
  return encoder.encode(`${range.start}-${range.end}`);
}

/**
 * Verifies a Merkle-map proof as the reference does: every sub proof, the master proof, and the master proof's
 * holding the leaf `merge(range node, sub root)` of every sub proof.
 *
 * @param proof - the proof
 * @param field - field path for errors
 * @throws {ProofError} `PROOF_INVALID` when any part fails
 * @example
 * verifyMkMapProof(decodeTransactionsProofV1(hex)); // throws unless the proof is sound
 */
export function verifyMkMapProof(proof: MkMapProof, field = 'proof'): void {
  proof.subProofs.forEach((sub, i) => {
    verifyMkMapProof(sub.proof, `${field}.sub_proofs[${i}]`);
  });
  verifyMkProof(proof.master, `${field}.master_proof`);
  proof.subProofs.forEach((sub, i) => {
    const leaf = mergeMkNodes(blockRangeNode(sub.range), sub.proof.master.root);
    if (!proof.master.leaves.some((l) => equalBytes(l.node, leaf))) {
      throw new ProofError('PROOF_INVALID', 'a sub proof is not a leaf of the master proof', { field: `${field}.sub_proofs[${i}]` });
    }
  });
}

/**
 * Whether a verified Merkle-map proof holds a leaf (in its master proof or in any sub proof).
 *
 * @param proof - a proof already checked with {@link verifyMkMapProof}
 * @param leaf - the leaf bytes
 * @returns true when the leaf is proven
 * @example
 * mkMapProofContains(proof, utf8(txHash)); // true for a certified v1 transaction
 */
export function mkMapProofContains(proof: MkMapProof, leaf: Uint8Array): boolean {
  return proof.master.leaves.some((l) => equalBytes(l.node, leaf)) || proof.subProofs.some((s) => mkMapProofContains(s.proof, leaf));
}

/**
 * The root a Merkle-map proof certifies (its master proof's root).
 *
 * @param proof - the proof
 * @returns the root bytes
 * @example
 * bytesToHex(mkMapProofRoot(proof)); // the certificate's cardano_transactions_merkle_root
 */
export function mkMapProofRoot(proof: MkMapProof): Uint8Array {
  return proof.master.root;
}
