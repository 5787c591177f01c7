/**
 * The KES period of a slot (nodes.md §2.3 step 3): `slot / slotsPerKesPeriod`, with `slotsPerKesPeriod` from the
 * Shelley genesis (129 600 on mainnet, preprod and preview).
 */
import { KesError } from './sum6.js';

/**
 * The KES period a slot falls in.
 *
 * @param slot - the absolute slot number
 * @param slotsPerKesPeriod - the genesis `slotsPerKESPeriod`
 * @returns `floor(slot / slotsPerKesPeriod)`
 * @throws {KesError} `KES_PERIOD_OUT_OF_RANGE` for a negative slot or a non-positive period length
 * @example
 * kesPeriodAtSlot(129_600n * 7n + 5n, 129_600n) // 7n
 */
export function kesPeriodAtSlot(slot: bigint, slotsPerKesPeriod: bigint): bigint {
  if (slot < 0n || slotsPerKesPeriod <= 0n) {
    throw new KesError('KES_PERIOD_OUT_OF_RANGE', 'the slot must be ≥ 0 and slotsPerKesPeriod > 0', { field: 'slotsPerKesPeriod' });
  }
  return slot / slotsPerKesPeriod;
}
