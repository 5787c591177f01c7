/**
 * Typed, camelCase model of the certificate messages of the aggregator API (certificates.md §1, nodes.md §1.4).
 * u64 values are `bigint`; the strings that enter hashes (`signedMessage`, hashes, AVK, signatures) are kept exactly
 * as received.
 */
import type { Timestamp } from './timestamp.js';

/**
 * Protocol parameters `{k, m, phi_f}` (certificates.md §2.3).
 *
 * @example
 * const { k, m, phiF } = certificate.metadata.parameters;
 */
export interface ProtocolParameters {
  /** Quorum: minimum number of won lottery indexes. */
  readonly k: bigint;
  /** Number of lotteries. */
  readonly m: bigint;
  /** `phi_f` as received; hashed and compared as U8F24 fixed point. */
  readonly phiF: number;
}

/** A signer listed in a certificate's metadata: party id and stake (hashed in array order). */
export interface CertificateSigner {
  readonly partyId: string;
  readonly stake: bigint;
}

/**
 * `metadata` of a full certificate (certificates.md §1.1, §2.2).
 *
 * @example
 * const { network, parameters, signers } = certificate.metadata; // hashed, but not signed
 */
export interface CertificateMetadata {
  readonly network: string;
  /** Protocol version, JSON field `version`. */
  readonly version: string;
  readonly parameters: ProtocolParameters;
  readonly initiatedAt: Timestamp;
  readonly sealedAt: Timestamp;
  /** Signers in the received (unsorted) order. */
  readonly signers: readonly CertificateSigner[];
}

/** `metadata` of a certificate list item: `total_signers` instead of the signer list. */
export interface CertificateListItemMetadata {
  readonly network: string;
  readonly version: string;
  readonly parameters: ProtocolParameters;
  readonly initiatedAt: Timestamp;
  readonly sealedAt: Timestamp;
  readonly totalSigners: bigint;
}

/**
 * Protocol-message part keys in the reference enum order, which is the hash order (certificates.md §3; not
 * alphabetical, not JSON order).
 *
 * @example
 * PROTOCOL_MESSAGE_PART_KEYS.includes('snapshot_digest') // true
 */
export const PROTOCOL_MESSAGE_PART_KEYS = [
  'snapshot_digest',
  'cardano_transactions_merkle_root',
  'cardano_blocks_transactions_merkle_root',
  'next_aggregate_verification_key',
  'next_protocol_parameters',
  'current_epoch',
  'latest_block_number',
  'cardano_blocks_transactions_block_number_offset',
  'cardano_stake_distribution_epoch',
  'cardano_stake_distribution_merkle_root',
  'cardano_database_merkle_root',
  'next_aggregate_verification_key_snark',
] as const;

/** A protocol-message part key. */
export type ProtocolMessagePartKey = (typeof PROTOCOL_MESSAGE_PART_KEYS)[number];

/**
 * Protocol-message parts: key → string value, only the present keys.
 *
 * @example
 * const parts: ProtocolMessageParts = { cardano_stake_distribution_merkle_root: root };
 */
export type ProtocolMessageParts = Readonly<Partial<Record<ProtocolMessagePartKey, string>>>;

/**
 * A protocol message (certificates.md §3).
 *
 * @example
 * computeProtocolMessageHash(certificate.protocolMessage) === certificate.signedMessage // for a genuine certificate
 */
export interface ProtocolMessage {
  readonly parts: ProtocolMessageParts;
  /** `hash_scheme` as received; absent or `"legacy"` is the only scheme supported (trap 21, 38). */
  readonly hashScheme?: string | undefined;
}

/**
 * A signed entity type (certificates.md §4), decoded from its externally tagged JSON form. Historical variants are
 * kept so that old certificates can still be hashed (§8.2).
 *
 * @example
 * if (certificate.signedEntityType.type === 'CardanoStakeDistribution') console.log(certificate.signedEntityType.epoch);
 */
export type SignedEntityType =
  | { readonly type: 'MithrilStakeDistribution'; readonly epoch: bigint }
  | { readonly type: 'CardanoStakeDistribution'; readonly epoch: bigint }
  | {
      readonly type: 'CardanoImmutableFilesFull';
      readonly epoch: bigint;
      readonly immutableFileNumber: bigint;
      /** Present in data produced before distribution 2450; then fed to the hash first. */
      readonly network?: string | undefined;
    }
  | { readonly type: 'CardanoTransactions'; readonly epoch: bigint; readonly blockNumber: bigint }
  | { readonly type: 'CardanoDatabase'; readonly epoch: bigint; readonly immutableFileNumber: bigint }
  | {
      readonly type: 'CardanoBlocksTransactions';
      readonly epoch: bigint;
      readonly blockNumber: bigint;
      /** Absent in the 2-element form of distribution 2603.x. */
      readonly blockNumberOffset?: bigint | undefined;
    }
  | { readonly type: 'Unknown'; readonly name: string };

/** Names of the signed entity types this SDK knows, in the reference enum order (ids 0-5). */
export type SignedEntityTypeName = Exclude<SignedEntityType['type'], 'Unknown'>;

/**
 * A full certificate, `GET /certificate/{hash}` (certificates.md §1.1).
 *
 * @example
 * const certificate: Certificate = parseCertificate(text); // parsed, not verified
 * console.log(certificate.hash, certificate.epoch, certificate.signedEntityType.type);
 */
export interface Certificate {
  readonly hash: string;
  /** `""` for a genesis certificate. */
  readonly previousHash: string;
  readonly epoch: bigint;
  /** Ignored for genesis certificates (not hashed). */
  readonly signedEntityType: SignedEntityType;
  readonly metadata: CertificateMetadata;
  readonly protocolMessage: ProtocolMessage;
  /** Hex SHA-256 of the protocol message; its 64 ASCII bytes are what is signed. */
  readonly signedMessage: string;
  /** JSON-hex of the AVK, as received. */
  readonly aggregateVerificationKey: string;
  /** JSON-hex of the STM aggregate signature; `""` for genesis. */
  readonly multiSignature: string;
  /** Bytes-hex Ed25519 signature; non-empty only for genesis. */
  readonly genesisSignature: string;
  /** Future-era fields (trap 38), kept so that verification can refuse them. */
  readonly aggregateVerificationKeySnark?: string | undefined;
  readonly ancillaryProverData?: string | undefined;
  readonly ancillaryVerifierData?: string | undefined;
  readonly genesisSchnorrSignature?: string | undefined;
}

/** A certificate list item, `GET /certificates`: no signatures, so it can never be verified (trap 33). */
export interface CertificateListItem {
  readonly hash: string;
  readonly previousHash: string;
  readonly epoch: bigint;
  readonly signedEntityType: SignedEntityType;
  readonly metadata: CertificateListItemMetadata;
  readonly protocolMessage: ProtocolMessage;
  readonly signedMessage: string;
  readonly aggregateVerificationKey: string;
}

/** The beacon of a v0 certificate (before distribution 2418). */
export interface CertificateV0Beacon {
  readonly network: string;
  readonly epoch: bigint;
  readonly immutableFileNumber: bigint;
}

/** `metadata` of a v0 certificate: no network (it is in the beacon). */
export interface CertificateV0Metadata {
  readonly version: string;
  readonly parameters: ProtocolParameters;
  readonly initiatedAt: Timestamp;
  readonly sealedAt: Timestamp;
  readonly signers: readonly CertificateSigner[];
}

/** A v0 certificate (`beacon`, no `epoch` / `signed_entity_type`), only for hash-integrity tooling (certificates.md §8.2). */
export interface CertificateV0 {
  readonly hash: string;
  readonly previousHash: string;
  readonly beacon: CertificateV0Beacon;
  readonly metadata: CertificateV0Metadata;
  readonly protocolMessage: ProtocolMessage;
  readonly signedMessage: string;
  readonly aggregateVerificationKey: string;
  readonly multiSignature: string;
  readonly genesisSignature: string;
}
