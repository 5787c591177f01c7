/**
 * The compact writer of the lossless model: {@link toJsonText} without indentation, so the SDK has one emitter.
 */
import { formatJsonF64 } from './json-number.js';
import { toJsonText } from './json-text.js';
import type { JsonValue } from './json-value.js';

export { formatJsonF64 };

/**
 * Emits compact JSON (no whitespace) the way serde_json does: keys in `Map` insertion order, `bigint` as digits,
 * safe integers as digits, other numbers in serde's f64 spelling ({@link formatJsonF64}).
 *
 * Plain objects are accepted too (own enumerable keys in JavaScript order, `undefined` members skipped).
 *
 * @param value - the value to emit
 * @returns the compact JSON text
 * @throws {EncodingError} `ENCODING_INVALID_JSON` on non-finite numbers, unsupported types, or nesting deeper than
 *   {@link JSON_MAX_DEPTH}
 * @example
 * stringifyJson(new Map([['nr_leaves', 2], ['hasher', null]])) // '{"nr_leaves":2,"hasher":null}'
 */
export function stringifyJson(value: JsonValue): string {
  return toJsonText(value);
}
