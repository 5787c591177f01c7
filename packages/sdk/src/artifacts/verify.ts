/**
 * Binding an artifact to an already chain-verified certificate (certificates.md §9): only through the signed
 * protocol-message parts, never through the certificate's unsigned tip fields (trap 32).
 */
import { ArtifactError } from '../certificate/errors.js';
import { computeProtocolMessageHash } from '../certificate/hash.js';
import type { Certificate, ProtocolMessagePartKey, ProtocolMessageParts, SignedEntityType } from '../certificate/types.js';
import {
  computeCardanoDatabaseMerkleRoot,
  computeCardanoStakeDistributionMerkleRoot,
  computeMithrilStakeDistributionAvk,
  computeSnapshotDigest,
} from './compute.js';
import { verifyMithrilStakeDistributionSigners } from './msd-signers.js';
import { descriptorOf, SIGNED_ENTITY_TYPE_DESCRIPTORS } from '../signing/signed-entity-types.js';
import type { CardanoStakeDistribution, MithrilStakeDistribution } from './stake-distribution-schemas.js';
import type { CardanoDatabaseDigest, CardanoDbBeacon, Snapshot } from './cardano-database-schemas.js';

const TYPE_SPECIFIC: ReadonlySet<string> = new Set(SIGNED_ENTITY_TYPE_DESCRIPTORS.flatMap((d) => d.messagePartKeys));

function mismatch(message: string, field: string): ArtifactError {
  return new ArtifactError('ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH', message, { field });
}

/**
 * Checks that a certificate's signed entity type label agrees with its signed protocol message (trap 32,
 * certificates.md §11 item 2): the label's type-specific parts are all present and no other type's part is, the
 * beacon values equal the signed ones, and the signed `current_epoch` is the epoch at which that type is signed
 * (e + 1 for a Cardano stake distribution of epoch e, the beacon epoch otherwise).
 *
 * @param certificate - a standard or genesis certificate
 * @throws {ArtifactError} `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH` naming the disagreeing part
 *
 * @example
 * assertSignedEntityTypeMatchesMessage(certificate); // throws ARTIFACT_MESSAGE_MISMATCH when the label and the signed parts disagree
 */
export function assertSignedEntityTypeMatchesMessage(certificate: Certificate): void {
  const set = certificate.signedEntityType;
  if (set.type === 'Unknown') throw mismatch(`unknown signed entity type ${set.name}`, 'signed_entity_type');
  const parts = certificate.protocolMessage.parts;
  const descriptor = descriptorOf(set);
  const expected = descriptor.messagePartKeys;
  for (const key of Object.keys(parts)) {
    if (parts[key as ProtocolMessagePartKey] !== undefined && TYPE_SPECIFIC.has(key) && !expected.includes(key as ProtocolMessagePartKey)) {
      throw mismatch(`part ${key} does not belong to a ${set.type} message`, `protocol_message.message_parts.${key}`);
    }
  }
  for (const key of expected) {
    if (parts[key] === undefined) throw mismatch(`a ${set.type} message needs ${key}`, `protocol_message.message_parts.${key}`);
  }
  const expectEqual = (key: ProtocolMessagePartKey, value: string): void => {
    if (parts[key] !== value) {
      throw mismatch(
        `${key} ${JSON.stringify(parts[key])} does not match the signed entity type (${value})`,
        `protocol_message.message_parts.${key}`,
      );
    }
  };
  expectEqual('current_epoch', descriptor.signingEpoch(set).toString());
  for (const [key, value] of Object.entries(descriptor.beaconMessageParts(set))) expectEqual(key as ProtocolMessagePartKey, value);
}

/**
 * The reference `match_message` rule (certificates.md §9 steps 2-3): overwrite the given parts in a copy of the
 * certificate's protocol message and require its hash to equal `signed_message`.
 *
 * @param certificate - a chain-verified certificate
 * @param parts - the locally recomputed parts
 * @throws {ArtifactError} `ARTIFACT_MESSAGE_MISMATCH` when the recomputed message is not the signed one
 *
 * @example
 * verifyMessagePartsAgainstCertificate(certificate, {
 *   cardano_stake_distribution_merkle_root: computeCardanoStakeDistributionMerkleRoot(csd.stakeDistribution),
 * }); // throws ArtifactError ARTIFACT_MESSAGE_MISMATCH when the artifact is not the one signed
 */
export function verifyMessagePartsAgainstCertificate(certificate: Certificate, parts: ProtocolMessageParts): void {
  const message = { ...certificate.protocolMessage, parts: { ...certificate.protocolMessage.parts, ...parts } };
  if (computeProtocolMessageHash(message) !== certificate.signedMessage) {
    throw new ArtifactError('ARTIFACT_MESSAGE_MISMATCH', 'the artifact does not match the signed message of its certificate', {
      field: Object.keys(parts).join(','),
      details: { certificateHash: certificate.hash },
    });
  }
}

/** An artifact with the local data needed to recompute what its certificate signs. */
export type ArtifactBinding =
  | { readonly type: 'MithrilStakeDistribution'; readonly artifact: MithrilStakeDistribution }
  | { readonly type: 'CardanoStakeDistribution'; readonly artifact: CardanoStakeDistribution }
  | {
      readonly type: 'CardanoDatabase';
      readonly artifact: { readonly certificateHash: string; readonly beacon: CardanoDbBeacon };
      /** The digest list, downloaded and parsed (not trusted: it is what gets verified). */
      readonly digests: readonly CardanoDatabaseDigest[];
    }
  | {
      readonly type: 'CardanoImmutableFilesFull';
      readonly artifact: Pick<Snapshot, 'certificateHash' | 'beacon'>;
      /** Hex SHA-256 of each local immutable file, in (number, path) order. */
      readonly fileDigests: readonly string[];
    };

function expectLabel(certificate: Certificate, binding: ArtifactBinding, beaconMatches: (set: SignedEntityType) => boolean): void {
  if (certificate.signedEntityType.type !== binding.type || !beaconMatches(certificate.signedEntityType)) {
    throw mismatch(
      `the certificate certifies ${JSON.stringify(certificate.signedEntityType, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))}, not this ${binding.type}`,
      'signed_entity_type',
    );
  }
}

/**
 * Verifies that an artifact is what its (already chain-verified) certificate signs: the artifact names the
 * certificate, the certificate's type label agrees with its signed message and with the artifact, and the parts
 * recomputed from the artifact reproduce `signed_message` (certificates.md §9.1-§9.4).
 *
 * @param certificate - the certificate, verified with `verifyCertificateChain` first
 * @param binding - the artifact and the local data to recompute from
 * @returns the recomputed message parts
 * @throws {ArtifactError} `ARTIFACT_INVALID` (certificate hash mismatch, empty distribution, bad file name, a Mithril
 *   stake distribution signer whose opcert, KES signature, party id or proof of possession fails),
 *   `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH`, `ARTIFACT_MESSAGE_MISMATCH`
 * @throws {StmError | EncodingError} when a Mithril stake distribution's keys cannot be registered
 * @example
 * const { tip } = await verifyCertificateChain(msd.certificateHash, { getCertificate, genesisKey });
 * verifyArtifactAgainstCertificate(tip, { type: 'MithrilStakeDistribution', artifact: msd });
 */
export function verifyArtifactAgainstCertificate(certificate: Certificate, binding: ArtifactBinding): ProtocolMessageParts {
  if (binding.artifact.certificateHash !== certificate.hash) {
    throw new ArtifactError('ARTIFACT_INVALID', `the artifact is certified by ${binding.artifact.certificateHash}, not ${certificate.hash}`, {
      field: 'certificate_hash',
    });
  }
  assertSignedEntityTypeMatchesMessage(certificate);
  let parts: ProtocolMessageParts;
  switch (binding.type) {
    case 'MithrilStakeDistribution': {
      const { artifact } = binding;
      expectLabel(certificate, binding, (set) => set.type === 'MithrilStakeDistribution' && set.epoch === artifact.epoch);
      // Off devnets, as the reference's production builds, every signer must be certified (nodes.md §2.3.1).
      verifyMithrilStakeDistributionSigners(artifact.signers, { requireCertification: certificate.metadata.network !== 'devnet' });
      parts = { next_aggregate_verification_key: computeMithrilStakeDistributionAvk(artifact.signers) };
      break;
    }
    case 'CardanoStakeDistribution': {
      const { artifact } = binding;
      expectLabel(certificate, binding, (set) => set.type === 'CardanoStakeDistribution' && set.epoch === artifact.epoch);
      parts = {
        cardano_stake_distribution_epoch: artifact.epoch.toString(),
        cardano_stake_distribution_merkle_root: computeCardanoStakeDistributionMerkleRoot(artifact.stakeDistribution),
      };
      break;
    }
    case 'CardanoDatabase': {
      const { beacon } = binding.artifact;
      expectLabel(
        certificate,
        binding,
        (set) => set.type === 'CardanoDatabase' && set.epoch === beacon.epoch && set.immutableFileNumber === beacon.immutableFileNumber,
      );
      parts = { cardano_database_merkle_root: computeCardanoDatabaseMerkleRoot(binding.digests, beacon.immutableFileNumber) };
      break;
    }
    case 'CardanoImmutableFilesFull': {
      const { beacon } = binding.artifact;
      expectLabel(
        certificate,
        binding,
        (set) => set.type === 'CardanoImmutableFilesFull' && set.epoch === beacon.epoch && set.immutableFileNumber === beacon.immutableFileNumber,
      );
      // The reference client takes the network from the certificate metadata and the beacon from its type.
      const digest = computeSnapshotDigest({ network: certificate.metadata.network, ...beacon }, binding.fileDigests);
      parts = { snapshot_digest: digest };
      break;
    }
  }
  verifyMessagePartsAgainstCertificate(certificate, parts);
  return parts;
}
