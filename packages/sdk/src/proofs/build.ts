/**
 * The producer side of the proofs, for aggregators: a Merkle mountain range built leaf by leaf as
 * `ckb-merkle-mountain-range` does (post-order positions), its inclusion proofs with the items in the order the
 * verifier consumes them (trailing peaks without proven leaves bagged into one item), and the Cardano transactions
 * Merkle map over block ranges of {@link BLOCK_RANGE_LENGTH} blocks.
 */
import { bytesToHex } from '../utils/bytes.js';
import { ProofError } from './errors.js';
import { blockRangeNode, type BlockRange, type MkMapProof } from './map-proof.js';
import { mergeMkNodes, mmrHeightOf, mmrPeaksOf, type MkProof } from './mmr-proof.js';

/**
 * Length of the reference's block ranges (`BlockRange::LENGTH`).
 *
 * @example
 * const rangeStart = (blockNumber / BLOCK_RANGE_LENGTH) * BLOCK_RANGE_LENGTH; // ranges of 15 blocks
 */
export const BLOCK_RANGE_LENGTH = 15n;

/** The two numbers of the reference's `CardanoTransactionsSigningConfig`. */
export interface CardanoTransactionsSigningConfig {
  /** Blocks kept back from the tip before signing (`security_parameter`). */
  readonly securityParameter: bigint;
  /** Signing interval in blocks (`step`); rounded down to whole block ranges, at least one. */
  readonly step: bigint;
}

/**
 * The block number a CardanoTransactions beacon signs for a chain block number, as the reference's
 * `compute_block_number_to_be_signed`: `⌊(b − security_parameter) / s⌋ × s − 1`, with s the step rounded down to whole
 * {@link BLOCK_RANGE_LENGTH}-block ranges (at least one) and both subtractions saturating at 0. Aggregators and signers
 * must agree on it, so it lives here once.
 *
 * @param config - the signing configuration
 * @param blockNumber - the chain block number (the tip, or the highest block imported)
 * @returns the block number to sign
 * @example
 * cardanoTransactionsBlockNumberToSign({ securityParameter: 1n, step: 15n }, 736n); // 734n
 */
export function cardanoTransactionsBlockNumberToSign(config: CardanoTransactionsSigningConfig, blockNumber: bigint): bigint {
  const rounded = (config.step / BLOCK_RANGE_LENGTH) * BLOCK_RANGE_LENGTH;
  const step = rounded > BLOCK_RANGE_LENGTH ? rounded : BLOCK_RANGE_LENGTH;
  const offset = blockNumber > config.securityParameter ? blockNumber - config.securityParameter : 0n;
  const signed = (offset / step) * step;
  return signed > 0n ? signed - 1n : 0n;
}

/** A Merkle mountain range with every node kept, able to prove its leaves. */
export interface MkTree {
  /** The leaves, in insertion order. */
  readonly leaves: readonly Uint8Array[];
  /** The root (the leaf itself for one leaf). */
  readonly root: Uint8Array;
  /** Proves the leaves at these indexes (insertion order). @throws {ProofError} `PROOF_INVALID` for a bad index */
  prove(indexes: readonly number[]): MkProof;
}

/**
 * Builds a Merkle mountain range over raw leaves (its root equals `computeMmrRoot(leaves)`).
 *
 * @param leaves - the leaves, at least one
 * @returns the tree
 * @throws {ProofError} `PROOF_INVALID` when there is no leaf
 * @example
 * const tree = buildMkTree(hashes.map(utf8)); tree.prove([0]);
 */
export function buildMkTree(leaves: readonly Uint8Array[]): MkTree {
  if (leaves.length === 0) throw new ProofError('PROOF_INVALID', 'a Merkle tree needs at least one leaf', { field: 'leaves' });
  const nodes: Uint8Array[] = [];
  const positions: number[] = [];
  for (const leaf of leaves) {
    positions.push(nodes.length);
    nodes.push(leaf);
    let height = 0;
    while (mmrHeightOf(nodes.length) > height) {
      const right = nodes[nodes.length - 1]!;
      const left = nodes[nodes.length - 1 - (2 ** (height + 1) - 1)]!;
      nodes.push(mergeMkNodes(left, right));
      height++;
    }
  }
  const peaks = mmrPeaksOf(nodes.length)!;
  const bag = (hashes: Uint8Array[]): Uint8Array => {
    const stack = [...hashes];
    while (stack.length > 1) {
      const right = stack.pop()!;
      const left = stack.pop()!;
      stack.push(mergeMkNodes(right, left));
    }
    return stack[0]!;
  };
  const root = bag(peaks.map((p) => nodes[p]!));
  const prove = (indexes: readonly number[]): MkProof => {
    const wanted = [...new Set(indexes)].sort((a, b) => a - b);
    if (wanted.length === 0 || wanted.some((i) => !Number.isInteger(i) || i < 0 || i >= leaves.length)) {
      throw new ProofError('PROOF_INVALID', 'leaf indexes out of range', { field: 'indexes' });
    }
    const proofLeaves = wanted.map((i) => ({ position: positions[i]!, node: leaves[i]! }));
    if (nodes.length === 1) return { root, leaves: proofLeaves, mmrSize: 1, items: [] };
    const items: Uint8Array[] = [];
    let rest = proofLeaves.map((l) => l.position);
    let trailing = 0;
    for (const peak of peaks) {
      const under = rest.filter((p) => p <= peak);
      rest = rest.filter((p) => p > peak);
      trailing = under.length === 0 ? trailing + 1 : 0;
      if (under.length === 1 && under[0] === peak) continue;
      if (under.length === 0) {
        items.push(nodes[peak]!);
        continue;
      }
      const queue = under.map((position) => ({ position, height: 0 }));
      for (let head = queue.shift(); head !== undefined; head = queue.shift()) {
        if (head.position === peak) break;
        const offset = 2 ** (head.height + 1) - 1;
        const isRight = mmrHeightOf(head.position + 1) > head.height;
        const sibling = isRight ? head.position - offset : head.position + offset;
        const parent = isRight ? head.position + 1 : head.position + 2 ** (head.height + 1);
        if (queue[0]?.position === sibling) queue.shift();
        else items.push(nodes[sibling]!);
        if (parent <= peak) queue.push({ position: parent, height: head.height + 1 });
      }
    }
    if (trailing > 1) items.push(bag(items.splice(items.length - trailing, trailing)));
    return { root, leaves: proofLeaves, mmrSize: nodes.length, items };
  };
  return { leaves, root, prove };
}

/** A transaction as the Cardano transactions Merkle map files it. */
export interface MappedTransaction {
  readonly transactionHash: string;
  readonly blockNumber: bigint;
}

/** The Cardano transactions Merkle map: its root and the v1 proofs of its transactions. */
export interface CardanoTransactionsMerkleMap {
  /** Hex root: the `cardano_transactions_merkle_root` message part. */
  readonly root: string;
  /** The block ranges it covers, in order. */
  readonly ranges: readonly BlockRange[];
  /** Proves the known hashes among these; returns undefined when none is known. */
  prove(transactionHashes: readonly string[]): { proof: MkMapProof; proven: string[] } | undefined;
}

const encoder = new TextEncoder();

/**
 * Builds the Merkle map the CardanoTransactions signable builder signs: transactions grouped by block range
 * (`[15k, 15k+15)`), each range's tree over the ASCII transaction hashes in the given order, and the master tree over
 * `merge(utf8("start-end"), range_root)`. Only ranges ending at or before `upToBlockNumber + 1` are included.
 *
 * @param transactions - the transactions, in chain order
 * @param upToBlockNumber - the signed block number
 * @returns the map
 * @throws {ProofError} `PROOF_INVALID` when no block range is complete
 * @example
 * computeCardanoTransactionsMerkleMap(txs, 734n).root; // the certified root
 */
export function computeCardanoTransactionsMerkleMap(
  transactions: readonly MappedTransaction[],
  upToBlockNumber: bigint,
): CardanoTransactionsMerkleMap {
  const byRange = new Map<bigint, string[]>();
  for (const tx of transactions) {
    const start = (tx.blockNumber / BLOCK_RANGE_LENGTH) * BLOCK_RANGE_LENGTH;
    if (start + BLOCK_RANGE_LENGTH > upToBlockNumber + 1n) continue;
    const list = byRange.get(start) ?? [];
    list.push(tx.transactionHash);
    byRange.set(start, list);
  }
  const starts = [...byRange.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ranges = starts.map((start) => ({ start, end: start + BLOCK_RANGE_LENGTH }));
  const subTrees = starts.map((s) => buildMkTree(byRange.get(s)!.map((h) => encoder.encode(h))));
  if (subTrees.length === 0) throw new ProofError('PROOF_INVALID', 'no complete block range holds a transaction', { field: 'transactions' });
  const master = buildMkTree(ranges.map((r, i) => mergeMkNodes(blockRangeNode(r), subTrees[i]!.root)));
  return {
    root: bytesToHex(master.root),
    ranges,
    prove: (hashes) => {
      const wanted = new Set(hashes);
      const subProofs: MkMapProof['subProofs'][number][] = [];
      const masterIndexes: number[] = [];
      const proven: string[] = [];
      subTrees.forEach((tree, i) => {
        const indexes = byRange.get(starts[i]!)!.flatMap((h, j) => (wanted.has(h) ? [j] : []));
        if (indexes.length === 0) return;
        for (const j of indexes) proven.push(byRange.get(starts[i]!)![j]!);
        masterIndexes.push(i);
        subProofs.push({ range: ranges[i]!, proof: { master: tree.prove(indexes), subProofs: [] } });
      });
      if (masterIndexes.length === 0) return undefined;
      return { proof: { master: master.prove(masterIndexes), subProofs }, proven };
    },
  };
}

/**
 * Encodes a Merkle-map proof as the v1 route serves it: JSON-hex of the reference's serde JSON.
 *
 * @param proof - the proof
 * @returns the JSON-hex string
 * @example
 * encodeMkMapProofJsonHex(map.prove([hash])!.proof); // '7b226d61737465725f70726f6f66…'
 */
export function encodeMkMapProofJsonHex(proof: MkMapProof): string {
  const node = (b: Uint8Array): string => `{"hash":[${[...b].join(',')}]}`;
  const mk = (p: MkProof): string =>
    `{"inner_root":${node(p.root)},"inner_leaves":[${p.leaves.map((l) => `[${l.position},${node(l.node)}]`).join(',')}],` +
    `"inner_proof_size":${p.mmrSize},"inner_proof_items":[${p.items.map(node).join(',')}]}`;
  const map = (p: MkMapProof): string =>
    `{"master_proof":${mk(p.master)},"sub_proofs":[${p.subProofs
      .map((s) => `[{"inner_range":{"start":${s.range.start},"end":${s.range.end}}},${map(s.proof)}]`)
      .join(',')}]}`;
  return bytesToHex(encoder.encode(map(proof)));
}
