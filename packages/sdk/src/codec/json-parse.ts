/**
 * Strict RFC 8259 parser into the lossless JSON model of `json-value.ts`, compatible with what serde_json accepts
 * (stm.md §8.1; trap 13).
 */
import { JSON_MAX_DEPTH, JsonF64, jsonInvalid as invalid, type JsonArray, type JsonObject, type JsonValue } from './json-value.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 8259 §7 forbids raw U+0000-U+001F in strings; the sticky run stops at them.
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native !== undefined ? native.call(text) : !LONE_SURROGATE.test(text);
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

  number(): number | bigint | JsonF64 {
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
    const negative = intStart !== start;
    // serde_json reads a fraction, an exponent or `-0` as an f64, which no integer field accepts (`18.0`, `1.8e1`):
    // such literals are kept apart as JsonF64 so that integer readers refuse them and float readers take them.
    if (!integral || (negative && intDigits === 1 && acc === 0)) {
      const value = Number(t.slice(start, p));
      if (!Number.isFinite(value)) this.fail('number out of range', start);
      return new JsonF64(value);
    }
    // Up to 15 digits the accumulated double is exact (< 10^15 < 2^53).
    if (intDigits <= 15) return negative ? -acc : acc;
    const big = BigInt(t.slice(start, p));
    return big <= MAX_SAFE && big >= -MAX_SAFE ? Number(big) : big;
  }

  /** The value of four hex digits at `at`, or -1. */
  hex4(at: number): number {
    let code = 0;
    for (let i = 0; i < 4; i++) {
      const h = hexValue(this.text.charCodeAt(at + i));
      if (h < 0) return -1;
      code = (code << 4) | h;
    }
    return code;
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
    if (end !== 92) this.fail(Number.isNaN(end) ? 'unterminated string' : 'control character in string', p);
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
            const code = this.hex4(p + 2);
            if (code < 0) this.fail('invalid \\u escape', p);
            p += 4;
            if (code >= 0xd800 && code <= 0xdfff) {
              // serde_json refuses unpaired surrogate escapes: a high one must be followed by an escaped low one.
              const low = code <= 0xdbff && t.charCodeAt(p + 2) === 92 && t.charCodeAt(p + 3) === 117 ? this.hex4(p + 4) : -1;
              if (low < 0xdc00 || low > 0xdfff) this.fail('lone surrogate in \\u escape', p - 4);
              out += String.fromCharCode(code, low);
              p += 6;
              break;
            }
            out += String.fromCharCode(code);
            break;
          }
          default:
            this.fail('invalid escape sequence', p);
        }
        p += 2;
        continue;
      }
      if (!(c >= 32)) this.fail(Number.isNaN(c) ? 'unterminated string' : 'control character in string', p);
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
 * Differences from `JSON.parse`, each as serde_json behaves: integers beyond ±(2^53 − 1) become `bigint`; objects
 * become `Map`s in document order (so `__proto__`, `constructor` and `prototype` are ordinary keys); a literal with a
 * fraction or an exponent, or `-0`, becomes a {@link JsonF64} (serde reads it as an f64, which no integer field
 * takes); duplicate keys, nesting deeper than {@link JSON_MAX_DEPTH}, numbers beyond the f64 range and unpaired
 * surrogates (escaped or raw) are rejected.
 *
 * @param text - the JSON text
 * @param field - name of the input, used in error messages
 * @returns the parsed value
 * @throws {EncodingError} `ENCODING_INVALID_JSON` (with `details.position`) on any syntax error, duplicate key,
 *   excessive nesting, out-of-range number or lone surrogate
 * @example
 * parseJson('{"total_stake":40000000000000000001}') // Map { 'total_stake' => 40000000000000000001n }
 * parseJson('18.0') // JsonF64 { value: 18 }
 */
export function parseJson(text: string, field = 'json'): JsonValue {
  if (typeof text !== 'string') invalid('expected a JSON string', field);
  // A raw unpaired surrogate is text that is not UTF-8 at all (serde_json reads only valid UTF-8).
  if (!isWellFormed(text)) invalid('lone surrogate in the text', field);
  const parser = new Parser(text, field);
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos !== text.length) parser.fail('trailing characters after the JSON value');
  return value;
}
