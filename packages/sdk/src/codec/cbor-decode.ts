/**
 * CBOR (RFC 8949) reader covering what ciborium emits for mithril-stm's `to_bytes` (stm.md §8.3, trap 16). Every read
 * is bounds-checked: malformed input raises `ENCODING_INVALID_CBOR`, never a `RangeError`.
 */
import { EncodingError } from '../errors.js';
import { CBOR_MAX_DEPTH, CborFloat, CborMap, cborInvalid as invalid, type CborValue } from './cbor-value.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const BREAK = Symbol('break');
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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
