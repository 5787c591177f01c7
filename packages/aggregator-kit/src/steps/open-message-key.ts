/**
 * Storage key of an open message.
 */
import type { SignableEntityType } from '../sdk.js';

/**
 * Storage key of the open message of a signed entity type.
 *
 * @param type - the signed entity type with its beacon
 * @returns e.g. `MithrilStakeDistribution-12`
 * @example
 * openMessageKey({ type: 'CardanoStakeDistribution', epoch: 11n }); // 'CardanoStakeDistribution-11'
 */
export function openMessageKey(type: SignableEntityType): string {
  return `${type.type}-${type.epoch}`;
}
