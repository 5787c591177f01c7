/**
 * The lossless JSON data model (stm.md §8.1, §8.2; trap 13) shared by the parser (`json-parse.ts`) and the writers
 * (`json-write.ts`, `json-text.ts`). Integer literals beyond 2^53 − 1 stay exact as `bigint`; objects are `Map`s so
 * that key order is kept exactly (plain objects move integer-like keys first) and no key can reach
 * `Object.prototype` (`__proto__`).
 */
import { EncodingError } from '../errors.js';

/**
 * A JSON object: a `Map` in document (insertion) order. A `Map` is used rather than a plain object because plain
 * objects reorder integer-like keys and treat `__proto__` specially; a `Map` has neither problem.
 */
export type JsonObject = Map<string, JsonValue>;

/** A JSON array. */
export type JsonArray = JsonValue[];

/**
 * A JSON value. Integer literals are `number` when |n| ≤ 2^53 − 1 and `bigint` otherwise; literals with a fraction or
 * an exponent (and `-0`) are {@link JsonF64}, as serde_json reads them as f64: integer readers refuse them, float
 * readers take their `value`. Encoders use {@link JsonF64} to request serde's float spelling (`1.0`, `1e-7`).
 */
export type JsonValue = null | boolean | number | bigint | string | JsonArray | JsonObject | JsonF64;

/**
 * Marks a number that the reference serializes as an `f64` (e.g. `phi_f`): emitted the way serde_json (ryu) writes
 * it, so an integral value keeps its `.0` (`1.0`) and large or small magnitudes use `e` notation (`1e-7`, `1e16`).
 * The parser yields one for every literal with a fraction or an exponent.
 *
 * @example
 * stringifyJson(new Map([['phi_f', new JsonF64(1)]])) // '{"phi_f":1.0}'
 */
export class JsonF64 {
  /**
   * @param value - a finite double
   */
  constructor(readonly value: number) {}
}

/**
 * Nesting deeper than this is rejected, so hostile input can never overflow the call stack.
 *
 * @example
 * parseJson('['.repeat(JSON_MAX_DEPTH + 1)) // throws ENCODING_INVALID_JSON: too deep
 */
export const JSON_MAX_DEPTH = 512;

/**
 * Throws the `ENCODING_INVALID_JSON` error of the JSON parser and writers.
 *
 * @param message - what is wrong
 * @param field - name of the input
 * @param position - character offset of the problem, when known
 * @throws {EncodingError} always
 */
export function jsonInvalid(message: string, field: string, position?: number): never {
  throw new EncodingError('ENCODING_INVALID_JSON', position === undefined ? message : `${message} at position ${position}`, {
    field,
    details: position === undefined ? undefined : { position },
  });
}
