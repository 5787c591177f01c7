/**
 * Genesis verification keys and the genesis Ed25519 signature (certificates.md §5).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { jsonHexToText } from '../codec/json-hex.js';
import { parseJson } from '../codec/json.js';
import { isMithrilError } from '../errors.js';
import { bytesToBigIntLE, concatBytes, hexToBytes, utf8 } from '../utils/bytes.js';
import { CertificateError } from './errors.js';

/** Order of the Ed25519 prime-order subgroup. */
const ED25519_L = (1n << 252n) + 27742317777372353535851937790883648493n;

function keyError(message: string, cause?: unknown): CertificateError {
  return new CertificateError('GENESIS_VERIFICATION_KEY_INVALID', message, { field: 'genesis_verification_key', cause });
}

function bytesFromJsonArray(value: unknown): Uint8Array | undefined {
  if (!Array.isArray(value) || value.length !== 32) return undefined;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    const b: unknown = value[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) return undefined;
    out[i] = b;
  }
  return out;
}

/**
 * Decodes a genesis verification key in the reference's JSON-hex form: the hex of the ASCII JSON array of the 32 key
 * bytes, so the first hex character is `5` (certificates.md §5.3, trap 29). Surrounding whitespace is trimmed; like
 * the reference, a 64-character bytes-hex key starting with `5` is accepted as a fallback. A `0` (dual bundle of the
 * future Lagrange era) is refused.
 *
 * @param jsonHex - the content of a `genesis.vkey` file, e.g. `5b33322c3235332c…5d`
 * @returns the raw 32-byte Ed25519 public key
 * @throws {CertificateError} `GENESIS_VERIFICATION_KEY_INVALID` when the text is not a key;
 *   `CERTIFICATE_UNSUPPORTED_FORMAT` for a dual (Ed25519 + Schnorr) bundle
 * @example
 * parseGenesisVerificationKey('5b33322c3235332c…5d'); // Uint8Array(32) [32, 253, …]
 */
export function parseGenesisVerificationKey(jsonHex: string): Uint8Array {
  if (typeof jsonHex !== 'string') throw keyError('expected a JSON-hex string');
  const text = jsonHex.trim();
  if (text.startsWith('0')) {
    throw new CertificateError('CERTIFICATE_UNSUPPORTED_FORMAT', 'dual genesis verification key bundles are not supported', {
      field: 'genesis_verification_key',
    });
  }
  if (!text.startsWith('5')) throw keyError('unrecognised genesis verification key format (expected JSON-hex)');
  let key: Uint8Array | undefined;
  let cause: unknown;
  try {
    key = bytesFromJsonArray(parseJson(jsonHexToText(text, 'genesis_verification_key'), 'genesis_verification_key'));
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    cause = error;
  }
  if (key === undefined && text.length === 64) {
    try {
      key = hexToBytes(text, 'genesis_verification_key');
    } catch (error) {
      cause = error;
    }
  }
  if (key === undefined) throw keyError('expected the JSON-hex of an array of 32 bytes', cause);
  if (!isValidEd25519PublicKey(key)) throw keyError('not a valid Ed25519 public key (non-canonical or small order)');
  return key;
}

function isValidEd25519PublicKey(key: Uint8Array): boolean {
  try {
    return !ed25519.Point.fromBytes(key, false).isSmallOrder();
  } catch {
    return false;
  }
}

/**
 * Strict Ed25519 verification with the acceptance rules of ed25519-dalek's `verify_strict`, which the reference uses
 * (certificates.md §5.5): canonical encodings, no small-order public key or `R`, and the cofactorless equation.
 *
 * @param signature - 64 bytes `R ‖ s`
 * @param message - the signed bytes
 * @param publicKey - 32 bytes
 * @returns whether the signature is valid
 *
 * @example
 * const ok = verifyEd25519Strict(hexToBytes(certificate.genesisSignature), new TextEncoder().encode(certificate.signedMessage), genesisKey);
 */
export function verifyEd25519Strict(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  if (!ed25519.verify(signature, message, publicKey, { zip215: false })) return false;
  try {
    const r = ed25519.Point.fromBytes(signature.subarray(0, 32), false);
    if (r.isSmallOrder()) return false;
    const a = ed25519.Point.fromBytes(publicKey, false);
    const s = bytesToBigIntLE(signature.subarray(32));
    const k = bytesToBigIntLE(sha512(concatBytes(signature.subarray(0, 32), publicKey, message))) % ED25519_L;
    // noble checks the cofactored equation; dalek's strict mode also requires R == [s]B − [k]A exactly.
    const expected = ed25519.Point.BASE.multiplyUnsafe(s).subtract(a.multiplyUnsafe(k));
    return expected.equals(r);
  } catch {
    return false;
  }
}

const LOWER_HEX_128 = /^[0-9a-f]{128}$/;

/**
 * Verifies a genesis certificate's Ed25519 signature over the 64 ASCII bytes of `signed_message` (not the raw digest,
 * not the certificate hash; certificates.md §5.1-§5.2, trap 29).
 *
 * @param signedMessage - the certificate's `signed_message`
 * @param genesisSignature - the certificate's `genesis_signature` (128 lowercase hex characters)
 * @param genesisKey - the raw 32-byte genesis verification key ({@link parseGenesisVerificationKey})
 * @throws {CertificateError} `MESSAGE_INVALID` when the signature is not 128 lowercase hex characters;
 *   `CERTIFICATE_GENESIS_SIGNATURE_INVALID` when it does not verify
 * @example
 * verifyGenesisSignature(cert.signedMessage, cert.genesisSignature, parseGenesisVerificationKey(vkey));
 */
export function verifyGenesisSignature(signedMessage: string, genesisSignature: string, genesisKey: Uint8Array): void {
  if (!LOWER_HEX_128.test(genesisSignature)) {
    throw new CertificateError('MESSAGE_INVALID', 'expected 128 lowercase hex characters (64-byte Ed25519 signature)', {
      field: 'genesis_signature',
    });
  }
  if (!verifyEd25519Strict(hexToBytes(genesisSignature), utf8(signedMessage), genesisKey)) {
    throw new CertificateError('CERTIFICATE_GENESIS_SIGNATURE_INVALID', 'the genesis signature does not verify with the genesis key', {
      field: 'genesis_signature',
    });
  }
}
