/**
 * CBOR field readers shared by the STM type modules: the versioned `0x01 ‖ CBOR` envelope of mithril-stm's
 * `to_bytes` (stm.md §8.3, trap 16) and typed access to decoded maps, arrays and byte vectors. Like ciborium with
 * serde's derived structs, unknown map keys are ignored and missing keys fail.
 */
import { CborMap, type CborValue } from '../cbor-value.js';
import { decodeCbor } from '../cbor-decode.js';
import { encodeCbor } from '../cbor-encode.js';
import { describe, fail, fieldPath, toBytes } from '../fields.js';

/**
 * Version byte of the CBOR v1 codec (`CODEC_VERSION_CBOR_V1`).
 *
 * @example
 * bytes[0] === CBOR_V1_PREFIX // a v1 CBOR encoding follows
 */
export const CBOR_V1_PREFIX = 0x01;

/** The error code of every CBOR decoding failure. */
export const CBOR_BAD = 'ENCODING_INVALID_CBOR';

/**
 * `0x01 ‖ CBOR(value)`.
 *
 * @param value - the CBOR value
 * @returns the versioned bytes
 */
export function versionedCbor(value: CborValue): Uint8Array {
  const body = encodeCbor(value);
  const out = new Uint8Array(body.length + 1);
  out[0] = CBOR_V1_PREFIX;
  out.set(body, 1);
  return out;
}

/**
 * The CBOR value behind the `0x01` prefix.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the decoded value
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` without the prefix or on malformed CBOR
 */
export function unversionedCbor(bytes: Uint8Array, field: string): CborValue {
  if (!(bytes instanceof Uint8Array)) fail(CBOR_BAD, 'expected bytes', field);
  if (bytes[0] !== CBOR_V1_PREFIX) fail(CBOR_BAD, 'missing the 0x01 CBOR version prefix', field);
  return decodeCbor(bytes.subarray(1), field);
}

/**
 * A decoded value that must be a map.
 *
 * @param value - the decoded value
 * @param field - its path
 * @returns the map
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` otherwise
 */
export function cborMap(value: CborValue | undefined, field: string): CborMap {
  if (!(value instanceof CborMap)) fail(CBOR_BAD, `expected a map, got ${describe(value)}`, field);
  return value;
}

/**
 * A required member of a map.
 *
 * @param m - the map
 * @param key - the text key
 * @param field - the map's path
 * @returns the value
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` when absent
 */
export function cborMember(m: CborMap, key: string, field: string): CborValue {
  if (!m.has(key)) fail(CBOR_BAD, `missing field "${key}"`, field);
  return m.get(key);
}

/**
 * A decoded value that must be an array.
 *
 * @param value - the decoded value
 * @param field - its path
 * @returns the array
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` otherwise
 */
export function cborArray(value: CborValue | undefined, field: string): CborValue[] {
  if (!Array.isArray(value)) fail(CBOR_BAD, `expected an array, got ${describe(value)}`, field);
  return value;
}

/**
 * Checks the `hasher: null` member of the Merkle structures.
 *
 * @param m - the map
 * @param field - the map's path
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` when absent or not null
 */
export function cborHasherNull(m: CborMap, field: string): void {
  if (cborMember(m, 'hasher', field) !== null) fail(CBOR_BAD, 'expected null', fieldPath(field, 'hasher'));
}

/**
 * A byte vector as serde writes it: an array of unsigned integers.
 *
 * @param bytes - the bytes
 * @returns the integer array
 */
export function cborByteArray(bytes: Uint8Array): number[] {
  return Array.from(bytes);
}

/**
 * Bytes from a decoded array of integers (or a byte string), optionally of a fixed length.
 *
 * @param value - the decoded value
 * @param field - its path
 * @param length - the required length, when fixed
 * @returns the bytes
 * @throws {EncodingError} on a wrong type, element or length
 */
export function cborBytes(value: CborValue, field: string, length?: number): Uint8Array {
  return toBytes(value, field, length, CBOR_BAD);
}
