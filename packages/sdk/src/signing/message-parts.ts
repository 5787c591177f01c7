/**
 * The pieces of a protocol message (nodes.md §3.4, certificates.md §3-§4): the three seed parts every message carries
 * and the parts each signable entity type adds. The signed entity type descriptors use the type builders.
 */
import { computeCardanoStakeDistributionMerkleRoot } from '../artifacts/compute.js';
import { computeProtocolParametersHash } from '../certificate/hash.js';
import type { ProtocolMessagePartKey, ProtocolParameters } from '../certificate/types.js';
import type { StakeDistribution } from '../chain/observer.js';
import { encodeAvkJsonHex } from '../codec/index.js';
import { MithrilError } from '../errors.js';
import type { AggregateVerificationKey } from '../stm/types.js';

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

/** Inputs of `computeProtocolMessage`: the seed plus what the signed entity type needs. */
export interface ProtocolMessageInputs extends ProtocolMessageSeed {
  /**
   * For `CardanoStakeDistribution(E)`: the stake distribution recorded under E+2, i.e. the chain's stake
   * distribution observed during epoch E+1 (nodes.md §2.1, §2.8).
   */
  readonly cardanoStakeDistribution?: StakeDistribution | undefined;
}

/** Protocol message parts under construction. */
export type MessageParts = Partial<Record<ProtocolMessagePartKey, string>>;

/**
 * The three seed parts: `next_aggregate_verification_key`, `next_protocol_parameters` and `current_epoch`.
 *
 * @param inputs - the seed
 * @returns the seed parts
 * @throws {CertificateError} `MESSAGE_INVALID` when `phi_f` does not fit U8F24
 * @example
 * seedMessageParts({ nextAggregateVerificationKey: avkHex, nextProtocolParameters: { k: 5n, m: 50n, phiF: 0.65 }, currentEpoch: 12n });
 */
export function seedMessageParts(inputs: ProtocolMessageSeed): MessageParts {
  const avk = inputs.nextAggregateVerificationKey;
  return {
    next_aggregate_verification_key: typeof avk === 'string' ? avk : encodeAvkJsonHex(avk),
    next_protocol_parameters: computeProtocolParametersHash(inputs.nextProtocolParameters),
    current_epoch: inputs.currentEpoch.toString(10),
  };
}

/**
 * The parts a `CardanoStakeDistribution(E)` message adds: `cardano_stake_distribution_epoch = E` and the MMR root of
 * the recorded stakes (certificates.md §9.2).
 *
 * @param epoch - the beacon epoch E
 * @param inputs - must carry `cardanoStakeDistribution`
 * @returns the two parts
 * @throws {MithrilError} `SIGNING_INPUT_MISSING` when the stake distribution is missing or empty
 * @example
 * cardanoStakeDistributionMessageParts(23n, { ...seed, cardanoStakeDistribution: new Map([['pool1…', 10n]]) });
 */
export function cardanoStakeDistributionMessageParts(epoch: bigint, inputs: ProtocolMessageInputs): MessageParts {
  const stakes = inputs.cardanoStakeDistribution;
  if (stakes === undefined || stakes.size === 0) {
    throw new MithrilError('SIGNING_INPUT_MISSING', 'a Cardano stake distribution message needs the recorded stakes', {
      field: 'cardanoStakeDistribution',
    });
  }
  return {
    cardano_stake_distribution_epoch: epoch.toString(10),
    cardano_stake_distribution_merkle_root: computeCardanoStakeDistributionMerkleRoot(stakes),
  };
}
