/**
 * JSON output of parsed SDK values: `bigint` as exact JSON integers, timestamps as their original RFC 3339 text,
 * `Map`s as objects, bytes as hex. The writer is the SDK's `toJsonText`; the CLI indents by default.
 */
import { toJsonText as sdkToJsonText } from '@mithril/sdk';

/**
 * Serializes a value to JSON text without losing u64 precision.
 *
 * @param value - plain data as returned by the SDK
 * @param indent - spaces per level (0 = compact)
 * @returns JSON text
 */
export function toJsonText(value: unknown, indent = 2): string {
  return sdkToJsonText(value, { indent });
}

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Renames the keys of parsed SDK values to the wire's snake_case spelling, for kinds without a wire encoder in the
 * SDK; timestamps, bytes and `Map`s are left for {@link toJsonText} to write.
 *
 * @param value - plain data as returned by the SDK
 * @returns the same data with snake_case keys
 * @example
 * wireKeys({ blockNumber: 5n, merkleRoot: 'ab' }); // { block_number: 5n, merkle_root: 'ab' }
 */
export function wireKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wireKeys);
  if (typeof value !== 'object' || value === null || !isPlainObject(value) || ('text' in value && 'nanos' in value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), wireKeys(inner)]));
}
