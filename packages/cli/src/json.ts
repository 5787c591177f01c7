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
