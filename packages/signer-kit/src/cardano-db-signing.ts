/**
 * What a signer signs for the Cardano database types (nodes.md §3.4, §5): the beacon `{epoch N, immutable file number
 * n}` with n the newest completed immutable file of its own node database folder, and the message carrying the MMR
 * root of the files `0..n` (CardanoDatabase) or the legacy v1 snapshot digest (CardanoImmutableFilesFull, only when
 * the aggregator still enables it). Digests are cached per file name: immutable files never change.
 */
import {
  CARDANO_DB_SIGNED_ENTITY_TYPES,
  type CardanoDbSignedEntityType,
  type CardanoDbSignedEntityTypeName,
  computeCardanoDbSignableMessage,
  computeImmutableFilesMerkleRoot,
  computeSnapshotDigest,
  type ProtocolMessageSeed,
} from './sdk.js';
import type { ChunkBlocksCache } from './cardano-transactions-signing.js';

/** Where a signer reads its node's immutable files, and the digests it already computed. */
export interface CardanoDbSource {
  /** The node database folder (the one holding `immutable/`). */
  readonly dbDirectory: string;
  /** Network name hashed into the legacy snapshot digest (the chain observer's). */
  readonly network: string;
  /** Digests already computed, by immutable file name. */
  readonly digestCache: Map<string, string>;
  /** Blocks of the chunk files already parsed, by file name (CardanoTransactions). */
  readonly chunkCache: ChunkBlocksCache;
}

/** One Cardano database beacon to sign, with its message. */
export interface CardanoDbBeaconMessage {
  readonly signedEntityType: CardanoDbSignedEntityType;
  readonly signedMessage: string;
}

/**
 * The Cardano database types to sign this epoch: those enabled both here and at the aggregator, in enum order.
 *
 * @param enabled - the types the signer is configured for
 * @param available - the aggregator's `available_signed_entity_types`
 * @returns the names
 * @example
 * cardanoDbTypesToSign(new Set(['CardanoDatabase']), ['MithrilStakeDistribution', 'CardanoDatabase']); // ['CardanoDatabase']
 */
export function cardanoDbTypesToSign(enabled: ReadonlySet<string>, available: readonly string[]): CardanoDbSignedEntityTypeName[] {
  return CARDANO_DB_SIGNED_ENTITY_TYPES.filter((name) => enabled.has(name) && available.includes(name));
}

/**
 * Computes the beacons and messages of the given Cardano database types from the node database folder.
 *
 * @param source - the database folder, network and digest cache
 * @param names - the types to sign (see {@link cardanoDbTypesToSign})
 * @param seed - the three seed parts' inputs of the epoch
 * @returns one beacon and message per type (none when `names` is empty)
 * @throws {CardanoDbError} when the folder has no completed immutable file or cannot be read
 * @example
 * const messages = await cardanoDbBeaconMessages(source, ['CardanoDatabase'], { nextAggregateVerificationKey, nextProtocolParameters, currentEpoch });
 */
export async function cardanoDbBeaconMessages(
  source: CardanoDbSource,
  names: readonly CardanoDbSignedEntityTypeName[],
  seed: ProtocolMessageSeed,
): Promise<CardanoDbBeaconMessage[]> {
  if (names.length === 0) return [];
  // Loaded on first use: the signer kit itself stays runnable where node:fs is absent.
  const { computeImmutableFileDigests } = await import('@mithril/sdk/node');
  const { immutableFileNumber, digests } = await computeImmutableFileDigests(source.dbDirectory, { cache: source.digestCache });
  const fileDigests = digests.map((d) => d.digest);
  return names.map((name) => {
    const signedEntityType: CardanoDbSignedEntityType = { type: name, epoch: seed.currentEpoch, immutableFileNumber };
    const { signedMessage } = computeCardanoDbSignableMessage(
      signedEntityType,
      name === 'CardanoDatabase'
        ? { ...seed, cardanoDatabaseMerkleRoot: computeImmutableFilesMerkleRoot(fileDigests) }
        : { ...seed, snapshotDigest: computeSnapshotDigest({ network: source.network, epoch: seed.currentEpoch, immutableFileNumber }, fileDigests) },
    );
    return { signedEntityType, signedMessage };
  });
}
