/**
 * The wire and file forms of Sum6 KES values: the JSON-hex of a `Sum6KesSig` (six nested
 * `{"sigma", "lhs_pk", "rhs_pk"}` levels around a 64-byte Ed25519 signature, nodes.md §2.3.1) and the cardano-cli
 * text envelope of a KES secret key (`KesSigningKey_ed25519_kes_2^6`, CBOR byte string of 608 bytes, or 612 with
 * the period appended big-endian as the Rust crate writes it).
 */
import { decodeCbor, encodeCbor } from '../codec/cbor.js';
import { fail, toBytes } from '../codec/fields.js';
import { decodeJsonHex, encodeJsonHex } from '../codec/json-hex.js';
import type { JsonValue } from '../codec/json-value.js';
import { jsonMember, jsonObject } from '../codec/stm/json-fields.js';
import { concatBytes } from '../utils/bytes.js';
import { KES_DEPTH, KES_TOTAL_PERIODS, KesError, SUM6_SECRET_KEY_SIZE, SUM6_SIGNATURE_SIZE, type Sum6SecretKey } from './sum6.js';
import { parseTextEnvelope, textEnvelope } from './text-envelope.js';

/**
 * The text-envelope type of a Sum6 KES secret key file.
 *
 * @example
 * JSON.parse(kesSkeyText).type === KES_SECRET_KEY_ENVELOPE_TYPE // 'KesSigningKey_ed25519_kes_2^6'
 */
export const KES_SECRET_KEY_ENVELOPE_TYPE = 'KesSigningKey_ed25519_kes_2^6';

const bytesJson = (bytes: Uint8Array): JsonValue => Array.from(bytes);

/**
 * The serde JSON value of a raw Sum6 signature (declaration order `sigma`, `lhs_pk`, `rhs_pk` at each level).
 *
 * @param signature - the 448-byte raw signature
 * @returns the JSON value
 * @throws {KesError} `KES_SIGNATURE_INVALID` when the signature is not 448 bytes
 * @example
 * stringifyJson(sum6SignatureToJson(signature)) // '{"sigma":{"sigma":…'
 */
export function sum6SignatureToJson(signature: Uint8Array): JsonValue {
  if (!(signature instanceof Uint8Array) || signature.length !== SUM6_SIGNATURE_SIZE) {
    throw new KesError('KES_SIGNATURE_INVALID', `a Sum6 signature is ${SUM6_SIGNATURE_SIZE} bytes`, { field: 'signature' });
  }
  let value: JsonValue = bytesJson(signature.subarray(0, 64));
  for (let level = 1; level <= KES_DEPTH; level++) {
    const at = 64 * level;
    value = new Map<string, JsonValue>([
      ['sigma', value],
      ['lhs_pk', bytesJson(signature.subarray(at, at + 32))],
      ['rhs_pk', bytesJson(signature.subarray(at + 32, at + 64))],
    ]);
  }
  return value;
}

/**
 * The raw Sum6 signature of its serde JSON value.
 *
 * @param value - the parsed JSON
 * @param field - name of the input, for errors
 * @returns the 448-byte raw signature
 * @throws {EncodingError} `ENCODING_INVALID_JSON` / `ENCODING_INVALID_LENGTH` on a wrong shape
 * @example
 * sum6SignatureFromJson(parseJson(text)) // Uint8Array(448)
 */
export function sum6SignatureFromJson(value: JsonValue, field = 'verification_key_signature'): Uint8Array {
  const parts: Uint8Array[] = [];
  let current = value;
  let path = field;
  for (let level = KES_DEPTH; level >= 1; level--) {
    const obj = jsonObject(current, path);
    for (const key of obj.keys()) {
      if (key !== 'sigma' && key !== 'lhs_pk' && key !== 'rhs_pk') fail('ENCODING_INVALID_JSON', `unknown field "${key}"`, path);
    }
    parts.push(toBytes(jsonMember(obj, 'rhs_pk', path), `${path}.rhs_pk`, 32, 'ENCODING_INVALID_JSON'));
    parts.push(toBytes(jsonMember(obj, 'lhs_pk', path), `${path}.lhs_pk`, 32, 'ENCODING_INVALID_JSON'));
    current = jsonMember(obj, 'sigma', path);
    path = `${path}.sigma`;
  }
  parts.push(toBytes(current, path, 64, 'ENCODING_INVALID_JSON'));
  return concatBytes(...parts.reverse());
}

/**
 * Encodes a raw Sum6 signature as the JSON-hex the registration and the epoch settings carry.
 *
 * @param signature - the 448-byte raw signature
 * @returns lowercase hex of the compact JSON
 * @throws {KesError} `KES_SIGNATURE_INVALID` when the signature is not 448 bytes
 * @example
 * const verificationKeySignature = encodeSum6SignatureJsonHex(signSum6(secretKey, message));
 */
export function encodeSum6SignatureJsonHex(signature: Uint8Array): string {
  return encodeJsonHex(sum6SignatureToJson(signature));
}

/**
 * Decodes the JSON-hex of a Sum6 signature.
 *
 * @param hex - the JSON-hex text
 * @param field - name of the input, for errors
 * @returns the 448-byte raw signature
 * @throws {EncodingError} on bad hex, JSON or shape
 * @example
 * const raw = decodeSum6SignatureJsonHex(signer.verification_key_signature);
 */
export function decodeSum6SignatureJsonHex(hex: string, field = 'verification_key_signature'): Uint8Array {
  return sum6SignatureFromJson(decodeJsonHex(hex, field), field);
}

/**
 * Reads a KES secret key from its cardano-cli text envelope (608-byte Haskell form at period 0, or the Rust crate's
 * 612-byte form with its period).
 *
 * @param text - the file content (JSON with `cborHex`)
 * @param field - name of the input (e.g. the file name), for errors
 * @returns the secret key and its period
 * @throws {EncodingError} on bad JSON, hex or CBOR, or a byte string of another size
 * @throws {KesError} `KES_PERIOD_OUT_OF_RANGE` when the stored period is past 63
 * @example
 * const key = parseSum6SecretKeyEnvelope(await readFile('kes.skey', 'utf8'), 'kes.skey');
 */
export function parseSum6SecretKeyEnvelope(text: string, field = 'kes_secret_key'): Sum6SecretKey {
  const { cbor } = parseTextEnvelope(text, field);
  const value = decodeCbor(cbor, field);
  if (!(value instanceof Uint8Array)) fail('ENCODING_INVALID_CBOR', 'expected a CBOR byte string', field);
  if (value.length === SUM6_SECRET_KEY_SIZE) return { bytes: value.slice(), period: 0 };
  if (value.length !== SUM6_SECRET_KEY_SIZE + 4) {
    fail('ENCODING_INVALID_LENGTH', `expected ${SUM6_SECRET_KEY_SIZE} or ${SUM6_SECRET_KEY_SIZE + 4} bytes`, field);
  }
  const period = new DataView(value.buffer, value.byteOffset + SUM6_SECRET_KEY_SIZE, 4).getUint32(0, false);
  if (period >= KES_TOTAL_PERIODS) {
    throw new KesError('KES_PERIOD_OUT_OF_RANGE', `stored KES period ${period} is past ${KES_TOTAL_PERIODS - 1}`, { field });
  }
  return { bytes: value.slice(0, SUM6_SECRET_KEY_SIZE), period };
}

/**
 * Writes a KES secret key as a cardano-cli text envelope (the 608-byte form at period 0, else 612 bytes with the period).
 *
 * @param secretKey - the key
 * @returns the file content
 * @example
 * await writeFile('kes.skey', formatSum6SecretKeyEnvelope(generateSum6Key(seed).secretKey));
 */
export function formatSum6SecretKeyEnvelope(secretKey: Sum6SecretKey): string {
  let raw = secretKey.bytes;
  if (secretKey.period !== 0) {
    const period = new Uint8Array(4);
    new DataView(period.buffer).setUint32(0, secretKey.period, false);
    raw = concatBytes(raw, period);
  }
  return textEnvelope(KES_SECRET_KEY_ENVELOPE_TYPE, 'KES Signing Key', encodeCbor(raw));
}
