/**
 * The protocol message of a signed entity type, computed identically by aggregators and signers (nodes.md §3.4,
 * certificates.md §3-§4): three seed parts for every type, plus the type's own parts.
 */
import { computeProtocolMessageHash } from '../certificate/hash.js';
import type { ProtocolMessage, SignedEntityType } from '../certificate/types.js';
import { MithrilError } from '../errors.js';
import { seedMessageParts, type ProtocolMessageInputs } from './message-parts.js';
import { findSignedEntityTypeDescriptor } from './signed-entity-types.js';

/** A protocol message with its hash, the `signed_message` whose 64 ASCII bytes are signed. */
export interface SignableMessage {
  readonly protocolMessage: ProtocolMessage;
  readonly signedMessage: string;
}

/**
 * Computes the protocol message of a signed entity type (nodes.md §3.4; certificates.md §4): the seed parts
 * `next_aggregate_verification_key`, `next_protocol_parameters`, `current_epoch`, and for
 * `CardanoStakeDistribution(E)` also `cardano_stake_distribution_epoch = E` and `cardano_stake_distribution_merkle_root`
 * (certificates.md §9.2). Part order does not matter here: the hash orders keys by the enum (trap 21).
 *
 * @param signedEntityType - the type with its beacon (MithrilStakeDistribution or CardanoStakeDistribution)
 * @param inputs - the seed and the type-specific data
 * @returns the protocol message (legacy hash scheme)
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` for other types; `SIGNING_INPUT_MISSING` when the CSD stake
 *   distribution is missing or empty
 * @throws {CertificateError} `MESSAGE_INVALID` when `phi_f` does not fit U8F24
 * @example
 * const message = computeProtocolMessage({ type: 'MithrilStakeDistribution', epoch: 12n },
 *   { nextAggregateVerificationKey: avk, nextProtocolParameters: { k: 5n, m: 50n, phiF: 0.65 }, currentEpoch: 12n });
 */
export function computeProtocolMessage(signedEntityType: SignedEntityType, inputs: ProtocolMessageInputs): ProtocolMessage {
  const name = signedEntityType.type === 'Unknown' ? signedEntityType.name : signedEntityType.type;
  const signable = findSignedEntityTypeDescriptor(name)?.signable;
  if (signable === undefined) {
    throw new MithrilError('SIGNED_ENTITY_TYPE_UNSUPPORTED', `no protocol message builder for ${name}`, { field: 'signed_entity_type' });
  }
  const parts = { ...seedMessageParts(inputs), ...signable.messageParts(signedEntityType as never, inputs) };
  return { parts };
}

/**
 * Computes the protocol message and its hash, the `signed_message` (certificates.md §3).
 *
 * @param signedEntityType - the type with its beacon
 * @param inputs - see {@link computeProtocolMessage}
 * @returns the message and `signed_message`
 * @throws see {@link computeProtocolMessage}
 * @example
 * const { signedMessage } = computeSignableMessage(type, inputs);
 * const message = new TextEncoder().encode(signedMessage); // what STM signs
 */
export function computeSignableMessage(signedEntityType: SignedEntityType, inputs: ProtocolMessageInputs): SignableMessage {
  const protocolMessage = computeProtocolMessage(signedEntityType, inputs);
  return { protocolMessage, signedMessage: computeProtocolMessageHash(protocolMessage) };
}
