/**
 * Artifact identifiers as the aggregator computes them (nodes.md §10.1). Clients never trust them (certificates.md
 * §9); they matter for servers that must serve the same ids.
 */
import { bytesToHex, compareBytes, concatBytes, u64be, utf8 } from '../utils/bytes.js';
import { sha256, sha256OfParts } from '../utils/hash.js';
import type { SignerWithStake } from './stake-distribution-schemas.js';

function sha256Hex(...parts: Uint8Array[]): string {
  return bytesToHex(sha256(concatBytes(...parts)));
}

/**
 * Hash of a signer with stake: party id, verification key, optional KES signature and operational certificate (as
 * their canonical JSON-hex strings), then `u64_be(stake)`; `kes_period` is not included.
 *
 * @param signer - the signer
 * @returns lowercase hex
 *
 * @example
 * const leafHash = computeSignerWithStakeHash(msd.signers[0]!); // 64 hex characters
 */
export function computeSignerWithStakeHash(signer: SignerWithStake): string {
  return sha256Hex(
    utf8(signer.partyId),
    utf8(signer.verificationKey),
    signer.verificationKeySignature === undefined ? new Uint8Array(0) : utf8(signer.verificationKeySignature),
    signer.operationalCertificate === undefined ? new Uint8Array(0) : utf8(signer.operationalCertificate),
    u64be(signer.stake, 'stake'),
  );
}

/**
 * Id (`hash`) of a Mithril stake distribution: `SHA-256(u64_be(epoch) ‖ Σ ascii(signer hash))` in signer order.
 *
 * @param epoch - the artifact epoch
 * @param signers - the signers, in the artifact's order
 * @returns lowercase hex
 *
 * @example
 * computeMithrilStakeDistributionId(msd.epoch, msd.signers) === msd.hash // for a genuine artifact
 */
export function computeMithrilStakeDistributionId(epoch: bigint, signers: readonly SignerWithStake[]): string {
  const feed = [u64be(epoch, 'epoch')];
  for (const s of signers) feed.push(utf8(computeSignerWithStakeHash(s)));
  return bytesToHex(sha256OfParts(feed));
}

/**
 * Id (`hash`) of a Cardano stake distribution: `SHA-256(u64_be(epoch) ‖ Σ ascii(pool_id) ‖ u64_be(stake))` in pool-id
 * order.
 *
 * @param epoch - the artifact epoch
 * @param stakeDistribution - pool id → stake
 * @returns lowercase hex
 *
 * @example
 * computeCardanoStakeDistributionId(csd.epoch, csd.stakeDistribution) === csd.hash // for a genuine artifact
 */
export function computeCardanoStakeDistributionId(epoch: bigint, stakeDistribution: ReadonlyMap<string, bigint>): string {
  const pools = [...stakeDistribution].sort(([a], [b]) => compareBytes(utf8(a), utf8(b)));
  const feed = [u64be(epoch, 'epoch')];
  for (const [pool, stake] of pools) feed.push(utf8(pool), u64be(stake, 'stake'));
  return bytesToHex(sha256OfParts(feed));
}

/**
 * Id (`hash`) of a Cardano database snapshot: `SHA-256(u64_be(beacon.epoch) ‖ ascii(merkle_root))`.
 *
 * @param epoch - the beacon epoch
 * @param merkleRoot - the hex Merkle root
 * @returns lowercase hex
 *
 * @example
 * const id = computeCardanoDatabaseId(snapshot.beacon.epoch, merkleRootOfTheDigests);
 */
export function computeCardanoDatabaseId(epoch: bigint, merkleRoot: string): string {
  return sha256Hex(u64be(epoch, 'epoch'), utf8(merkleRoot));
}
