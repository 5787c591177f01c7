/**
 * JSON field readers shared by the STM type modules (serde's derived forms, stm.md §8.2): typed access to parsed
 * objects, arrays and byte vectors, with error paths naming the offending field.
 */
import { describe, fail, fieldPath, toBytes } from '../fields.js';
import type { JsonObject, JsonValue } from '../json-value.js';

/** The error code of every JSON decoding failure. */
export const JSON_BAD = 'ENCODING_INVALID_JSON';

/**
 * A parsed value that must be an object.
 *
 * @param value - the parsed value
 * @param field - its path
 * @returns the object
 * @throws {EncodingError} `ENCODING_INVALID_JSON` otherwise
 */
export function jsonObject(value: JsonValue | undefined, field: string): JsonObject {
  if (!(value instanceof Map)) fail(JSON_BAD, `expected an object, got ${describe(value)}`, field);
  return value;
}

/**
 * A required member of an object.
 *
 * @param obj - the object
 * @param key - the member name
 * @param field - the object's path
 * @returns the value
 * @throws {EncodingError} `ENCODING_INVALID_JSON` when absent
 */
export function jsonMember(obj: JsonObject, key: string, field: string): JsonValue {
  const v = obj.get(key);
  if (v === undefined) fail(JSON_BAD, `missing field "${key}"`, field);
  return v;
}

/**
 * A parsed value that must be an array.
 *
 * @param value - the parsed value
 * @param field - its path
 * @returns the array
 * @throws {EncodingError} `ENCODING_INVALID_JSON` otherwise
 */
export function jsonArray(value: JsonValue | undefined, field: string): JsonValue[] {
  if (!Array.isArray(value)) fail(JSON_BAD, `expected an array, got ${describe(value)}`, field);
  return value;
}

/**
 * Checks the `"hasher":null` member of the Merkle structures.
 *
 * @param obj - the object
 * @param field - the object's path
 * @throws {EncodingError} `ENCODING_INVALID_JSON` when absent or not null
 */
export function jsonHasherNull(obj: JsonObject, field: string): void {
  const v = jsonMember(obj, 'hasher', field);
  if (v !== null) fail(JSON_BAD, 'expected null', fieldPath(field, 'hasher'));
}

/**
 * A u64 for the JSON emitter: a `number` when safe (so that values compare equal to parsed ones), else a `bigint`.
 *
 * @param value - the integer
 * @returns the JSON value
 */
export function u64Json(value: bigint): JsonValue {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/**
 * The JSON form of a byte vector: an array of integers.
 *
 * @param bytes - the bytes
 * @returns the integer array
 * @example
 * bytesToJson(Uint8Array.of(1, 255)); // [1, 255]
 */
export function bytesToJson(bytes: Uint8Array): number[] {
  return Array.from(bytes);
}

/**
 * A byte vector from its JSON form (array of integers 0..255).
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @param length - the required length when fixed
 * @returns the bytes
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH`, `ENCODING_INVALID_BYTES` or `ENCODING_INVALID_JSON`
 * @example
 * bytesFromJson([1, 255], 'root'); // Uint8Array [1, 255]
 */
export function bytesFromJson(value: JsonValue, field: string, length?: number): Uint8Array {
  return toBytes(value, field, length, JSON_BAD);
}
