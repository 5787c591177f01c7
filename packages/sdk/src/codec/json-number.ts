/**
 * Numbers as serde_json writes them (stm.md §8.1): safe integers as digits, other doubles in ryu's shortest spelling.
 */
import { jsonInvalid as invalid } from './json-value.js';

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

/**
 * A JavaScript number as JSON text: safe integers as digits (`-0` as `0`), other values as {@link formatJsonF64}.
 *
 * @param n - a finite number
 * @returns the JSON spelling
 * @throws {EncodingError} `ENCODING_INVALID_JSON` when the value is NaN or infinite
 * @example
 * jsonNumberText(3) // '3'; jsonNumberText(0.5) // '0.5'
 */
export function jsonNumberText(n: number): string {
  if (Number.isSafeInteger(n)) return String(n === 0 ? 0 : n);
  return formatJsonF64(n);
}
