/**
 * The protocol messages of the Cardano database types (nodes.md §3.4, §5.2, §5.3): the three seed parts plus
 * `cardano_database_merkle_root` for CardanoDatabase, or `snapshot_digest` for the legacy CardanoImmutableFilesFull.
 * The root or digest comes from the node's own immutable files (`@mithril/sdk/node` computes them from a database
 * folder); this module only assembles and hashes, identically for aggregators and signers.
 */
import { computeProtocolMessageHash } from '../certificate/hash.js';
import { MithrilError } from '../errors.js';
import { type MessageParts, type ProtocolMessageSeed, seedMessageParts } from './message-parts.js';
import type { SignableMessage } from './protocol-message.js';
import type { SignedEntityTypeOf } from './signed-entity-types.js';

/**
 * The Cardano database signed entity types, in the reference enum order (legacy first).
 *
 * @example
 * CARDANO_DB_SIGNED_ENTITY_TYPES.includes(type) // a type signed from the immutable files
 */
export const CARDANO_DB_SIGNED_ENTITY_TYPES = ['CardanoImmutableFilesFull', 'CardanoDatabase'] as const;

/** A Cardano database signed entity type name. */
export type CardanoDbSignedEntityTypeName = (typeof CARDANO_DB_SIGNED_ENTITY_TYPES)[number];

/** A Cardano database signed entity type with its beacon `{epoch, immutableFileNumber}`. */
export type CardanoDbSignedEntityType = SignedEntityTypeOf<CardanoDbSignedEntityTypeName>;

/** Inputs of {@link computeCardanoDbSignableMessage}: the seed and the value computed over the immutable files. */
export interface CardanoDbMessageInputs extends ProtocolMessageSeed {
  /** For CardanoDatabase: the MMR root of the immutable files `0..n` (nodes.md §5.3). */
  readonly cardanoDatabaseMerkleRoot?: string | undefined;
  /** For CardanoImmutableFilesFull: the v1 snapshot digest of the files `0..n` (nodes.md §5.2). */
  readonly snapshotDigest?: string | undefined;
}

/**
 * The part a Cardano database type adds to the seed parts.
 *
 * @param type - CardanoDatabase or CardanoImmutableFilesFull with its beacon
 * @param inputs - must carry the root (CardanoDatabase) or the snapshot digest (legacy)
 * @returns the one part
 * @throws {MithrilError} `SIGNING_INPUT_MISSING` when the value the type needs is missing
 * @example
 * cardanoDbMessageParts({ type: 'CardanoDatabase', epoch: 20n, immutableFileNumber: 5n }, { ...seed, cardanoDatabaseMerkleRoot: root });
 */
export function cardanoDbMessageParts(type: CardanoDbSignedEntityType, inputs: CardanoDbMessageInputs): MessageParts {
  const [key, value, field] =
    type.type === 'CardanoDatabase'
      ? (['cardano_database_merkle_root', inputs.cardanoDatabaseMerkleRoot, 'cardanoDatabaseMerkleRoot'] as const)
      : (['snapshot_digest', inputs.snapshotDigest, 'snapshotDigest'] as const);
  if (value === undefined || value === '') {
    throw new MithrilError('SIGNING_INPUT_MISSING', `a ${type.type} message needs ${key}`, { field });
  }
  return { [key]: value };
}

/**
 * The protocol message of a Cardano database beacon and its hash, the `signed_message` (certificates.md §3).
 *
 * @param type - CardanoDatabase or CardanoImmutableFilesFull with its beacon
 * @param inputs - the seed and the root or snapshot digest
 * @returns the message and `signed_message`
 * @throws {MithrilError} `SIGNING_INPUT_MISSING` when the root or digest is missing
 * @throws {CertificateError} `MESSAGE_INVALID` when `phi_f` does not fit U8F24
 * @example
 * const { signedMessage } = computeCardanoDbSignableMessage(type, { ...seed, cardanoDatabaseMerkleRoot: merkleRoot });
 */
export function computeCardanoDbSignableMessage(type: CardanoDbSignedEntityType, inputs: CardanoDbMessageInputs): SignableMessage {
  const protocolMessage = { parts: { ...seedMessageParts(inputs), ...cardanoDbMessageParts(type, inputs) } };
  return { protocolMessage, signedMessage: computeProtocolMessageHash(protocolMessage) };
}
