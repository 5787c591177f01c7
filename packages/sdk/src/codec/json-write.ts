/**
 * Compact JSON emitter for the lossless model of `json-value.ts`, writing exactly what serde_json writes
 * (stm.md §8.1, §8.2): keys in order, exact integers, serde's `f64` spelling.
 */
import { JSON_MAX_DEPTH, JsonF64, jsonInvalid as invalid, type JsonValue } from './json-value.js';

/**
 * Formats a double the way serde_json (ryu) does: shortest round-trip digits, `.0` on integral values, exponent
 * form `1e16` / `1.5e-7` outside [1e-5, 1e16) (JavaScript's `toString` switches at 1e21 / 1e-7 and writes `e+`).
 *
 * @param value - a finite double
 * @returns the serde_json spelling
 * @throws {EncodingError} `ENCODING_INVALID_JSON` when the value is NaN or infinite
 * @example
 * formatJsonF64(0.2) // '0.2'; formatJsonF64(1) // '1.0'; formatJsonF64(1e-7) // '1e-7'
 */
export function formatJsonF64(value: number): string {
  if (!Number.isFinite(value)) invalid(`cannot encode the non-finite number ${value}`, 'json');
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without an argument yields the shortest round-trip digits, like ryu.
  const exp = Math.abs(value).toExponential();
  const e = exp.indexOf('e');
  const digits = exp.slice(0, e).replace('.', '');
  const length = digits.length;
  const kk = Number(exp.slice(e + 1)) + 1;
  const k = kk - length;
  let body: string;
  if (k >= 0 && kk <= 16) body = `${digits}${'0'.repeat(k)}.0`;
  else if (kk > 0 && kk <= 16) body = `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  else if (kk > -5 && kk <= 0) body = `0.${'0'.repeat(-kk)}${digits}`;
  else if (length === 1) body = `${digits}e${kk - 1}`;
  else body = `${digits[0]!}.${digits.slice(1)}e${kk - 1}`;
  return sign + body;
}

function emitNumber(n: number): string {
  if (Number.isSafeInteger(n)) return String(n === 0 ? 0 : n);
  return formatJsonF64(n);
}

function emit(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      // JSON.stringify escapes exactly what serde_json escapes (", \, controls with the same short forms, lowercase
      // \u00xx); it also escapes lone surrogates, which serde strings cannot hold.
      return JSON.stringify(value);
    case 'number':
      return emitNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (depth >= JSON_MAX_DEPTH) invalid(`nesting deeper than ${JSON_MAX_DEPTH} (or a cycle)`, 'json');
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += emit(value[i], depth + 1);
    }
    return `${out}]`;
  }
  if (value instanceof Map) {
    let out = '{';
    let first = true;
    for (const [k, v] of value) {
      if (typeof k !== 'string') invalid('object keys must be strings', 'json');
      out += `${first ? '' : ','}${JSON.stringify(k)}:${emit(v, depth + 1)}`;
      first = false;
    }
    return `${out}}`;
  }
  if (value instanceof JsonF64) return formatJsonF64(value.value);
  if (typeof value === 'object') {
    let out = '{';
    let first = true;
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      out += `${first ? '' : ','}${JSON.stringify(k)}:${emit(v, depth + 1)}`;
      first = false;
    }
    return `${out}}`;
  }
  return invalid(`cannot encode a value of type ${typeof value}`, 'json');
}

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
  return emit(value, 0);
}
