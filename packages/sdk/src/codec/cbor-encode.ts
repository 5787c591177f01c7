/**
 * CBOR (RFC 8949) writer that reproduces ciborium's choices for mithril-stm's `to_bytes` (stm.md §8.3, trap 16):
 * shortest integer heads, definite lengths unless a map asks otherwise, floats shrunk when lossless.
 */
import { EncodingError } from '../errors.js';
import { CBOR_MAX_DEPTH, CborFloat, CborMap, cborInvalid as invalid, type CborValue } from './cbor-value.js';

const U64_MAX = (1n << 64n) - 1n;
const UTF8_ENCODER = new TextEncoder();

class Writer {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  push(...bytes: number[]): void {
    this.ensure(bytes.length);
    for (const b of bytes) this.buf[this.len++] = b;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  head(major: number, arg: number | bigint): void {
    const m = major << 5;
    if (typeof arg === 'number' && arg < 24) {
      this.push(m | arg);
    } else if (typeof arg === 'number' && arg < 0x100) {
      this.push(m | 24, arg);
    } else if (typeof arg === 'number' && arg < 0x10000) {
      this.push(m | 25, arg >> 8, arg & 0xff);
    } else if (typeof arg === 'number' && arg < 0x100000000) {
      this.push(m | 26, (arg >>> 24) & 0xff, (arg >>> 16) & 0xff, (arg >>> 8) & 0xff, arg & 0xff);
    } else {
      const big = BigInt(arg);
      if (big < 0n || big > U64_MAX) {
        throw new EncodingError('ENCODING_INTEGER_OUT_OF_RANGE', 'integer does not fit in 64 bits', { field: 'cbor' });
      }
      if (big < 0x100000000n) {
        this.head(major, Number(big));
        return;
      }
      const b = new Uint8Array(9);
      b[0] = m | 27;
      new DataView(b.buffer).setBigUint64(1, big);
      this.raw(b);
    }
  }

  float(value: number): void {
    const half = toHalfExact(value);
    if (half !== undefined) {
      this.push(0xf9, half >> 8, half & 0xff);
      return;
    }
    if (Object.is(Math.fround(value), value)) {
      const b = new Uint8Array(5);
      b[0] = 0xfa;
      new DataView(b.buffer).setFloat32(1, value);
      this.raw(b);
      return;
    }
    const b = new Uint8Array(9);
    b[0] = 0xfb;
    new DataView(b.buffer).setFloat64(1, value);
    this.raw(b);
  }

  value(v: CborValue, depth: number): void {
    if (depth > CBOR_MAX_DEPTH) invalid(`nesting deeper than ${CBOR_MAX_DEPTH}`, 'cbor');
    if (v === null) this.push(0xf6);
    else if (v === undefined) this.push(0xf7);
    else if (typeof v === 'boolean') this.push(v ? 0xf5 : 0xf4);
    else if (typeof v === 'number' || typeof v === 'bigint') this.integer(v);
    else if (typeof v === 'string') this.bytes(3, UTF8_ENCODER.encode(v));
    else if (v instanceof Uint8Array) this.bytes(2, v);
    else if (Array.isArray(v)) {
      this.head(4, v.length);
      for (const item of v) this.value(item, depth + 1);
    } else if (v instanceof CborMap) {
      if (v.indefinite) this.push(0xbf);
      else this.head(5, v.entries.length);
      for (const [k, item] of v.entries) {
        this.value(k, depth + 1);
        this.value(item, depth + 1);
      }
      if (v.indefinite) this.push(0xff);
    } else if (v instanceof CborFloat) this.float(v.value);
    else invalid('unsupported value', 'cbor');
  }

  /** Major type 0 for n >= 0, major type 1 with argument -1 - n below (RFC 8949 §3.1). */
  private integer(v: number | bigint): void {
    if (typeof v === 'bigint') {
      if (v >= 0n) this.head(0, v);
      else this.head(1, -1n - v);
    } else if (!Number.isSafeInteger(v)) {
      throw new EncodingError('ENCODING_INTEGER_OUT_OF_RANGE', `not a safe integer: ${v} (use CborFloat)`, { field: 'cbor' });
    } else if (v >= 0) this.head(0, v);
    else this.head(1, -1 - v);
  }

  /** A byte string (major 2) or a UTF-8 text string (major 3): length head, then the bytes. */
  private bytes(major: 2 | 3, bytes: Uint8Array): void {
    this.head(major, bytes.length);
    this.raw(bytes);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/**
 * The IEEE half-precision bits of `value` when the conversion is exact (ciborium shrinks floats this way), else
 * `undefined`. NaN maps to the canonical quiet NaN `0x7e00`.
 */
function toHalfExact(value: number): number | undefined {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const a = Math.abs(value);
  if (a === 0) return sign;
  if (a === Infinity) return sign | 0x7c00;
  if (a > 65504 || a < 2 ** -24) return undefined;
  if (a < 2 ** -14) {
    const m = a * 2 ** 24;
    return Number.isInteger(m) ? sign | m : undefined;
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const m = a * 2 ** (10 - e);
  if (!Number.isInteger(m)) return undefined;
  return sign | ((e + 15) << 10) | (m - 1024);
}

/**
 * Encodes a value as CBOR the way ciborium does: shortest integer heads, definite lengths (unless a {@link CborMap}
 * asks for an indefinite map), floats shrunk to f16 / f32 when lossless.
 *
 * @param value - the value to encode
 * @returns the CBOR bytes (no version prefix)
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` for integers outside the CBOR range or non-integral
 *   numbers (wrap floats in {@link CborFloat}); `ENCODING_INVALID_CBOR` for unsupported values
 * @example
 * encodeCbor(new CborMap([['m', 20973]])) // a1 61 6d 19 51 ed
 */
export function encodeCbor(value: CborValue): Uint8Array {
  const w = new Writer();
  w.value(value, 0);
  return w.result();
}
