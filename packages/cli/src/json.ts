/**
 * JSON output of parsed SDK values: `bigint` as exact JSON integers, timestamps as their original RFC 3339 text,
 * `Map`s as objects, bytes as hex.
 */

function isTimestamp(value: object): value is { text: string; nanos: bigint } {
  return 'text' in value && 'nanos' in value && typeof (value as { text: unknown }).text === 'string';
}

/**
 * Serializes a value to JSON text without losing u64 precision.
 *
 * @param value - plain data as returned by the SDK
 * @param indent - spaces per level (0 = compact)
 * @returns JSON text
 */
export function toJsonText(value: unknown, indent = 2): string {
  const pad = (depth: number): string => (indent > 0 ? `\n${' '.repeat(indent * depth)}` : '');
  const sep = indent > 0 ? ': ' : ':';
  const write = (v: unknown, depth: number): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (v instanceof Uint8Array) return JSON.stringify(Buffer.from(v).toString('hex'));
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${v.map((item) => `${pad(depth + 1)}${write(item, depth + 1)}`).join(',')}${pad(depth)}]`;
    }
    if (typeof v === 'object') {
      if (isTimestamp(v)) return JSON.stringify(v.text);
      const entries: [string, unknown][] =
        v instanceof Map ? [...v.entries()].map(([k, x]) => [String(k), x]) : Object.entries(v);
      const present = entries.filter(([, x]) => x !== undefined && typeof x !== 'function');
      if (present.length === 0) return '{}';
      return `{${present.map(([k, x]) => `${pad(depth + 1)}${JSON.stringify(k)}${sep}${write(x, depth + 1)}`).join(',')}${pad(depth)}}`;
    }
    return 'null';
  };
  return write(value, 0);
}
