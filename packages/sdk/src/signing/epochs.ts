/**
 * Epoch vocabulary shared by aggregators and signers (nodes.md §2.1, §2.4): which stored epoch feeds which use, and
 * which beacon a signed entity type takes at a given epoch.
 */
import type { SignedEntityType } from '../certificate/types.js';
import { MithrilError } from '../errors.js';

/** Signed entity types the signing layer can compute messages for, in the reference enum order. */
export const SIGNABLE_ENTITY_TYPES = ['MithrilStakeDistribution', 'CardanoStakeDistribution'] as const;

/** A signed entity type name this layer can compute messages for. */
export type SignableEntityTypeName = (typeof SIGNABLE_ENTITY_TYPES)[number];

/** A signed entity type (with its beacon) this layer can compute messages for. */
export type SignableEntityType = Extract<SignedEntityType, { type: SignableEntityTypeName }>;

/** Offset from the current epoch to the epoch whose stored keys and stakes sign now (N−1). */
export const SIGNER_RETRIEVAL_OFFSET = -1n;
/** Offset to the epoch whose keys form the next AVK (N). */
export const NEXT_SIGNER_RETRIEVAL_OFFSET = 0n;
/** Offset to the epoch under which registrations received now are stored (N+1). */
export const SIGNER_RECORDING_OFFSET = 1n;
/** A Cardano stake distribution signed for epoch E uses the stake recorded under E+2. */
export const CARDANO_STAKE_DISTRIBUTION_SNAPSHOT_OFFSET = 2n;

/**
 * Epoch under which the keys and stakes that sign during `epoch` are stored (N−1, nodes.md §2.1).
 *
 * @param epoch - the current epoch
 * @returns `epoch − 1` (never below 0)
 */
export function signerRetrievalEpoch(epoch: bigint): bigint {
  return epoch > 0n ? epoch + SIGNER_RETRIEVAL_OFFSET : 0n;
}

/**
 * Epoch under which registrations received during `epoch` are stored, the `epoch` of `RegisterSignerMessage` (N+1).
 *
 * @param epoch - the current epoch
 * @returns `epoch + 1`
 */
export function signerRecordingEpoch(epoch: bigint): bigint {
  return epoch + SIGNER_RECORDING_OFFSET;
}

/**
 * The beacon a signed entity type takes during `epoch` (nodes.md §2.4): MSD signs `N`, CSD signs `N − 1`.
 *
 * @param type - the type name
 * @param epoch - the current epoch
 * @returns the signed entity type with its beacon
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` for another type, or CSD at epoch 0
 */
export function signedEntityTypeAt(type: SignableEntityTypeName, epoch: bigint): SignableEntityType {
  if (type === 'MithrilStakeDistribution') return { type, epoch };
  if (type === 'CardanoStakeDistribution' && epoch > 0n) return { type, epoch: epoch - 1n };
  throw new MithrilError('SIGNED_ENTITY_TYPE_UNSUPPORTED', `no ${String(type)} beacon at epoch ${epoch}`, {
    field: 'signed_entity_type',
  });
}

/**
 * The epoch during which a signed entity type is signed, i.e. its certificate's epoch (certificates.md §4).
 *
 * @param signedEntityType - the signed entity type with its beacon
 * @returns the certificate epoch
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` for an unknown type
 */
export function signedEntityTypeSigningEpoch(signedEntityType: SignedEntityType): bigint {
  switch (signedEntityType.type) {
    case 'CardanoStakeDistribution':
      return signedEntityType.epoch + 1n;
    case 'Unknown':
      throw new MithrilError('SIGNED_ENTITY_TYPE_UNSUPPORTED', `unknown type ${signedEntityType.name}`, {
        field: 'signed_entity_type',
      });
    default:
      return signedEntityType.epoch;
  }
}
