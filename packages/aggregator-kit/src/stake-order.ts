/**
 * Order of pools in a served Cardano stake distribution: pool ids in UTF-8 byte order, the order of the reference's
 * ordered map. Artifact ids themselves come from the SDK (nodes.md §10.1).
 */
import { compareBytes } from './sdk.js';

const ENCODER = new TextEncoder();

/**
 * Pool ids in UTF-8 byte order.
 *
 * @param stakes - stake per pool id
 * @returns sorted `[pool, stake]` pairs
 */
export function sortStakes(stakes: Iterable<readonly [string, bigint]>): [string, bigint][] {
  return [...stakes]
    .map(([pool, stake]) => ({ pool, stake, key: ENCODER.encode(pool) }))
    .sort((a, b) => compareBytes(a.key, b.key))
    .map(({ pool, stake }) => [pool, stake]);
}
