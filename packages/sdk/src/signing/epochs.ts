/**
 * Epoch vocabulary shared by aggregators and signers (nodes.md §2.1): which stored epoch feeds which use. The
 * per-type offsets (beacon, signing epoch, recorded stakes) are exposed by the signed entity type descriptors.
 */

/**
 * Offset from the current epoch to the epoch whose stored keys and stakes sign now (N−1).
 *
 * @example
 * epoch + SIGNER_RETRIEVAL_OFFSET // epoch − 1: the recording epoch of the signers who sign now
 */
export const SIGNER_RETRIEVAL_OFFSET = -1n;
/**
 * Offset to the epoch whose keys form the next AVK (N).
 *
 * @example
 * epoch + NEXT_SIGNER_RETRIEVAL_OFFSET // epoch itself: the recording epoch of the signers who sign next epoch
 */
export const NEXT_SIGNER_RETRIEVAL_OFFSET = 0n;
/**
 * Offset to the epoch under which registrations received now are stored (N+1).
 *
 * @example
 * epoch + SIGNER_RECORDING_OFFSET // the epoch a registration made now is recorded for (epoch + 1)
 */
export const SIGNER_RECORDING_OFFSET = 1n;
/**
 * Offset to the epoch during which a signer registering now signs (N+2), the `signing_at` of registrations.
 *
 * @example
 * registrationEpoch + SIGNER_SIGNING_OFFSET // the first epoch a new signer signs in (+2)
 */
export const SIGNER_SIGNING_OFFSET = 2n;
/**
 * A Cardano stake distribution signed for epoch E uses the stake recorded under E+2.
 *
 * @example
 * CARDANO_STAKE_DISTRIBUTION_SNAPSHOT_OFFSET // 2n
 */
export const CARDANO_STAKE_DISTRIBUTION_SNAPSHOT_OFFSET = 2n;

/**
 * Epoch under which the keys and stakes that sign during `epoch` are stored (N−1, nodes.md §2.1).
 *
 * @param epoch - the current epoch
 * @returns `epoch − 1` (never below 0)
 *
 * @example
 * signerRetrievalEpoch(10n) // 9n: the signers recorded for epoch 9 (registered during 8) sign during epoch 10
 * signerRetrievalEpoch(0n) // 0n
 */
export function signerRetrievalEpoch(epoch: bigint): bigint {
  return epoch > 0n ? epoch + SIGNER_RETRIEVAL_OFFSET : 0n;
}

/**
 * Epoch under which registrations received during `epoch` are stored, the `epoch` of `RegisterSignerMessage` (N+1).
 *
 * @param epoch - the current epoch
 * @returns `epoch + 1`
 *
 * @example
 * signerRecordingEpoch(10n) // 11n: a key registered during epoch 10 is recorded for epoch 11
 */
export function signerRecordingEpoch(epoch: bigint): bigint {
  return epoch + SIGNER_RECORDING_OFFSET;
}

/**
 * Epoch during which a signer that registers during `epoch` first signs (N+2), the `signing_at` of
 * `GET /signers/registered/{epoch}` (nodes.md §2.1).
 *
 * @param epoch - the epoch of the registration
 * @returns `epoch + 2`
 * @example
 * signerSigningEpoch(100n); // 102n
 */
export function signerSigningEpoch(epoch: bigint): bigint {
  return epoch + SIGNER_SIGNING_OFFSET;
}

/**
 * Epoch under which the stakes a `CardanoStakeDistribution(E)` message is computed from are recorded (E+2,
 * nodes.md §2.1): the chain's distribution observed during E+1.
 *
 * @param beaconEpoch - the Cardano stake distribution beacon E
 * @returns `E + 2`
 * @example
 * await store.getStakes(cardanoStakeDistributionStakesEpoch(23n)); // stakes recorded under 25
 */
export function cardanoStakeDistributionStakesEpoch(beaconEpoch: bigint): bigint {
  return beaconEpoch + CARDANO_STAKE_DISTRIBUTION_SNAPSHOT_OFFSET;
}
