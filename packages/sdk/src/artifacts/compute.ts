/**
 * What each artifact certifies, recomputed locally (certificates.md §9, nodes.md §5): the AVK of a Mithril stake
 * distribution, the MMR roots of a Cardano stake distribution and of a Cardano database, and the legacy snapshot
 * digest.
 */
import { ArtifactError } from '../certificate/errors.js';
import { decodeVerificationKeyPopJsonHex, encodeAvkJsonHex } from '../codec/index.js';
import { closeRegistration } from '../stm/registration.js';
import { bytesToHex, compareBytes, concatBytes, u64be, utf8 } from '../utils/bytes.js';
import { sha256 } from '../utils/hash.js';
import { computeMmrRoot } from './mmr.js';
import { immutableFileNumberOf } from './immutable-file-name.js';
import type { CardanoDatabaseDigest } from './cardano-database-schemas.js';

/** The part of a signer the AVK depends on. */
export interface StakedVerificationKey {
  /** JSON-hex of `{"vk":[96],"pop":[96]}`. */
  readonly verificationKey: string;
  readonly stake: bigint;
}

/**
 * The Concatenation AVK of a Mithril stake distribution's signers, as JSON-hex (certificates.md §9.1): leaves
 * `vk ‖ u64_be(stake)` sorted by (stake, vk), Blake2b-256 tree, total stake. Proofs of possession, operational
 * certificates and KES signatures are not checked here: the result is only used to match a signed AVK.
 *
 * @param signers - verification keys (JSON-hex, decoded like the reference) and stakes
 * @returns the canonical AVK JSON-hex, comparable with `next_aggregate_verification_key`
 * @throws {EncodingError} when a verification key does not decode
 * @throws {StmError} `STM_ENTRY_ALREADY_REGISTERED`, `STM_ZERO_TOTAL_STAKE`, `STM_TOTAL_STAKE_OVERFLOW`
 * @example
 * computeMithrilStakeDistributionAvk(msd.signers) === certificate.protocolMessage.parts.next_aggregate_verification_key;
 */
export function computeMithrilStakeDistributionAvk(signers: readonly StakedVerificationKey[]): string {
  const entries = signers.map((s, i) => ({
    vk: decodeVerificationKeyPopJsonHex(s.verificationKey, `signers[${i}].verification_key`, { mode: 'lenient' }).vk,
    stake: s.stake,
  }));
  return encodeAvkJsonHex(closeRegistration(entries).avk);
}

/**
 * The MMR root of a Cardano stake distribution (certificates.md §9.2): leaves `utf8(pool_id) ‖ decimal(stake)`, not
 * hashed, in pool-id byte order.
 *
 * @param stakeDistribution - pool id (bech32) → stake
 * @returns lowercase hex root, the `cardano_stake_distribution_merkle_root` part
 * @throws {ArtifactError} `ARTIFACT_INVALID` when the distribution is empty
 *
 * @example
 * const root = computeCardanoStakeDistributionMerkleRoot(csd.stakeDistribution);
 * root === certificate.protocolMessage.parts.cardano_stake_distribution_merkle_root // for a genuine artifact
 */
export function computeCardanoStakeDistributionMerkleRoot(stakeDistribution: ReadonlyMap<string, bigint>): string {
  const leaves = [...stakeDistribution]
    .map(([pool, stake]) => ({ key: utf8(pool), leaf: utf8(pool + stake.toString()) }))
    .sort((a, b) => compareBytes(a.key, b.key))
    .map((x) => x.leaf);
  return bytesToHex(computeMmrRoot(leaves));
}

/**
 * The MMR root of a Cardano database as a client recomputes it from a digest list (certificates.md §9.3, nodes.md
 * §5.3, trap 44; the reference client's `proving.rs`): entries keyed by file name (a repeated name keeps the last
 * entry), entries whose name has no immutable number skipped (`00001.chunk.bak`, `README.md`), entries numbered above
 * the beacon's skipped, the rest in file-name byte order, each leaf being the ASCII of the hex digest.
 *
 * @param digests - the digest list entries (may list more files than the beacon, and names the reference skips)
 * @param immutableFileNumber - the beacon's immutable file number
 * @returns lowercase hex root, the `cardano_database_merkle_root` part
 * @throws {ArtifactError} `ARTIFACT_INVALID` when no entry remains
 * @example
 * computeCardanoDatabaseMerkleRoot(digestList, snapshot.beacon.immutableFileNumber) === parts.cardano_database_merkle_root;
 */
export function computeCardanoDatabaseMerkleRoot(digests: readonly CardanoDatabaseDigest[], immutableFileNumber: bigint): string {
  const byName = new Map<string, string>();
  for (const entry of digests) byName.set(entry.immutableFileName, entry.digest);
  const names = [...byName.keys()]
    .filter((name) => {
      const number = immutableFileNumberOf(name);
      return number !== undefined && number <= immutableFileNumber;
    })
    .sort((a, b) => compareBytes(utf8(a), utf8(b)));
  return computeImmutableFilesMerkleRoot(names.map((name) => byName.get(name)!));
}

/**
 * The MMR root over per-file digests already in the database's order (nodes.md §5.3), as a signer computes it from
 * its own immutable files: each leaf is the ASCII of the hex digest; a single file's root is that leaf (128 hex
 * characters).
 *
 * @param fileDigests - hex SHA-256 of each immutable file, in (number, name) order
 * @returns lowercase hex root, the `cardano_database_merkle_root` part
 * @throws {ArtifactError} `ARTIFACT_INVALID` when the list is empty
 * @example
 * computeImmutableFilesMerkleRoot(result.digests.map((d) => d.digest));
 */
export function computeImmutableFilesMerkleRoot(fileDigests: readonly string[]): string {
  if (fileDigests.length === 0) {
    throw new ArtifactError('ARTIFACT_INVALID', 'a Cardano database Merkle root needs at least one immutable file', { field: 'digests' });
  }
  return bytesToHex(computeMmrRoot(fileDigests.map(utf8)));
}

/** Beacon of a legacy full snapshot. */
export interface SnapshotBeacon {
  readonly network: string;
  readonly epoch: bigint;
  readonly immutableFileNumber: bigint;
}

/**
 * The v1 snapshot digest of a legacy full snapshot (certificates.md §9.4, nodes.md §5.2):
 * `hex(SHA-256(ascii(hex(SHA-256(network ‖ u64_be(epoch) ‖ u64_be(ifn)))) ‖ Σ ascii(file digest hex)))`.
 *
 * @param beacon - network (from the certificate metadata), epoch and immutable file number
 * @param fileDigests - hex SHA-256 of each immutable file, in (number, path) order
 * @returns lowercase hex, the `snapshot_digest` part
 * @example
 * computeSnapshotDigest({ network: 'devnet', epoch: 1n, immutableFileNumber: 100n }, fileDigests); // 'a27fd67e…'
 */
export function computeSnapshotDigest(beacon: SnapshotBeacon, fileDigests: readonly string[]): string {
  const beaconHash = bytesToHex(sha256(concatBytes(utf8(beacon.network), u64be(beacon.epoch), u64be(beacon.immutableFileNumber))));
  return bytesToHex(sha256(concatBytes(utf8(beaconHash), ...fileDigests.map(utf8))));
}
