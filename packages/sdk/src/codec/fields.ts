/**
 * Shared validation helpers of the STM codecs: field paths and range checks, so that every decoder reports the same
 * codes with the offending path (`multi_signature.signatures[1][0].sigma[3]`).
 */
import { EncodingError, type MithrilErrorCode } from '../errors.js';
import { U64_MAX } from '../utils/bytes.js';
import { formatJsonF64 } from './json-number.js';
import { JsonF64 } from './json-value.js';

/**
 * Size of a compressed BLS signature (G1), stm.md §1.1.
 *
 * @example
 * BLS_SIGNATURE_BYTES // 48
 */
export const BLS_SIGNATURE_BYTES = 48;
/**
 * Size of a compressed BLS verification key (G2), stm.md §1.1.
 *
 * @example
 * BLS_VERIFICATION_KEY_BYTES // 96
 */
export const BLS_VERIFICATION_KEY_BYTES = 96;
/**
 * Size of a proof of possession (`k1 ‖ k2`), stm.md §1.4.
 *
 * @example
 * BLS_PROOF_OF_POSSESSION_BYTES // 96
 */
export const BLS_PROOF_OF_POSSESSION_BYTES = 96;
/**
 * Size of a BLS signing key (big-endian scalar), stm.md §1.2.
 *
 * @example
 * BLS_SIGNING_KEY_BYTES // 32
 */
export const BLS_SIGNING_KEY_BYTES = 32;

/**
 * The path of a member below `base` (`base.key`, or `key` when `base` is empty).
 *
 * @param base - path of the parent
 * @param key - member name
 */
export function fieldPath(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/**
 * The path of an array element below `base` (`base[i]`).
 *
 * @param base - path of the array
 * @param index - element position
 */
export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/**
 * Throws an {@link EncodingError}.
 *
 * @param code - the stable error code
 * @param message - what is wrong
 * @param field - the path of the offending value
 */
export function fail(code: MithrilErrorCode, message: string, field: string): never {
  throw new EncodingError(code, message, { field: field === '' ? undefined : field });
}

/**
 * A u64 from a decoded integer (`number` or `bigint`).
 *
 * @param value - the decoded value
 * @param field - its path
 * @param typeError - code used when the value is not an integer at all
 * @returns the value as a bigint
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when negative or ≥ 2^64; `typeError` when not an integer
 */
export function toU64(value: unknown, field: string, typeError: MithrilErrorCode): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value > U64_MAX) {
      fail('ENCODING_INTEGER_OUT_OF_RANGE', `expected an unsigned 64-bit integer, got ${value}`, field);
    }
    return value;
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value < 0) fail('ENCODING_INTEGER_OUT_OF_RANGE', `expected an unsigned 64-bit integer, got ${value}`, field);
    if (!Number.isSafeInteger(value)) fail(typeError, `expected an integer literal, got ${value}`, field);
    return BigInt(value);
  }
  return fail(typeError, `expected an unsigned integer, got ${describe(value)}`, field);
}

/**
 * A non-negative safe integer (lottery index, signer index, leaf count, leaf position).
 *
 * @param value - the decoded value
 * @param field - its path
 * @param typeError - code used when the value is not an integer at all
 * @returns the value
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when negative or above 2^53 − 1; `typeError` when not an integer
 */
export function toIndex(value: unknown, field: string, typeError: MithrilErrorCode): number {
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value < 0 || !Number.isSafeInteger(value)) {
      fail('ENCODING_INTEGER_OUT_OF_RANGE', `expected a non-negative safe integer, got ${value}`, field);
    }
    return value;
  }
  if (typeof value === 'bigint') {
    fail('ENCODING_INTEGER_OUT_OF_RANGE', `expected a non-negative safe integer, got ${value}`, field);
  }
  return fail(typeError, `expected an unsigned integer, got ${describe(value)}`, field);
}

/**
 * Bytes from a decoded array of integers (each 0..255), optionally of a fixed length.
 *
 * @param value - the decoded value (an array; a `Uint8Array` is accepted as is, for CBOR byte strings)
 * @param field - its path
 * @param length - the required length, when fixed
 * @param typeError - code used when the value is not an array
 * @returns the bytes
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` on a wrong length, `ENCODING_INVALID_BYTES` on an element that is
 *   not an integer in 0..255, `typeError` when not an array
 */
export function toBytes(value: unknown, field: string, length: number | undefined, typeError: MithrilErrorCode): Uint8Array {
  let out: Uint8Array;
  if (value instanceof Uint8Array) {
    out = value.slice();
  } else if (Array.isArray(value)) {
    out = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const b: unknown = value[i];
      if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) {
        fail('ENCODING_INVALID_BYTES', `expected a byte (integer 0..255), got ${describe(b)}`, indexPath(field, i));
      }
      out[i] = b;
    }
  } else {
    return fail(typeError, `expected an array of bytes, got ${describe(value)}`, field);
  }
  if (length !== undefined && out.length !== length) {
    fail('ENCODING_INVALID_LENGTH', `expected ${length} bytes, got ${out.length}`, field);
  }
  return out;
}

/**
 * A short description of a decoded value for error messages.
 *
 * @param value - anything
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Map) return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return String(value);
  if (value instanceof JsonF64) return `the float ${formatJsonF64(value.value)}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
