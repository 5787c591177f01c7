/**
 * Merkle root of a Cardano stake distribution, the `cardano_stake_distribution_merkle_root` protocol-message part
 * (certificates.md §9.2, §10; nodes.md §5.5).
 */
import { blake2s } from '@noble/hashes/blake2.js';
import { MithrilError } from '../errors.js';
import { bytesToHex, compareBytes, concatBytes, U64_MAX, utf8 } from '../utils/bytes.js';

/** Stake per pool id, in lovelace. */
export type PoolStakes = ReadonlyMap<string, bigint>;

function merge(left: Uint8Array, right: Uint8Array): Uint8Array {
  return blake2s(concatBytes(left, right), { dkLen: 32 });
}

/**
 * Root of a Merkle Mountain Range over raw leaves (certificates.md §10): leaves are not hashed, parents are
 * `Blake2s-256(left ‖ right)`, and peaks are bagged from the right with the right peak first (`merge(R, L)`). A single
 * leaf is its own root.
 *
 * @param leaves - at least one leaf, in order
 * @returns the root bytes
 * @throws {MithrilError} `SIGNING_INPUT_MISSING` when there is no leaf
 * @example
 * bytesToHex(merkleMountainRangeRoot(['golden-1', …, 'golden-5'].map(utf8))); // '3bbced15…'
 */
export function merkleMountainRangeRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) {
    throw new MithrilError('SIGNING_INPUT_MISSING', 'a Merkle Mountain Range needs at least one leaf', { field: 'leaves' });
  }
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
    // ckb-merkle-mountain-range bags right-first: the right peak is the first argument.
    nodes.push(merge(right, left));
  }
  return nodes[0]!;
}

/**
 * The Cardano stake distribution Merkle root: MMR over `utf8(pool_id) ‖ decimal(stake)` leaves sorted by pool-id bytes
 * (certificates.md §9.2).
 *
 * @param stakes - stake per pool id
 * @returns lowercase hex root
 * @throws {MithrilError} `SIGNING_INPUT_MISSING` for an empty distribution; `MESSAGE_INVALID` for a stake that is not a u64
 * @example
 * computeCardanoStakeDistributionMerkleRoot(new Map([['pool1…', 20000000001n]]));
 */
export function computeCardanoStakeDistributionMerkleRoot(stakes: PoolStakes): string {
  const leaves: { key: Uint8Array; leaf: Uint8Array }[] = [];
  for (const [poolId, stake] of stakes) {
    if (typeof stake !== 'bigint' || stake < 0n || stake > U64_MAX) {
      throw new MithrilError('MESSAGE_INVALID', `stake of ${poolId} is not a u64`, { field: `stake_distribution.${poolId}` });
    }
    const key = utf8(poolId);
    leaves.push({ key, leaf: concatBytes(key, utf8(stake.toString(10))) });
  }
  leaves.sort((a, b) => compareBytes(a.key, b.key));
  return bytesToHex(merkleMountainRangeRoot(leaves.map((l) => l.leaf)));
}
