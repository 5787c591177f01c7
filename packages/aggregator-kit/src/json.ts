/**
 * Lossless JSON for response bodies and stored records: u64 values are `bigint` in memory and exact integers on the
 * wire (trap 13); `phi_f` keeps serde's float spelling.
 */
import { JsonF64, stringifyJson, type JsonValue } from './sdk.js';

/** What {@link toJsonText} accepts: plain objects (insertion order), arrays, bigint, numbers, strings, booleans, null, and JSON `Map`s. */
export type Body = unknown;

function toJsonValue(value: unknown): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'bigint') return value;
  if (typeof value === 'number') return value;
  if (value instanceof JsonF64) return value;
  // Already in the lossless JSON model, e.g. built by an SDK message encoder.
  if (value instanceof Map) return value as JsonValue;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out = new Map<string, JsonValue>();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item !== undefined) out.set(key, toJsonValue(item));
    }
    return out;
  }
  return null;
}

/**
 * Compact JSON text of a body; `undefined` members are omitted.
 *
 * @param value - the body
 * @returns JSON text
 */
export function toJsonText(value: Body): string {
  return stringifyJson(toJsonValue(value));
}
