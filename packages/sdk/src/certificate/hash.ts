/**
 * Certificate hashing (certificates.md §2-§4, §8): protocol message, protocol parameters (U8F24), metadata and
 * certificate hashes. Every intermediate hash enters the next one as the ASCII bytes of its lowercase hex (trap 20).
 */
import { bytesToHex, hexToBytes, u64be, utf8 } from '../utils/bytes.js';
import { sha256OfParts } from '../utils/hash.js';
import { CertificateError } from './errors.js';
import { signedEntityTypeHashFeed, type SignedEntityTypeFeedOptions } from './signed-entity-type.js';
import {
  PROTOCOL_MESSAGE_PART_KEYS,
  type Certificate,
  type CertificateMetadata,
  type CertificateSigner,
  type CertificateV0,
  type CertificateV0Metadata,
  type ProtocolMessage,
  type ProtocolParameters,
} from './types.js';

const KNOWN_PART_KEYS: ReadonlySet<string> = new Set(PROTOCOL_MESSAGE_PART_KEYS);
const TWO_POW_24 = 16777216;
const TWO_POW_32 = 4294967296;

function sha256Hex(...parts: Uint8Array[]): string {
  return sha256HexOfList(parts);
}

// Lists sized by the input (signers) go through here, never through a spread.
function sha256HexOfList(parts: readonly Uint8Array[]): string {
  return bytesToHex(sha256OfParts(parts));
}

function i64be(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, value, false);
  return out;
}

function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

/**
 * Checks that a protocol message uses the legacy hash scheme and only known part keys (trap 21, 38).
 *
 * @param message - the protocol message
 * @throws {CertificateError} `CERTIFICATE_UNSUPPORTED_FORMAT` for a `hash_scheme` other than absent / `"legacy"`;
 *   `MESSAGE_INVALID` for an unknown part key or a non-string value (`undefined` counts as absent)
 *
 * @example
 * assertSupportedProtocolMessage(certificate.protocolMessage); // throws CERTIFICATE_UNSUPPORTED_FORMAT for an unknown hash scheme
 */
export function assertSupportedProtocolMessage(message: ProtocolMessage): void {
  if (message.hashScheme !== undefined && message.hashScheme !== 'legacy') {
    throw new CertificateError('CERTIFICATE_UNSUPPORTED_FORMAT', `unsupported protocol message hash scheme ${JSON.stringify(message.hashScheme)}`, {
      field: 'protocol_message.hash_scheme',
    });
  }
  for (const [key, value] of Object.entries(message.parts)) {
    if (!KNOWN_PART_KEYS.has(key)) {
      throw new CertificateError('MESSAGE_INVALID', 'unknown protocol message part', {
        field: `protocol_message.message_parts.${key}`,
      });
    }
    if (value !== undefined && typeof value !== 'string') {
      throw new CertificateError('MESSAGE_INVALID', 'expected a string', {
        field: `protocol_message.message_parts.${key}`,
      });
    }
  }
}

/**
 * The legacy protocol-message hash, i.e. what `signed_message` must be: SHA-256 over `utf8(key) ‖ utf8(value)` of
 * the present parts in enum order (certificates.md §3).
 *
 * @param message - the protocol message
 * @returns lowercase hex SHA-256
 * @throws {CertificateError} see {@link assertSupportedProtocolMessage}
 * @example
 * computeProtocolMessageHash(certificate.protocolMessage) === certificate.signedMessage;
 */
export function computeProtocolMessageHash(message: ProtocolMessage): string {
  assertSupportedProtocolMessage(message);
  const feed: Uint8Array[] = [];
  for (const key of PROTOCOL_MESSAGE_PART_KEYS) {
    const value = message.parts[key];
    if (value !== undefined) feed.push(utf8(key), utf8(value));
  }
  return sha256HexOfList(feed);
}

/**
 * `phi_f` as the U8F24 fixed-point integer the reference hashes: `round_half_to_even(phi_f × 2^24)`
 * (certificates.md §2.3, trap 24). The product is exact in binary64, so only the rounding needs care.
 *
 * @param phiF - `phi_f`
 * @returns an integer in [0, 2^32)
 * @throws {CertificateError} `MESSAGE_INVALID` when the value does not fit U8F24 (the reference panics)
 * @example
 * phiFToU8F24(0.95); // 0x00f33333
 */
export function phiFToU8F24(phiF: number): number {
  if (typeof phiF !== 'number' || !Number.isFinite(phiF) || phiF < 0) {
    throw new CertificateError('MESSAGE_INVALID', `phi_f ${String(phiF)} does not fit U8F24`, { field: 'phi_f' });
  }
  const scaled = phiF * TWO_POW_24;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  if (rounded >= TWO_POW_32) {
    throw new CertificateError('MESSAGE_INVALID', `phi_f ${phiF} does not fit U8F24`, { field: 'phi_f' });
  }
  return rounded;
}

/**
 * Protocol parameters hash `SHA-256(u64_be(k) ‖ u64_be(m) ‖ u32_be(U8F24(phi_f)))` (certificates.md §2.3); this is
 * the `next_protocol_parameters` message part.
 *
 * @param parameters - `{k, m, phiF}`
 * @returns lowercase hex
 * @throws {CertificateError} `MESSAGE_INVALID` when `phi_f` does not fit U8F24
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when k or m is not a u64
 * @example
 * computeProtocolParametersHash({ k: 70n, m: 105n, phiF: 0.95 }); // 'c36d7a80…'
 */
export function computeProtocolParametersHash(parameters: ProtocolParameters): string {
  return sha256Hex(u64be(parameters.k, 'k'), u64be(parameters.m, 'm'), u32be(phiFToU8F24(parameters.phiF)));
}

/**
 * Parameter equality as the reference defines it: k, m and the U8F24 value of `phi_f` (certificates.md §2.3).
 *
 * @returns whether the parameters are equal
 * @throws {CertificateError} `MESSAGE_INVALID` when a `phi_f` does not fit U8F24
 *
 * @example
 * protocolParametersEqual(previous.metadata.parameters, certificate.metadata.parameters) // same epoch: must hold
 */
export function protocolParametersEqual(a: ProtocolParameters, b: ProtocolParameters): boolean {
  return a.k === b.k && a.m === b.m && phiFToU8F24(a.phiF) === phiFToU8F24(b.phiF);
}

/**
 * Hash of one metadata signer: `hex(SHA-256(utf8(party_id) ‖ u64_be(stake)))` (certificates.md §2.2).
 *
 * @returns lowercase hex
 *
 * @example
 * computeCertificateSignerHash({ partyId: 'pool1…', stake: 1_000n }) // 64 hex characters
 */
export function computeCertificateSignerHash(signer: CertificateSigner): string {
  return sha256Hex(utf8(signer.partyId), u64be(signer.stake, 'metadata.signers.stake'));
}

function metadataFeed(metadata: CertificateV0Metadata): Uint8Array[] {
  const feed = [
    utf8(metadata.version),
    utf8(computeProtocolParametersHash(metadata.parameters)),
    i64be(metadata.initiatedAt.nanos),
    i64be(metadata.sealedAt.nanos),
  ];
  for (const s of metadata.signers) feed.push(utf8(computeCertificateSignerHash(s)));
  return feed;
}

/**
 * Metadata hash: network, version, parameters hash, i64 nanosecond timestamps and the signer hashes in array order
 * (certificates.md §2.2, traps 23 and 25).
 *
 * @param metadata - the certificate metadata
 * @returns lowercase hex
 *
 * @example
 * const metadataHash = computeCertificateMetadataHash(certificate.metadata);
 */
export function computeCertificateMetadataHash(metadata: CertificateMetadata): string {
  const feed = metadataFeed(metadata);
  feed.unshift(utf8(metadata.network));
  return sha256HexOfList(feed);
}

/** Options of {@link computeCertificateHash}. */
export type CertificateHashOptions = SignedEntityTypeFeedOptions;

/**
 * Whether a certificate is a genesis certificate: decided only by a non-empty `genesis_signature` (trap 27).
 *
 * @example
 * if (isGenesisCertificate(certificate)) verifyGenesisSignature(certificate.signedMessage, certificate.genesisSignature, genesisKey);
 */
export function isGenesisCertificate(certificate: Pick<Certificate, 'genesisSignature'>): boolean {
  return certificate.genesisSignature !== '';
}

/**
 * The certificate hash (certificates.md §2.1): previous hash, u64 epoch, metadata hash, the *recomputed*
 * protocol-message hash, `signed_message`, the AVK string, the signed-entity-type feed (standard certificates only),
 * the signature string (multi-signature, or genesis signature for genesis), then any ancillary data bytes.
 * The AVK and signature strings are hashed as received, so they must be canonical (trap 28).
 *
 * @param certificate - the certificate
 * @param options - historical signed-entity-type feed variants (§8.3)
 * @returns lowercase hex
 * @throws {CertificateError} `CERTIFICATE_UNSUPPORTED_FORMAT` (hash scheme, unknown signed entity type),
 *   `MESSAGE_INVALID` (unknown message part, phi_f out of range)
 * @example
 * computeCertificateHash(certificate) === certificate.hash;
 */
export function computeCertificateHash(certificate: Certificate, options: CertificateHashOptions = {}): string {
  const genesis = isGenesisCertificate(certificate);
  const feed: Uint8Array[] = [
    utf8(certificate.previousHash),
    u64be(certificate.epoch, 'epoch'),
    utf8(computeCertificateMetadataHash(certificate.metadata)),
    utf8(computeProtocolMessageHash(certificate.protocolMessage)),
    utf8(certificate.signedMessage),
    utf8(certificate.aggregateVerificationKey),
  ];
  if (!genesis) feed.push(signedEntityTypeHashFeed(certificate.signedEntityType, options));
  feed.push(utf8(genesis ? certificate.genesisSignature : certificate.multiSignature));
  if (certificate.ancillaryProverData !== undefined) {
    feed.push(hexToBytes(certificate.ancillaryProverData, 'ancillary_prover_data'));
  }
  if (certificate.ancillaryVerifierData !== undefined) {
    feed.push(hexToBytes(certificate.ancillaryVerifierData, 'ancillary_verifier_data'));
  }
  return sha256HexOfList(feed);
}

/**
 * Hash of a v0 certificate (before distribution 2418; certificates.md §8.2 item 1): the beacon hash replaces the
 * epoch and signed-entity-type feed, and the metadata hash has no network.
 *
 * @param certificate - the v0 certificate
 * @returns lowercase hex
 * @throws {CertificateError} as {@link computeCertificateHash}
 *
 * @example
 * computeCertificateV0Hash(parseCertificateV0(text)) === certificate.hash
 */
export function computeCertificateV0Hash(certificate: CertificateV0): string {
  const { beacon } = certificate;
  const beaconHash = sha256Hex(
    utf8(beacon.network),
    u64be(beacon.epoch, 'beacon.epoch'),
    u64be(beacon.immutableFileNumber, 'beacon.immutable_file_number'),
  );
  const signature = certificate.genesisSignature !== '' ? certificate.genesisSignature : certificate.multiSignature;
  return sha256Hex(
    utf8(certificate.previousHash),
    utf8(beaconHash),
    utf8(sha256HexOfList(metadataFeed(certificate.metadata))),
    utf8(computeProtocolMessageHash(certificate.protocolMessage)),
    utf8(certificate.signedMessage),
    utf8(certificate.aggregateVerificationKey),
    utf8(signature),
  );
}
