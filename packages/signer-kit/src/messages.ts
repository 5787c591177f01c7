/**
 * Kit-specific glue around the wire messages: the messages themselves (epoch settings, protocol configuration, the
 * two POST bodies and the signed entity type JSON) are parsed and encoded by the SDK (`@mithril/sdk`, nodes.md §1.4).
 */
import type { SignedEntityType } from './sdk.js';

/**
 * A stable text key of a signed entity type with its beacon, e.g. `MithrilStakeDistribution-12`, used as a storage
 * key for what was already signed.
 *
 * @param type - the signed entity type with its beacon
 * @returns the key
 */
export function signedEntityTypeKey(type: SignedEntityType): string {
  switch (type.type) {
    case 'MithrilStakeDistribution':
    case 'CardanoStakeDistribution':
      return `${type.type}-${type.epoch}`;
    case 'CardanoDatabase':
    case 'CardanoImmutableFilesFull':
      return `${type.type}-${type.epoch}-${type.immutableFileNumber}`;
    case 'CardanoTransactions':
      return `${type.type}-${type.epoch}-${type.blockNumber}`;
    case 'CardanoBlocksTransactions':
      return `${type.type}-${type.epoch}-${type.blockNumber}-${type.blockNumberOffset ?? ''}`;
    default:
      return `Unknown-${type.name}`;
  }
}
