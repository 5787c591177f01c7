/**
 * Lossless JSON (RFC 8259) parser and compact emitter, compatible with what serde_json writes (stm.md §8.1, §8.2;
 * trap 13). Integer literals beyond 2^53 − 1 stay exact as `bigint`; objects are `Map`s so that key order is kept
 * exactly (plain objects move integer-like keys first) and no key can reach `Object.prototype` (`__proto__`).
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
 * an exponent are `number`. {@link JsonF64} is only produced by encoders (never by the parser) to request serde's
 * float spelling (`1.0`, `1e-7`).
 */
export type JsonValue = null | boolean | number | bigint | string | JsonArray | JsonObject | JsonF64;

/**
 * Marks a number that the reference serializes as an `f64` (e.g. `phi_f`): emitted the way serde_json (ryu) writes
 * it, so an integral value keeps its `.0` (`1.0`) and large or small magnitudes use `e` notation (`1e-7`, `1e16`).
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

/** Nesting deeper than this is rejected, so hostile input can never overflow the call stack. */
export const JSON_MAX_DEPTH = 512;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

function invalid(message: string, field: string, position?: number): never {
  throw new EncodingError(
    'ENCODING_INVALID_JSON',
    position === undefined ? message : `${message} at position ${position}`,
    { field, details: position === undefined ? undefined : { position } },
  );
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

class Parser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly field: string,
  ) {}

  fail(message: string, at: number = this.pos): never {
    if (at >= this.text.length) invalid('unexpected end of input', this.field, at);
    invalid(message, this.field, at);
  }

  skipWhitespace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  value(depth: number): JsonValue {
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 34:
        return this.string();
      case 123:
        return this.object(depth + 1);
      case 91:
        return this.array(depth + 1);
      case 116:
        return this.literal('true', true);
      case 102:
        return this.literal('false', false);
      case 110:
        return this.literal('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return this.fail('unexpected character');
    }
  }

  literal<T>(word: string, result: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`invalid literal (expected ${word})`);
    this.pos += word.length;
    return result;
  }

  number(): number | bigint {
    const t = this.text;
    const start = this.pos;
    let p = start;
    let c = t.charCodeAt(p);
    if (c === 45) c = t.charCodeAt(++p);
    const intStart = p;
    let acc = 0;
    if (c === 48) {
      c = t.charCodeAt(++p);
      if (c >= 48 && c <= 57) this.fail('leading zero in number', intStart);
    } else if (c >= 49 && c <= 57) {
      do {
        acc = acc * 10 + (c - 48);
        c = t.charCodeAt(++p);
      } while (c >= 48 && c <= 57);
    } else {
      this.fail('invalid number', p);
    }
    const intDigits = p - intStart;
    let integral = true;
    if (c === 46) {
      integral = false;
      c = t.charCodeAt(++p);
      if (!(c >= 48 && c <= 57)) this.fail('expected a digit after the decimal point', p);
      do c = t.charCodeAt(++p);
      while (c >= 48 && c <= 57);
    }
    if (c === 101 || c === 69) {
      integral = false;
      c = t.charCodeAt(++p);
      if (c === 43 || c === 45) c = t.charCodeAt(++p);
      if (!(c >= 48 && c <= 57)) this.fail('expected a digit in the exponent', p);
      do c = t.charCodeAt(++p);
      while (c >= 48 && c <= 57);
    }
    this.pos = p;
    if (!integral) return Number(t.slice(start, p));
    const negative = intStart !== start;
    // Up to 15 digits the accumulated double is exact (< 10^15 < 2^53).
    if (intDigits <= 15) return negative ? -acc : acc;
    const big = BigInt(t.slice(start, p));
    return big <= MAX_SAFE && big >= -MAX_SAFE ? Number(big) : big;
  }

  string(): string {
    const t = this.text;
    const start = this.pos + 1;
    // The native regex engine skips plain characters much faster than a charCodeAt loop (long hex strings).
    PLAIN_RUN.lastIndex = start;
    PLAIN_RUN.test(t);
    let p = PLAIN_RUN.lastIndex;
    const end = t.charCodeAt(p);
    if (end === 34) {
      this.pos = p + 1;
      return t.slice(start, p);
    }
    if (end !== 92) this.fail(end !== end ? 'unterminated string' : 'control character in string', p);
    let out = t.slice(start, p);
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return out;
      }
      if (c === 92) {
        const e = t.charCodeAt(p + 1);
        switch (e) {
          case 34:
            out += '"';
            break;
          case 92:
            out += '\\';
            break;
          case 47:
            out += '/';
            break;
          case 98:
            out += '\b';
            break;
          case 102:
            out += '\f';
            break;
          case 110:
            out += '\n';
            break;
          case 114:
            out += '\r';
            break;
          case 116:
            out += '\t';
            break;
          case 117: {
            let code = 0;
            for (let i = 2; i < 6; i++) {
              const h = hexValue(t.charCodeAt(p + i));
              if (h < 0) this.fail('invalid \\u escape', p);
              code = (code << 4) | h;
            }
            // Lone surrogates are kept as JSON.parse keeps them.
            out += String.fromCharCode(code);
            p += 4;
            break;
          }
          default:
            this.fail('invalid escape sequence', p);
        }
        p += 2;
        continue;
      }
      if (!(c >= 32)) this.fail(c !== c ? 'unterminated string' : 'control character in string', p);
      PLAIN_RUN.lastIndex = p;
      PLAIN_RUN.test(t);
      out += t.slice(p, PLAIN_RUN.lastIndex);
      p = PLAIN_RUN.lastIndex;
    }
  }

  object(depth: number): JsonObject {
    if (depth > JSON_MAX_DEPTH) this.fail(`nesting deeper than ${JSON_MAX_DEPTH}`);
    const t = this.text;
    const map: JsonObject = new Map();
    this.pos++;
    this.skipWhitespace();
    if (t.charCodeAt(this.pos) === 125) {
      this.pos++;
      return map;
    }
    for (;;) {
      this.skipWhitespace();
      if (t.charCodeAt(this.pos) !== 34) this.fail('expected a string key');
      const keyPos = this.pos;
      const key = this.string();
      if (map.has(key)) this.fail(`duplicate key ${JSON.stringify(key)}`, keyPos);
      this.skipWhitespace();
      if (t.charCodeAt(this.pos) !== 58) this.fail("expected ':'");
      this.pos++;
      map.set(key, this.value(depth));
      this.skipWhitespace();
      const c = t.charCodeAt(this.pos);
      this.pos++;
      if (c === 44) continue;
      if (c === 125) return map;
      this.fail("expected ',' or '}'", this.pos - 1);
    }
  }

  array(depth: number): JsonArray {
    if (depth > JSON_MAX_DEPTH) this.fail(`nesting deeper than ${JSON_MAX_DEPTH}`);
    const t = this.text;
    const out: JsonArray = [];
    this.pos++;
    this.skipWhitespace();
    if (t.charCodeAt(this.pos) === 93) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.skipWhitespace();
      const c = t.charCodeAt(this.pos);
      this.pos++;
      if (c === 44) continue;
      if (c === 93) return out;
      this.fail("expected ',' or ']'", this.pos - 1);
    }
  }
}

/**
 * Parses JSON text strictly (RFC 8259) without losing integer precision.
 *
 * Differences from `JSON.parse`: integers beyond ±(2^53 − 1) become `bigint`; objects become `Map`s in document order;
 * duplicate keys and nesting deeper than {@link JSON_MAX_DEPTH} are rejected. Lone surrogate escapes are accepted
 * like `JSON.parse` does.
 *
 * @param text - the JSON text
 * @param field - name of the input, used in error messages
 * @returns the parsed value
 * @throws {EncodingError} `ENCODING_INVALID_JSON` (with `details.position`) on any syntax error, duplicate key or
 *   excessive nesting
 * @example
 * parseJson('{"total_stake":40000000000000000001}') // Map { 'total_stake' => 40000000000000000001n }
 */
export function parseJson(text: string, field = 'json'): JsonValue {
  if (typeof text !== 'string') invalid('expected a JSON string', field);
  const parser = new Parser(text, field);
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos !== text.length) parser.fail('trailing characters after the JSON value');
  return value;
}

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
  if (k >= 0 && kk <= 16) body = digits + '0'.repeat(k) + '.0';
  else if (kk > 0 && kk <= 16) body = digits.slice(0, kk) + '.' + digits.slice(kk);
  else if (kk > -5 && kk <= 0) body = '0.' + '0'.repeat(-kk) + digits;
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
    return out + ']';
  }
  if (value instanceof Map) {
    let out = '{';
    let first = true;
    for (const [k, v] of value) {
      if (typeof k !== 'string') invalid('object keys must be strings', 'json');
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + emit(v, depth + 1);
      first = false;
    }
    return out + '}';
  }
  if (value instanceof JsonF64) return formatJsonF64(value.value);
  if (typeof value === 'object') {
    let out = '{';
    let first = true;
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + emit(v, depth + 1);
      first = false;
    }
    return out + '}';
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
