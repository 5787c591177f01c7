/**
 * Shared valibot building blocks for the aggregator's wire messages, applied to the output of the lossless JSON
 * parser (u64 values arrive as `number` when safe, else `bigint`).
 */
import * as v from 'valibot';
import { JsonF64, parseJson } from '../codec/json.js';
import { isMithrilError } from '../errors.js';
import { U64_MAX } from '../utils/bytes.js';
import { CertificateError } from './errors.js';
import { parseTimestamp, type Timestamp } from './timestamp.js';
import type { ProtocolParameters } from './types.js';

function isU64Like(value: unknown): value is number | bigint {
  if (typeof value === 'bigint') return value >= 0n && value <= U64_MAX;
  // Unsafe integers may already have been rounded by a lossy parser: refuse them rather than guess.
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * A u64 given as a JSON integer (number or bigint), output as `bigint`.
 *
 * @example
 * parseMessage(u64Schema, '18446744073709551615', 'stake') // 18446744073709551615n
 */
export const u64Schema = v.pipe(
  v.custom<number | bigint>(isU64Like, 'expected an unsigned 64-bit integer'),
  v.transform((value: number | bigint) => BigInt(value)),
);

/**
 * An RFC 3339 timestamp, output as its text plus nanoseconds.
 *
 * @example
 * const sealedAt = parseMessage(timestampSchema, '"2026-05-01T12:00:00Z"', 'sealed_at');
 */
export const timestampSchema = v.pipe(
  v.string(),
  v.check((text) => {
    try {
      parseTimestamp(text);
      return true;
    } catch {
      return false;
    }
  }, 'expected an RFC 3339 date-time with at most 9 fractional digits'),
  v.transform((text): Timestamp => parseTimestamp(text)),
);

/** An f64 field: a float literal (the parser's `JsonF64`) or, as serde takes it, an integer one; output as a number. */
const f64Schema = v.pipe(
  v.union([v.instance(JsonF64), v.number()]),
  v.transform((value): number => (value instanceof JsonF64 ? value.value : value)),
  v.finite(),
);

/**
 * Protocol parameters `{k, m, phi_f}`.
 *
 * @example
 * const parameters = parseMessage(protocolParametersSchema, '{"k":5,"m":50,"phi_f":0.65}', 'protocol_parameters');
 */
export const protocolParametersSchema = v.pipe(
  v.object({ k: u64Schema, m: u64Schema, phi_f: f64Schema }),
  v.transform((p): ProtocolParameters => ({ k: p.k, m: p.m, phiF: p.phi_f })),
);

/**
 * A JSON object read as a map from keys to values, every key kept: unlike `v.record`, which skips `__proto__`,
 * `constructor` and `prototype` without a word, a key of that name is validated (and so refused by a key schema
 * that does not list it, or counted as an entry) as serde reads it into a map. The output is a null-prototype object.
 *
 * @param keySchema - the schema of a key
 * @param valueSchema - the schema of a value
 * @returns a schema whose output is a null-prototype record in the received key order
 * @example
 * v.parse(mapOf(v.string(), u64Schema), jsonToPlain(parseJson('{"__proto__":1}'))); // { __proto__: 1n } (own key)
 */
export function mapOf<TKey extends v.GenericSchema<string, string>, TValue extends v.GenericSchema>(keySchema: TKey, valueSchema: TValue) {
  type Out = Record<v.InferOutput<TKey>, v.InferOutput<TValue>>;
  return v.pipe(
    v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'expected an object'),
    v.rawTransform(({ dataset, addIssue, NEVER }): Out => {
      const input = dataset.value;
      const out = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(input)) {
        const item = { type: 'object', origin: 'value', input, key, value: input[key] } as const;
        const keyResult = v.safeParse(keySchema, key);
        if (!keyResult.success) {
          addIssue({ message: keyResult.issues[0].message, path: [{ ...item, origin: 'key' }] });
          return NEVER;
        }
        const valueResult = v.safeParse(valueSchema, input[key]);
        if (!valueResult.success) {
          const issue = valueResult.issues[0];
          addIssue({ message: issue.message, path: [item, ...(issue.path ?? [])] });
          return NEVER;
        }
        out[keyResult.output] = valueResult.output;
      }
      return out as Out;
    }),
  );
}

/** A string that may be absent (kept `undefined`). */
export const optionalString = v.optional(v.string());

/**
 * An optional member that the reference decodes as a Rust `Option`: absent and `null` both mean "none" and come out
 * as `undefined`.
 *
 * @param schema - the schema of a present value
 * @returns a schema whose output is the value or `undefined`
 */
export function optionalMember<TSchema extends v.GenericSchema>(schema: TSchema) {
  return v.pipe(
    v.nullish(schema),
    v.transform((value): v.InferOutput<TSchema> | undefined => value ?? undefined),
  );
}

/**
 * Converts the lossless parser's output (objects as `Map`s) into plain null-prototype objects for schema validation;
 * already plain values pass through unchanged in shape.
 *
 * @param value - a parsed JSON value
 * @returns the same value with every `Map` turned into an object
 *
 * @example
 * jsonToPlain(parseJson('{"signers":[{"stake":1}]}')) // { signers: [{ stake: 1 }] }: the Maps become plain objects
 */
export function jsonToPlain(value: unknown): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of value) out[String(key)] = jsonToPlain(item);
    return out;
  }
  if (Array.isArray(value)) return value.map(jsonToPlain);
  if (typeof value === 'object' && value !== null) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of Object.entries(value)) out[key] = jsonToPlain(item);
      return out;
    }
  }
  return value;
}

function issuePath(issue: v.BaseIssue<unknown>): string | undefined {
  if (issue.path === undefined) return undefined;
  let out = '';
  for (const item of issue.path) {
    const key = (item as { key: unknown }).key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * The parsed value of a wire message input: JSON text is parsed losslessly, a value is taken as is; `Map`s become
 * plain objects either way.
 *
 * @param input - JSON text or parsed value
 * @param what - message name, for errors
 * @returns the plain value
 * @throws {EncodingError} on malformed JSON text or duplicate keys
 */
export function messageValue(input: unknown, what: string): unknown {
  return jsonToPlain(typeof input === 'string' ? parseJson(input, what) : input);
}

/**
 * Validates an already parsed wire message value (a string value is a string, not JSON text).
 *
 * @param schema - the valibot schema
 * @param value - the parsed value
 * @param what - message name, used as the root of field paths in errors
 * @returns the schema output
 * @throws {CertificateError} `MESSAGE_INVALID` naming the first invalid field
 */
export function validateMessage<TSchema extends v.GenericSchema>(schema: TSchema, value: unknown, what: string): v.InferOutput<TSchema> {
  let result: v.SafeParseResult<TSchema>;
  try {
    result = v.safeParse(schema, jsonToPlain(value), { abortEarly: true });
  } catch (error) {
    if (isMithrilError(error)) throw error;
    throw new CertificateError('MESSAGE_INVALID', `${what} could not be validated`, { field: what, cause: error });
  }
  if (!result.success) {
    const issue = result.issues[0];
    const path = issuePath(issue);
    throw new CertificateError('MESSAGE_INVALID', issue.message, {
      field: path === undefined ? what : `${what}.${path}`,
      details: { expected: issue.expected, received: issue.received },
    });
  }
  return result.output;
}

/**
 * Validates a wire message: `input` is either JSON text (parsed losslessly) or an already parsed value.
 *
 * @param schema - the valibot schema
 * @param input - JSON text or parsed value
 * @param what - message name, used as the root of field paths in errors
 * @returns the schema output
 * @throws {CertificateError} `MESSAGE_INVALID` naming the first invalid field
 * @throws {EncodingError} from the JSON parser on malformed JSON text or duplicate keys
 *
 * @example
 * const status = parseMessage(schema, text, 'status'); // throws MESSAGE_INVALID naming the field
 */
export function parseMessage<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown, what: string): v.InferOutput<TSchema> {
  return validateMessage(schema, messageValue(input, what), what);
}
