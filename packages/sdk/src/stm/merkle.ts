/**
 * The STM Merkle commitment to the closed key registration (spec stm.md §4.2-§4.5): Blake2b-256 (an output-length
 * parameter, not a truncation), leaves `vk ‖ u64_be(stake)` hashed before insertion, a heap of `n + next_pow2(n) − 1`
 * nodes padded with `Blake2b-256(0x00)`, and "Octopus" batch membership proofs.
 */
import { EncodingError, StmError } from '../errors.js';
import { concatBytes, equalBytes, u64be } from '../utils/bytes.js';
import { blake2b256 } from '../utils/hash.js';
import type { MerkleBatchPath, MerkleTreeCommitment, RegistrationEntry } from './types.js';

/** A Merkle tree over hashed leaves, stored as a heap: node 0 is the root, the children of `i` are `2i+1`, `2i+2`. */
export interface MerkleTree {
  /** All `nrLeaves + next_pow2(nrLeaves) − 1` nodes, 32 bytes each; leaf `i` is at `nodes.length − nrLeaves + i`. */
  readonly nodes: readonly Uint8Array[];
  /** The root, `nodes[0]`. */
  readonly root: Uint8Array;
  readonly nrLeaves: number;
}

const VK_BYTES = 96;

let paddingDigest: Uint8Array | undefined;

/**
 * The digest that stands for a missing child: `Blake2b-256(0x00)` (spec stm.md §4.3), `03170a2e…1314`.
 *
 * @returns a fresh copy of the 32-byte padding digest
 *
 * @example
 * const padding = merklePaddingDigest(); // 32 bytes, a fresh copy each call
 */
export function merklePaddingDigest(): Uint8Array {
  paddingDigest ??= blake2b256(Uint8Array.of(0));
  return paddingDigest.slice();
}

function padding(): Uint8Array {
  paddingDigest ??= blake2b256(Uint8Array.of(0));
  return paddingDigest;
}

/** Blake2b-256 of `left ‖ right`. */
function hashNode(left: Uint8Array, right: Uint8Array): Uint8Array {
  return blake2b256(concatBytes(left, right));
}

/** `next_power_of_two` as in Rust (`0 → 1`). */
function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

const parent = (i: number): number => Math.floor((i - 1) / 2);

/**
 * The Merkle leaf preimage of a registration entry: `vk(96) ‖ u64_be(stake)`, 104 bytes (spec stm.md §4.2).
 *
 * @param entry - the registered `(vk, stake)`
 * @returns the 104 leaf bytes (hashed by the tree, not here)
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when `vk` is not 96 bytes; `ENCODING_INTEGER_OUT_OF_RANGE` when
 *   the stake is not a u64
 *
 * @example
 * const leaves = closedRegistration.entries.map(merkleLeafBytes); // vk ‖ stake of each signer
 */
export function merkleLeafBytes(entry: RegistrationEntry): Uint8Array {
  if (!(entry.vk instanceof Uint8Array) || entry.vk.length !== VK_BYTES) {
    throw new EncodingError('ENCODING_INVALID_LENGTH', `expected ${VK_BYTES} bytes`, { field: 'vk' });
  }
  return concatBytes(entry.vk, u64be(entry.stake, 'stake'));
}

/**
 * Builds the Merkle tree over leaf preimages, in the given order (spec stm.md §4.3).
 *
 * @param leaves - the leaf byte strings (for STM: {@link merkleLeafBytes} of the sorted registration), at least one
 * @returns the heap of nodes, the root and the number of leaves
 * @throws {StmError} `STM_MERKLE_TREE_EMPTY` when there is no leaf (the reference panics)
 *
 * @example
 * const tree = buildMerkleTree(closedRegistration.entries.map(merkleLeafBytes));
 * bytesToHex(tree.root) // the root the AVK commits to
 */
export function buildMerkleTree(leaves: readonly Uint8Array[]): MerkleTree {
  const n = leaves.length;
  if (n === 0) throw new StmError('STM_MERKLE_TREE_EMPTY', 'a Merkle tree needs at least one leaf', { field: 'leaves' });
  const total = n + nextPowerOfTwo(n) - 1;
  const offset = total - n;
  const nodes = new Array<Uint8Array>(total);
  for (let i = 0; i < n; i++) nodes[offset + i] = blake2b256(leaves[i]!);
  const z = padding();
  for (let i = offset - 1; i >= 0; i--) {
    const left = 2 * i + 1 < total ? nodes[2 * i + 1]! : z;
    const right = 2 * i + 2 < total ? nodes[2 * i + 2]! : z;
    nodes[i] = hashNode(left, right);
  }
  return { nodes, root: nodes[0]!, nrLeaves: n };
}

/**
 * The batch-compatible commitment of a tree: its root and number of leaves (spec stm.md §4.5 `mt_commitment`).
 *
 * @param tree - a tree from {@link buildMerkleTree}
 * @returns `{ root, nrLeaves }`
 *
 * @example
 * const { root, nrLeaves } = merkleTreeCommitment(buildMerkleTree(leaves));
 */
export function merkleTreeCommitment(tree: MerkleTree): MerkleTreeCommitment {
  return { root: tree.root.slice(), nrLeaves: tree.nrLeaves };
}

function invalidPath(message: string, field: string): StmError {
  return new StmError('STM_BATCH_PATH_INVALID', message, { field });
}

/**
 * Creates the batch membership proof of several leaves with the "Octopus" method (spec stm.md §4.4): siblings that
 * are themselves on a path are skipped, and missing (padding) siblings are omitted.
 *
 * As in the reference, indices must be sorted (non-decreasing); a repeated index yields a path that never verifies.
 *
 * @param tree - the tree
 * @param indices - leaf positions (signer indices), non-empty, sorted ascending, each below `tree.nrLeaves`
 * @returns `{ values, indices }` with a copy of `indices`
 * @throws {StmError} `STM_BATCH_PATH_INVALID` when `indices` is empty, unsorted or out of range (the reference panics)
 *
 * @example
 * const tree = buildMerkleTree(leaves);
 * const path = createBatchPath(tree, [0, 2]); // proves leaves 0 and 2 together
 * verifyBatchPath(merkleTreeCommitment(tree), [leaves[0]!, leaves[2]!], path);
 */
export function createBatchPath(tree: MerkleTree, indices: readonly number[]): MerkleBatchPath {
  if (indices.length === 0) throw invalidPath('a batch path needs at least one index', 'indices');
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    if (!Number.isSafeInteger(i) || i < 0 || i >= tree.nrLeaves) {
      throw invalidPath(`index ${String(i)} out of range for ${tree.nrLeaves} leaves`, `indices[${j}]`);
    }
    if (j > 0 && i < indices[j - 1]!) throw invalidPath('indices are not sorted ascending', `indices[${j}]`);
  }
  const total = tree.nodes.length;
  const offset = total - tree.nrLeaves;
  let current = indices.map((i) => offset + i);
  const values: Uint8Array[] = [];
  while (current[0]! > 0) {
    const next: number[] = [];
    for (let j = 0; j < current.length; j++) {
      const index = current[j]!;
      next.push(parent(index));
      const sibling = index % 2 === 1 ? index + 1 : index - 1;
      if (j + 1 < current.length && current[j + 1] === sibling) j++;
      else if (sibling < total) values.push(tree.nodes[sibling]!.slice());
    }
    current = next;
  }
  return { values, indices: [...indices] };
}

/**
 * Verifies a batch membership proof against a commitment, accepting and rejecting exactly as the reference
 * `verify_leaves_membership_from_batch_path` does (spec stm.md §4.4): every even (right-child) position consumes a
 * proof value, a missing right sibling is replaced by the padding digest, and leftover values are not an error.
 *
 * @param commitment - the root and number of leaves (from the aggregate verification key)
 * @param leaves - the leaf preimages (e.g. {@link merkleLeafBytes}), in the order of `path.indices`; hashed here
 * @param path - the proof
 * @throws {StmError} `STM_BATCH_PATH_INVALID` when the lengths differ, the indices are empty or not sorted, the proof
 *   runs out of values, or the recomputed root differs
 *
 * @example
 * verifyBatchPath(avk.mtCommitment, [leaves[0]!, leaves[2]!], createBatchPath(tree, [0, 2])); // throws when invalid
 */
export function verifyBatchPath(commitment: MerkleTreeCommitment, leaves: readonly Uint8Array[], path: MerkleBatchPath): void {
  const indices = path.indices;
  if (leaves.length !== indices.length) {
    throw invalidPath(`${leaves.length} leaves for ${indices.length} indices`, 'batch_proof.indices');
  }
  // The reference reads the first index unchecked (a panic); no proof can cover zero leaves.
  if (indices.length === 0) throw invalidPath('no index', 'batch_proof.indices');
  const nrLeaves = commitment.nrLeaves;
  if (!Number.isSafeInteger(nrLeaves) || nrLeaves < 0) {
    throw invalidPath(`invalid number of leaves ${String(nrLeaves)}`, 'mt_commitment.nr_leaves');
  }
  const pow2 = nextPowerOfTwo(nrLeaves);
  const total = nrLeaves + pow2 - 1;
  const current: number[] = [];
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    // Positions beyond 2^53 cannot be represented; no such position can lead to the root of a real tree anyway.
    if (!Number.isSafeInteger(i) || i < 0 || !Number.isSafeInteger(i + pow2)) {
      throw invalidPath(`invalid index ${String(i)}`, `batch_proof.indices[${j}]`);
    }
    if (j > 0 && i < indices[j - 1]!) throw invalidPath('indices are not sorted ascending', 'batch_proof.indices');
    current.push(i + pow2 - 1);
  }
  const z = padding();
  let hashes = leaves.map((leaf) => blake2b256(leaf));
  let positions = current;
  let nextValue = 0;
  const takeValue = (): Uint8Array => {
    const v = path.values[nextValue++];
    if (v === undefined) throw invalidPath('the proof has too few values', 'batch_proof.values');
    return v;
  };
  while (positions[0]! > 0) {
    const nextPositions: number[] = [];
    const nextHashes: Uint8Array[] = [];
    for (let j = 0; j < positions.length; j++) {
      const index = positions[j]!;
      nextPositions.push(parent(index));
      if (index % 2 === 0) {
        nextHashes.push(hashNode(takeValue(), hashes[j]!));
      } else {
        const sibling = index + 1;
        if (j + 1 < positions.length && positions[j + 1] === sibling) {
          nextHashes.push(hashNode(hashes[j]!, hashes[j + 1]!));
          j++;
        } else if (sibling < total) {
          nextHashes.push(hashNode(hashes[j]!, takeValue()));
        } else {
          nextHashes.push(hashNode(hashes[j]!, z));
        }
      }
    }
    positions = nextPositions;
    hashes = nextHashes;
  }
  if (hashes.length !== 1 || !equalBytes(hashes[0]!, commitment.root)) {
    throw invalidPath('the recomputed root does not match the commitment', 'batch_proof');
  }
}
