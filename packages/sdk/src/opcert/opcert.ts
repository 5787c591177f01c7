/**
 * Operational certificates (nodes.md §2.3.1): the pool's cold Ed25519 key certifies a KES verification key from a
 * start KES period, with an issue number. Wire form (JSON-hex): `[[kes_vk, issue, start, cold_sig], cold_vk]`
 * with byte vectors as integer arrays; file form: the cardano-cli text envelope of the same structure in CBOR.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { decodeCbor } from '../codec/cbor.js';
import { encodeCbor } from '../codec/cbor-encode.js';
import type { CborValue } from '../codec/cbor-value.js';
import { fail, toBytes, toU64 } from '../codec/fields.js';
import { decodeJsonHex, encodeJsonHex } from '../codec/json-hex.js';
import type { JsonValue } from '../codec/json-value.js';
import { jsonArray } from '../codec/stm/json-fields.js';
import { poolIdFromColdVerificationKey } from '../chain/bech32.js';
import { bytesToHex, concatBytes, u64be } from '../utils/bytes.js';
import { sha256 } from '../utils/hash.js';
import { KES_TOTAL_PERIODS, KesError } from '../kes/sum6.js';
import { parseTextEnvelope, textEnvelope } from '../kes/text-envelope.js';

/**
 * The text-envelope type of an operational certificate file.
 *
 * @example
 * JSON.parse(opcertText).type === OPCERT_ENVELOPE_TYPE // 'NodeOperationalCertificate'
 */
export const OPCERT_ENVELOPE_TYPE = 'NodeOperationalCertificate';

/** A parsed operational certificate. */
export interface OperationalCertificate {
  /** The certified KES verification key (32 bytes). */
  readonly kesVerificationKey: Uint8Array;
  /** The issue number (counter of the certificates the cold key issued). */
  readonly issueNumber: bigint;
  /** The KES period from which the KES key is valid. */
  readonly startKesPeriod: bigint;
  /** Ed25519 signature of the cold key over {@link operationalCertificateMessage} (64 bytes). */
  readonly coldSignature: Uint8Array;
  /** The pool's cold Ed25519 verification key (32 bytes). */
  readonly coldVerificationKey: Uint8Array;
}

function fromParts(
  body: readonly unknown[],
  coldVk: unknown,
  field: string,
  code: 'ENCODING_INVALID_CBOR' | 'ENCODING_INVALID_JSON',
): OperationalCertificate {
  if (body.length !== 4) fail(code, 'the certificate body has 4 fields', `${field}[0]`);
  return {
    kesVerificationKey: toBytes(body[0], `${field}[0][0]`, 32, code),
    issueNumber: toU64(body[1], `${field}[0][1]`, code),
    startKesPeriod: toU64(body[2], `${field}[0][2]`, code),
    coldSignature: toBytes(body[3], `${field}[0][3]`, 64, code),
    coldVerificationKey: toBytes(coldVk, `${field}[1]`, 32, code),
  };
}

/**
 * Decodes the CBOR of an operational certificate (`[[kes_vk, issue, start, sig], cold_vk]`).
 *
 * @param bytes - the CBOR bytes
 * @param field - name of the input, for errors
 * @returns the certificate
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` / `ENCODING_INVALID_LENGTH` on a wrong shape
 * @example
 * decodeOperationalCertificateCbor(hexToBytes('8284…'))
 */
export function decodeOperationalCertificateCbor(bytes: Uint8Array, field = 'operational_certificate'): OperationalCertificate {
  const value = decodeCbor(bytes, field);
  if (!Array.isArray(value) || value.length !== 2 || !Array.isArray(value[0])) {
    fail('ENCODING_INVALID_CBOR', 'expected [[kes_vk, issue_number, start_kes_period, signature], cold_vk]', field);
  }
  return fromParts(value[0], value[1], field, 'ENCODING_INVALID_CBOR');
}

/**
 * Encodes the CBOR of the certificate body without the cold key (`[kes_vk, issue, start, sig]`), the reference's
 * `OpCertWithoutColdVerificationKey`.
 *
 * @param cert - the certificate
 * @returns the CBOR bytes
 * @example
 * bytesToHex(encodeOperationalCertificateBodyCbor(cert)) // '845820…'
 */
export function encodeOperationalCertificateBodyCbor(cert: OperationalCertificate): Uint8Array {
  return encodeCbor(bodyCbor(cert));
}

function bodyCbor(cert: OperationalCertificate): CborValue[] {
  return [cert.kesVerificationKey, cert.issueNumber, cert.startKesPeriod, cert.coldSignature];
}

/**
 * Encodes the CBOR of an operational certificate, as in its cardano-cli file.
 *
 * @param cert - the certificate
 * @returns the CBOR bytes
 * @example
 * encodeOperationalCertificateCbor(cert) // 82 84 58 20 …
 */
export function encodeOperationalCertificateCbor(cert: OperationalCertificate): Uint8Array {
  return encodeCbor([bodyCbor(cert), cert.coldVerificationKey]);
}

/**
 * Parses an operational certificate file (cardano-cli text envelope, `cborHex`).
 *
 * @param text - the file content
 * @param field - name of the input (e.g. the file name), for errors
 * @returns the certificate
 * @throws {EncodingError} on bad JSON, hex or CBOR
 * @example
 * const cert = parseOperationalCertificateEnvelope(await readFile('opcert.cert', 'utf8'), 'opcert.cert');
 */
export function parseOperationalCertificateEnvelope(text: string, field = 'operational_certificate'): OperationalCertificate {
  return decodeOperationalCertificateCbor(parseTextEnvelope(text, field).cbor, field);
}

/**
 * Formats an operational certificate as a cardano-cli text envelope.
 *
 * @param cert - the certificate
 * @returns the file content
 * @example
 * await writeFile('opcert.cert', formatOperationalCertificateEnvelope(cert));
 */
export function formatOperationalCertificateEnvelope(cert: OperationalCertificate): string {
  return textEnvelope(OPCERT_ENVELOPE_TYPE, '', encodeOperationalCertificateCbor(cert));
}

/**
 * The serde JSON value of a certificate (the form inside registrations and epoch settings).
 *
 * @param cert - the certificate
 * @returns `[[kes_vk, issue, start, sig], cold_vk]` with integer arrays
 * @example
 * stringifyJson(operationalCertificateToJson(cert)) // '[[[…],0,0,[…]],[…]]'
 */
export function operationalCertificateToJson(cert: OperationalCertificate): JsonValue {
  const bytes = (b: Uint8Array): JsonValue => Array.from(b);
  return [[bytes(cert.kesVerificationKey), cert.issueNumber, cert.startKesPeriod, bytes(cert.coldSignature)], bytes(cert.coldVerificationKey)];
}

/**
 * Encodes a certificate as JSON-hex (the registration's `operational_certificate`).
 *
 * @param cert - the certificate
 * @returns lowercase hex of the compact JSON
 * @example
 * const operational_certificate = encodeOperationalCertificateJsonHex(cert);
 */
export function encodeOperationalCertificateJsonHex(cert: OperationalCertificate): string {
  return encodeJsonHex(operationalCertificateToJson(cert));
}

/**
 * Decodes the JSON-hex of a certificate.
 *
 * @param hex - the JSON-hex text
 * @param field - name of the input, for errors
 * @returns the certificate
 * @throws {EncodingError} on bad hex, JSON or shape
 * @example
 * decodeOperationalCertificateJsonHex(signer.operational_certificate)
 */
export function decodeOperationalCertificateJsonHex(hex: string, field = 'operational_certificate'): OperationalCertificate {
  const value = jsonArray(decodeJsonHex(hex, field), field);
  if (value.length !== 2) fail('ENCODING_INVALID_JSON', 'expected [body, cold_vk]', field);
  return fromParts(jsonArray(value[0], `${field}[0]`), value[1], field, 'ENCODING_INVALID_JSON');
}

/**
 * The 48 bytes the cold key signs: `kes_vk ‖ u64_be(issue_number) ‖ u64_be(start_kes_period)`.
 *
 * @param cert - the certificate (or its first three fields)
 * @returns the message
 * @example
 * operationalCertificateMessage(cert).length // 48
 */
export function operationalCertificateMessage(
  cert: Pick<OperationalCertificate, 'kesVerificationKey' | 'issueNumber' | 'startKesPeriod'>,
): Uint8Array {
  return concatBytes(cert.kesVerificationKey, u64be(cert.issueNumber), u64be(cert.startKesPeriod));
}

/**
 * Whether the cold-key signature of a certificate verifies (the reference's `OpCert::validate`).
 *
 * @param cert - the certificate
 * @returns true when valid
 * @example
 * isOperationalCertificateValid(cert) // true
 */
export function isOperationalCertificateValid(cert: OperationalCertificate): boolean {
  try {
    return ed25519.verify(cert.coldSignature, operationalCertificateMessage(cert), cert.coldVerificationKey, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * Throws unless the cold-key signature of a certificate verifies.
 *
 * @param cert - the certificate
 * @throws {KesError} `OPCERT_INVALID` when it does not verify
 * @example
 * assertOperationalCertificateValid(cert);
 */
export function assertOperationalCertificateValid(cert: OperationalCertificate): void {
  if (!isOperationalCertificateValid(cert)) {
    throw new KesError('OPCERT_INVALID', 'invalid operational certificate: the cold-key signature does not verify', {
      field: 'operational_certificate',
    });
  }
}

/**
 * Issues an operational certificate with a cold secret key (tests, devnets and tooling).
 *
 * @param params - the KES verification key, issue number, start KES period and the 32-byte cold Ed25519 secret seed
 * @returns the signed certificate
 * @example
 * const cert = issueOperationalCertificate({ kesVerificationKey, issueNumber: 0n, startKesPeriod: 0n, coldSecretKey });
 */
export function issueOperationalCertificate(params: {
  readonly kesVerificationKey: Uint8Array;
  readonly issueNumber: bigint;
  readonly startKesPeriod: bigint;
  readonly coldSecretKey: Uint8Array;
}): OperationalCertificate {
  const coldSignature = ed25519.sign(operationalCertificateMessage(params), params.coldSecretKey);
  return {
    kesVerificationKey: params.kesVerificationKey.slice(),
    issueNumber: params.issueNumber,
    startKesPeriod: params.startKesPeriod,
    coldSignature,
    coldVerificationKey: ed25519.getPublicKey(params.coldSecretKey),
  };
}

/**
 * The party id of a certificate: the pool id `bech32("pool", Blake2b-224(cold_vk))`.
 *
 * @param cert - the certificate
 * @returns the `pool1…` id
 * @example
 * operationalCertificatePartyId(cert) // 'pool1…'
 */
export function operationalCertificatePartyId(cert: OperationalCertificate): string {
  return poolIdFromColdVerificationKey(cert.coldVerificationKey);
}

/**
 * The reference's `OpCert::compute_hash`: `hex(SHA-256(kes_vk ‖ u64_be(issue) ‖ u64_be(start) ‖ sig ‖ cold_vk))`.
 *
 * @param cert - the certificate
 * @returns 64 hex characters
 * @example
 * operationalCertificateHash(cert)
 */
export function operationalCertificateHash(cert: OperationalCertificate): string {
  return bytesToHex(sha256(concatBytes(operationalCertificateMessage(cert), cert.coldSignature, cert.coldVerificationKey)));
}

/**
 * The KES evolutions of a certificate at a KES period (`current − start`), checked against its 64-period window.
 *
 * @param cert - the certificate
 * @param currentKesPeriod - the chain's current KES period
 * @returns the evolutions, 0 … 63
 * @throws {KesError} `OPCERT_KES_PERIOD_OUT_OF_WINDOW` before the start or after the last period
 * @example
 * kesEvolutionsAt(cert, 12n) // 12 for a certificate starting at 0
 */
export function kesEvolutionsAt(cert: Pick<OperationalCertificate, 'startKesPeriod'>, currentKesPeriod: bigint): number {
  const evolutions = currentKesPeriod - cert.startKesPeriod;
  if (evolutions < 0n || evolutions >= BigInt(KES_TOTAL_PERIODS)) {
    throw new KesError(
      'OPCERT_KES_PERIOD_OUT_OF_WINDOW',
      `KES period ${currentKesPeriod} is outside the certificate window ${cert.startKesPeriod}..${cert.startKesPeriod + BigInt(KES_TOTAL_PERIODS - 1)}`,
      { field: 'kes_period' },
    );
  }
  return Number(evolutions);
}
