import { EncodingError } from '../errors.js';

/**
 * Largest u64 value.
 *
 * @example
 * U64_MAX // 18446744073709551615n
 * u64be(U64_MAX + 1n) // throws: not a u64
 */
export const U64_MAX = (1n << 64n) - 1n;

const HEX_CHARS = '0123456789abcdef';
const HEX_TABLE: string[] = Array.from({ length: 256 }, (_, i) => HEX_CHARS[i >> 4]! + HEX_CHARS[i & 15]!);

/**
 * Lowercase hex of bytes.
 *
 * @example
 * bytesToHex(Uint8Array.of(0x5b, 0x01)) // '5b01'
 */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_TABLE[bytes[i]!]!;
  return out;
}

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * Bytes of a hex string (either case, no prefix).
 *
 * @param hex - the text
 * @param field - name of the field, for the error message
 * @throws {EncodingError} `ENCODING_INVALID_HEX` on odd length or a non-hex character
 *
 * @example
 * hexToBytes('5b01') // Uint8Array [0x5b, 0x01]
 * hexToBytes('5b0', 'genesis_key') // throws EncodingError ENCODING_INVALID_HEX (field genesis_key)
 */
export function hexToBytes(hex: string, field = 'hex'): Uint8Array {
  if (typeof hex !== 'string') throw new EncodingError('ENCODING_INVALID_HEX', 'expected a hex string', { field });
  if (hex.length % 2 !== 0) {
    throw new EncodingError('ENCODING_INVALID_HEX', `odd hex length ${hex.length}`, { field });
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(hex.charCodeAt(2 * i));
    const lo = hexNibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) {
      throw new EncodingError('ENCODING_INVALID_HEX', `invalid hex character at offset ${2 * i}`, { field });
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/**
 * Concatenation of byte arrays (for a fixed, small number of parts; see {@link concatByteList} for a list).
 *
 * @example
 * concatBytes(Uint8Array.of(1), Uint8Array.of(2, 3)) // Uint8Array [1, 2, 3]
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return concatByteList(parts);
}

/**
 * Concatenation of a list of byte arrays of any length: taking the list as one argument, never spreading it into
 * call arguments, so a hostile input with a huge number of parts cannot overflow the call stack.
 *
 * @example
 * concatByteList([Uint8Array.of(1), Uint8Array.of(2, 3)]) // Uint8Array [1, 2, 3]
 */
export function concatByteList(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Lexicographic comparison of byte arrays (shorter prefix first), like Rust's `Ord` on `[u8]`.
 *
 * @example
 * compareBytes(Uint8Array.of(1), Uint8Array.of(1, 0)) // < 0: the shorter prefix sorts first
 * [b, a].sort(compareBytes) // ascending byte order
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Byte-wise equality.
 *
 * @example
 * equalBytes(hexToBytes('ab'), Uint8Array.of(0xab)) // true
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/**
 * Asserts that a bigint is a u64.
 *
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE`
 */
function assertU64(value: bigint, field: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value > U64_MAX) {
    throw new EncodingError('ENCODING_INTEGER_OUT_OF_RANGE', `expected an unsigned 64-bit integer, got ${String(value)}`, {
      field,
    });
  }
  return value;
}

/**
 * 8-byte big-endian encoding of a u64.
 *
 * @example
 * bytesToHex(u64be(258n)) // '0000000000000102'
 */
export function u64be(value: bigint | number, field = 'u64'): Uint8Array {
  const v = assertU64(BigInt(value), field);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, false);
  return out;
}

/**
 * 8-byte little-endian encoding of a u64.
 *
 * @example
 * bytesToHex(u64le(258n)) // '0201000000000000'
 */
export function u64le(value: bigint | number, field = 'u64'): Uint8Array {
  const v = assertU64(BigInt(value), field);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}

/** Unsigned big-endian integer of bytes. */
export function bytesToBigIntBE(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
}

/** Unsigned little-endian integer of bytes. */
export function bytesToBigIntLE(bytes: Uint8Array): bigint {
  const rev = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) rev[i] = bytes[bytes.length - 1 - i]!;
  return bytesToBigIntBE(rev);
}

/** Big-endian encoding of an unsigned bigint on exactly `length` bytes. */
export function bigIntToBytesBE(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new EncodingError('ENCODING_INTEGER_OUT_OF_RANGE', `integer does not fit in ${length} bytes`);
  return out;
}
