/**
 * What the aggregator core reads of its own node database to open CardanoDatabase messages (nodes.md §2.4, §5.3):
 * the newest completed immutable file number and the Merkle root of the files up to it. The core stays
 * host-agnostic; `createCardanoDbSource` in `@mithril/aggregator-kit/node` reads a database folder.
 */
import type { CardanoDbSignedEntityType } from '../sdk.js';

/**
 * The aggregator's view of its node database.
 *
 * @example
 * const source: CardanoDbSource = { latestImmutableFileNumber: async () => 7n, cardanoDatabaseMerkleRoot: async () => root };
 */
export interface CardanoDbSource {
  /**
   * The newest completed immutable file number (the newest trio is still being written), or `undefined` while the
   * database has no completed file.
   */
  latestImmutableFileNumber(): Promise<bigint | undefined>;
  /**
   * The Cardano database Merkle root of the immutable files `0..n` (nodes.md §5.3).
   *
   * @throws {MithrilError} when the files cannot be read
   */
  cardanoDatabaseMerkleRoot(immutableFileNumber: bigint): Promise<string>;
  /**
   * The legacy v1 snapshot digest of the files `0..n` (nodes.md §5.2), for CardanoImmutableFilesFull; without it the
   * legacy type is never opened.
   *
   * @throws {MithrilError} when the files cannot be read
   */
  snapshotDigest?(beacon: { readonly network: string; readonly epoch: bigint; readonly immutableFileNumber: bigint }): Promise<string>;
}

/**
 * Signed entity types the aggregator kit certifies, in the reference enum order.
 *
 * @example
 * AGGREGATOR_SIGNED_ENTITY_TYPES.includes('CardanoTransactions'); // true
 */
export const AGGREGATOR_SIGNED_ENTITY_TYPES = [
  'MithrilStakeDistribution',
  'CardanoStakeDistribution',
  'CardanoImmutableFilesFull',
  'CardanoDatabase',
  'CardanoTransactions',
] as const;

/**
 * A signed entity type name the aggregator kit certifies.
 *
 * @example
 * const name: AggregatorSignedEntityTypeName = 'CardanoDatabase';
 */
export type AggregatorSignedEntityTypeName = (typeof AGGREGATOR_SIGNED_ENTITY_TYPES)[number];

/**
 * Open-message timeout of CardanoDatabase, in seconds (the reference's `get_open_message_timeout`).
 *
 * @example
 * CARDANO_DATABASE_OPEN_MESSAGE_TIMEOUT_SECONDS; // 600
 */
export const CARDANO_DATABASE_OPEN_MESSAGE_TIMEOUT_SECONDS = 600;

/**
 * A CardanoDatabase (or legacy CardanoImmutableFilesFull) signed entity type with its beacon `{epoch, immutableFileNumber}`.
 *
 * @example
 * const type: CardanoDatabaseSignedEntityType = { type: 'CardanoDatabase', epoch: 12n, immutableFileNumber: 7n };
 */
export type CardanoDatabaseSignedEntityType = CardanoDbSignedEntityType;
