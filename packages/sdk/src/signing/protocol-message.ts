/**
 * The protocol message of a signed entity type, computed identically by aggregators and signers (nodes.md §3.4,
 * certificates.md §3-§4): three seed parts for every type, plus the type's own parts.
 */
import { computeProtocolMessageHash, computeProtocolParametersHash } from '../certificate/hash.js';
import type { ProtocolMessage, ProtocolMessagePartKey, ProtocolParameters, SignedEntityType } from '../certificate/types.js';
import { MithrilError } from '../errors.js';
import type { AggregateVerificationKey } from '../stm/types.js';
import { encodeAvkJsonHex } from '../codec/index.js';
import { computeCardanoStakeDistributionMerkleRoot } from '../artifacts/compute.js';
import type { StakeDistribution } from '../chain/observer.js';

/** What every protocol message carries (the reference's "signable seed"). */
export interface ProtocolMessageSeed {
  /**
   * AVK of the next signers (keys stored under the current epoch) with the next protocol parameters: the AVK value,
   * or its canonical JSON-hex.
   */
  readonly nextAggregateVerificationKey: AggregateVerificationKey | string;
  /** Protocol parameters of the next epoch (settings stored under the current epoch). */
  readonly nextProtocolParameters: ProtocolParameters;
  /** The epoch during which the message is signed. */
  readonly currentEpoch: bigint;
}

/** Inputs of {@link computeProtocolMessage}: the seed plus what the signed entity type needs. */
export interface ProtocolMessageInputs extends ProtocolMessageSeed {
  /**
   * For `CardanoStakeDistribution(E)`: the stake distribution recorded under E+2, i.e. the chain's stake
   * distribution observed during epoch E+1 (nodes.md §2.1, §2.8).
   */
  readonly cardanoStakeDistribution?: StakeDistribution | undefined;
}

/** A protocol message with its hash, the `signed_message` whose 64 ASCII bytes are signed. */
export interface SignableMessage {
  readonly protocolMessage: ProtocolMessage;
  readonly signedMessage: string;
}

function seedParts(inputs: ProtocolMessageSeed): Partial<Record<ProtocolMessagePartKey, string>> {
  const avk = inputs.nextAggregateVerificationKey;
  return {
    next_aggregate_verification_key: typeof avk === 'string' ? avk : encodeAvkJsonHex(avk),
    next_protocol_parameters: computeProtocolParametersHash(inputs.nextProtocolParameters),
    current_epoch: inputs.currentEpoch.toString(10),
  };
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
  const parts = seedParts(inputs);
  switch (signedEntityType.type) {
    case 'MithrilStakeDistribution':
      break;
    case 'CardanoStakeDistribution': {
      const stakes = inputs.cardanoStakeDistribution;
      if (stakes === undefined || stakes.size === 0) {
        throw new MithrilError('SIGNING_INPUT_MISSING', 'a Cardano stake distribution message needs the recorded stakes', {
          field: 'cardanoStakeDistribution',
        });
      }
      parts.cardano_stake_distribution_epoch = signedEntityType.epoch.toString(10);
      parts.cardano_stake_distribution_merkle_root = computeCardanoStakeDistributionMerkleRoot(stakes);
      break;
    }
    default:
      throw new MithrilError(
        'SIGNED_ENTITY_TYPE_UNSUPPORTED',
        `no protocol message builder for ${signedEntityType.type === 'Unknown' ? signedEntityType.name : signedEntityType.type}`,
        { field: 'signed_entity_type' },
      );
  }
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
