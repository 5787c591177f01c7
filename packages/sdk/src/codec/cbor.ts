/**
 * A minimal CBOR (RFC 8949) reader and writer covering what ciborium emits for mithril-stm's `to_bytes`
 * (stm.md §8.3, trap 16): unsigned / negative integers, text and byte strings, arrays, definite and indefinite maps,
 * simple values and floats. Every read is bounds-checked: malformed input raises `ENCODING_INVALID_CBOR`, never a
 * `RangeError`.
 */
import { EncodingError } from '../errors.js';

/** A CBOR float, kept distinct from integers so that it re-encodes as a float. */
export class CborFloat {
  /**
   * @param value - the double value
   */
  constructor(readonly value: number) {}
}

/**
 * A CBOR map: entries in encoded order, and whether it was (or must be) written with indefinite length
 * (ciborium writes flattened structs such as `SingleSignature` as indefinite maps).
 */
export class CborMap {
  /**
   * @param entries - key / value pairs in order
   * @param indefinite - whether the map uses the indefinite-length encoding (`0xbf … 0xff`)
   */
  constructor(
    readonly entries: Array<readonly [CborValue, CborValue]>,
    readonly indefinite = false,
  ) {}

  /**
   * The value stored under a text key.
   *
   * @param key - the text key
   * @returns the value, or `undefined` when absent
   */
  get(key: string): CborValue | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }

  /**
   * Whether a text key is present.
   *
   * @param key - the text key
   */
  has(key: string): boolean {
    for (const [k] of this.entries) if (k === key) return true;
    return false;
  }
}

/**
 * A decoded CBOR data item. Integers are `number` when |n| ≤ 2^53 − 1, else `bigint`; `undefined` is the CBOR
 * `undefined` simple value.
 */
export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | undefined
  | Uint8Array
  | CborValue[]
  | CborMap
  | CborFloat;

/** Nesting deeper than this is rejected. */
export const CBOR_MAX_DEPTH = 256;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const U64_MAX = (1n << 64n) - 1n;
const BREAK = Symbol('break');
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_ENCODER = new TextEncoder();

function invalid(message: string, field: string, offset?: number): never {
  throw new EncodingError('ENCODING_INVALID_CBOR', offset === undefined ? message : `${message} at offset ${offset}`, {
    field,
    details: offset === undefined ? undefined : { offset },
  });
}

function decodeHalf(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

class Reader {
  pos = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly field: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number): void {
    if (n > this.bytes.length - this.pos) invalid('truncated input', this.field, this.pos);
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  /** The argument of a header with additional info `info`; `-1` for the indefinite-length marker. */
  argument(info: number, start: number): number | bigint {
    if (info < 24) return info;
    switch (info) {
      case 24:
        return this.byte();
      case 25: {
        this.need(2);
        const v = this.view.getUint16(this.pos);
        this.pos += 2;
        return v;
      }
      case 26: {
        this.need(4);
        const v = this.view.getUint32(this.pos);
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const v = this.view.getBigUint64(this.pos);
        this.pos += 8;
        return v <= MAX_SAFE ? Number(v) : v;
      }
      case 31:
        return -1;
      default:
        return invalid(`reserved additional information ${info}`, this.field, start);
    }
  }

  length(arg: number | bigint, start: number): number {
    if (typeof arg === 'bigint' || arg > this.bytes.length) invalid('length exceeds the input', this.field, start);
    return arg as number;
  }

  item(depth: number): CborValue | typeof BREAK {
    const start = this.pos;
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) return this.simple(info, start);
    const arg = this.argument(info, start);
    const indefinite = arg === -1;
    if (indefinite && (major === 0 || major === 1 || major === 6)) {
      invalid('indefinite length not allowed here', this.field, start);
    }
    switch (major) {
      case 0:
        return arg;
      case 1:
        return typeof arg === 'bigint' || arg >= Number.MAX_SAFE_INTEGER ? -1n - BigInt(arg) : -1 - arg;
      case 2:
      case 3: {
        let bytes: Uint8Array;
        if (indefinite) {
          const chunks: Uint8Array[] = [];
          for (;;) {
            const chunkStart = this.pos;
            const head = this.byte();
            if (head === 0xff) break;
            if (head >> 5 !== major || (head & 0x1f) === 31) invalid('invalid string chunk', this.field, chunkStart);
            const n = this.length(this.argument(head & 0x1f, chunkStart), chunkStart);
            this.need(n);
            chunks.push(this.bytes.subarray(this.pos, this.pos + n));
            this.pos += n;
          }
          let total = 0;
          for (const c of chunks) total += c.length;
          bytes = new Uint8Array(total);
          let off = 0;
          for (const c of chunks) {
            bytes.set(c, off);
            off += c.length;
          }
        } else {
          const n = this.length(arg, start);
          this.need(n);
          bytes = this.bytes.slice(this.pos, this.pos + n);
          this.pos += n;
        }
        if (major === 2) return bytes;
        try {
          return UTF8.decode(bytes);
        } catch (cause) {
          throw new EncodingError('ENCODING_INVALID_CBOR', `invalid UTF-8 text at offset ${start}`, {
            field: this.field,
            cause,
          });
        }
      }
      case 4: {
        if (depth >= CBOR_MAX_DEPTH) invalid(`nesting deeper than ${CBOR_MAX_DEPTH}`, this.field, start);
        const out: CborValue[] = [];
        if (indefinite) {
          for (;;) {
            const v = this.item(depth + 1);
            if (v === BREAK) return out;
            out.push(v);
          }
        }
        const n = this.length(arg, start);
        // Each item takes at least one byte, so a larger count is necessarily truncated.
        this.need(n);
        for (let i = 0; i < n; i++) out.push(this.value(depth + 1));
        return out;
      }
      case 5: {
        if (depth >= CBOR_MAX_DEPTH) invalid(`nesting deeper than ${CBOR_MAX_DEPTH}`, this.field, start);
        const entries: Array<readonly [CborValue, CborValue]> = [];
        const seen = new Set<unknown>();
        const addEntry = (keyStart: number, key: CborValue): void => {
          const id = typeof key === 'string' || typeof key === 'number' || typeof key === 'bigint' ? key : undefined;
          if (id !== undefined) {
            if (seen.has(id)) invalid('duplicate map key', this.field, keyStart);
            seen.add(id);
          }
          entries.push([key, this.value(depth + 1)]);
        };
        if (indefinite) {
          for (;;) {
            const keyStart = this.pos;
            const k = this.item(depth + 1);
            if (k === BREAK) return new CborMap(entries, true);
            addEntry(keyStart, k);
          }
        }
        const n = this.length(arg, start);
        this.need(n);
        for (let i = 0; i < n; i++) {
          const keyStart = this.pos;
          addEntry(keyStart, this.value(depth + 1));
        }
        return new CborMap(entries, false);
      }
      default:
        // Tags (major 6) are never written by ciborium for these types.
        return invalid('CBOR tags are not supported', this.field, start);
    }
  }

  value(depth: number): CborValue {
    const start = this.pos;
    const v = this.item(depth);
    if (v === BREAK) invalid('unexpected break', this.field, start);
    return v;
  }

  simple(info: number, start: number): CborValue | typeof BREAK {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 25: {
        this.need(2);
        const v = decodeHalf(this.view.getUint16(this.pos));
        this.pos += 2;
        return new CborFloat(v);
      }
      case 26: {
        this.need(4);
        const v = this.view.getFloat32(this.pos);
        this.pos += 4;
        return new CborFloat(v);
      }
      case 27: {
        this.need(8);
        const v = this.view.getFloat64(this.pos);
        this.pos += 8;
        return new CborFloat(v);
      }
      case 31:
        return BREAK;
      default:
        return invalid(`unsupported simple value ${info}`, this.field, start);
    }
  }
}

/**
 * Decodes exactly one CBOR data item.
 *
 * @param bytes - the CBOR bytes (no version prefix)
 * @param field - name of the input, for error messages
 * @returns the decoded item
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` on truncated or malformed input, duplicate map keys, tags,
 *   nesting deeper than {@link CBOR_MAX_DEPTH} or trailing bytes
 * @example
 * decodeCbor(Uint8Array.of(0x82, 0x01, 0x18, 0xff)) // [1, 255]
 */
export function decodeCbor(bytes: Uint8Array, field = 'cbor'): CborValue {
  if (!(bytes instanceof Uint8Array)) invalid('expected bytes', field);
  const reader = new Reader(bytes, field);
  const value = reader.value(0);
  if (reader.pos !== bytes.length) invalid('trailing bytes after the CBOR item', field, reader.pos);
  return value;
}

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
    if (v === null) return this.push(0xf6);
    if (v === undefined) return this.push(0xf7);
    switch (typeof v) {
      case 'boolean':
        return this.push(v ? 0xf5 : 0xf4);
      case 'number':
        if (!Number.isSafeInteger(v)) {
          throw new EncodingError('ENCODING_INTEGER_OUT_OF_RANGE', `not a safe integer: ${v} (use CborFloat)`, {
            field: 'cbor',
          });
        }
        return v >= 0 ? this.head(0, v) : this.head(1, -1 - v);
      case 'bigint':
        return v >= 0n ? this.head(0, v) : this.head(1, -1n - v);
      case 'string': {
        const bytes = UTF8_ENCODER.encode(v);
        this.head(3, bytes.length);
        return this.raw(bytes);
      }
      default:
        break;
    }
    if (v instanceof Uint8Array) {
      this.head(2, v.length);
      return this.raw(v);
    }
    if (Array.isArray(v)) {
      this.head(4, v.length);
      for (const item of v) this.value(item, depth + 1);
      return;
    }
    if (v instanceof CborMap) {
      if (v.indefinite) this.push(0xbf);
      else this.head(5, v.entries.length);
      for (const [k, item] of v.entries) {
        this.value(k, depth + 1);
        this.value(item, depth + 1);
      }
      if (v.indefinite) this.push(0xff);
      return;
    }
    if (v instanceof CborFloat) return this.float(v.value);
    return invalid('unsupported value', 'cbor');
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
