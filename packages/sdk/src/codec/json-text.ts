/**
 * The SDK's one lossless JSON writer for application values (response bodies, stored records, CLI output): it
 * accepts plain JavaScript data as well as the lossless JSON model, so callers need not build `Map`s by hand.
 */
import { bytesToHex } from '../utils/bytes.js';
import { JSON_MAX_DEPTH, JsonF64, jsonInvalid } from './json-value.js';
import { formatJsonF64, jsonNumberText } from './json-number.js';

/** Options of {@link toJsonText}. */
export interface JsonTextOptions {
  /** Spaces per nesting level; `0` (the default) writes compact JSON. */
  readonly indent?: number;
}

/** A parsed RFC 3339 timestamp (`certificate/timestamp.ts`): written as its original text. */
function isTimestamp(value: object): value is { text: string; nanos: unknown } {
  return 'text' in value && 'nanos' in value && typeof (value as { text: unknown }).text === 'string';
}

/** Members and elements JSON cannot hold: left out of objects, `null` in arrays (as `JSON.stringify` does). */
function isAbsent(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

class TextWriter {
  private readonly separator: string;

  constructor(private readonly indent: number) {
    this.separator = indent > 0 ? ': ' : ':';
  }

  private pad(depth: number): string {
    return this.indent > 0 ? `\n${' '.repeat(this.indent * depth)}` : '';
  }

  private members(entries: Iterable<readonly [unknown, unknown]>, depth: number): string {
    let out = '';
    for (const [key, item] of entries) {
      if (isAbsent(item)) continue;
      out += `${out === '' ? '' : ','}${this.pad(depth + 1)}${JSON.stringify(String(key))}${this.separator}`;
      out += this.value(item, depth + 1);
    }
    return out === '' ? '{}' : `{${out}${this.pad(depth)}}`;
  }

  value(value: unknown, depth: number): string {
    if (value === null || isAbsent(value)) return 'null';
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value);
      case 'number':
        return jsonNumberText(value);
      case 'bigint':
        return value.toString();
      case 'boolean':
        return value ? 'true' : 'false';
      default:
        break;
    }
    if (value instanceof JsonF64) return formatJsonF64(value.value);
    if (value instanceof Uint8Array) return JSON.stringify(bytesToHex(value));
    if (depth >= JSON_MAX_DEPTH) jsonInvalid(`nesting deeper than ${JSON_MAX_DEPTH} (or a cycle)`, 'json');
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      let out = '';
      for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${this.pad(depth + 1)}${this.value(value[i], depth + 1)}`;
      return `[${out}${this.pad(depth)}]`;
    }
    if (value instanceof Map) return this.members(value, depth);
    const object = value as object;
    if (isTimestamp(object)) return JSON.stringify(object.text);
    return this.members(Object.entries(object), depth);
  }
}

/**
 * Serializes a value to JSON text without losing u64 precision: the one lossless writer of the SDK, the kits and
 * the CLI.
 *
 * Accepts plain objects (own enumerable keys in JavaScript order), arrays, `bigint` (exact integers), numbers (safe
 * integers as digits, others in serde's `f64` spelling), strings, booleans, `null`, {@link JsonF64}, values already
 * in the lossless JSON model (`Map`s, in insertion order), `Uint8Array` (lowercase hex string) and parsed timestamps
 * `{text, nanos}` (their original text). `undefined` and function members are left out; in arrays they become
 * `null`. With the default `indent` of 0 the text is compact and identical to {@link stringifyJson} on the lossless
 * model.
 *
 * @param value - the value to write
 * @param options - `indent`: spaces per nesting level (0 = compact)
 * @returns the JSON text
 * @throws {EncodingError} `ENCODING_INVALID_JSON` on a non-finite number or nesting deeper than
 *   {@link JSON_MAX_DEPTH} (a cycle)
 * @example
 * toJsonText({ epoch: 12n, phi_f: new JsonF64(1), vk: Uint8Array.of(171), skipped: undefined });
 * // '{"epoch":12,"phi_f":1.0,"vk":"ab"}'
 * toJsonText([1, { a: null }], { indent: 2 }); // '[\n  1,\n  {\n    "a": null\n  }\n]'
 */
export function toJsonText(value: unknown, options: JsonTextOptions = {}): string {
  const indent = options.indent ?? 0;
  if (!Number.isSafeInteger(indent) || indent < 0) jsonInvalid('indent must be a non-negative integer', 'indent');
  return new TextWriter(indent).value(value, 0);
}
