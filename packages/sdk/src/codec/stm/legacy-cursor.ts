/**
 * Reader of the legacy binary `to_bytes` layouts of the STM types (before 2026-04, stm.md §8.3; every integer u64
 * big-endian). Every read is bounds-checked and reports `ENCODING_INVALID_LENGTH` with the field and offset.
 */
import { fail } from '../fields.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bounds-checked cursor over legacy bytes. */
export class LegacyCursor {
  /** Offset of the next byte to read. */
  pos = 0;
  private readonly view: DataView;

  /**
   * @param bytes - the input
   * @param field - name of the input, for errors
   * @throws {EncodingError} `ENCODING_INVALID_BYTES` when `bytes` is not a `Uint8Array`
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly field: string,
  ) {
    if (!(bytes instanceof Uint8Array)) fail('ENCODING_INVALID_BYTES', 'expected bytes', field);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Throws `ENCODING_INVALID_LENGTH` unless `n` more bytes are available (`what` names them). */
  need(n: number, what: string): void {
    if (n > this.remaining) {
      fail('ENCODING_INVALID_LENGTH', `truncated input: ${what} needs ${n} bytes at offset ${this.pos}, ${this.remaining} left`, this.field);
    }
  }

  /** Reads a big-endian u64. */
  u64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  /** A u64 that is used as a count, length or index: it must be a safe integer. */
  size(what: string): number {
    const v = this.u64(what);
    if (v > MAX_SAFE) fail('ENCODING_INTEGER_OUT_OF_RANGE', `${what} ${v} is too large`, this.field);
    return Number(v);
  }

  /** Reads `n` bytes (a copy). */
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Reads every remaining byte. */
  rest(): Uint8Array {
    return this.take(this.remaining, 'rest');
  }

  /** Throws `ENCODING_INVALID_LENGTH` when bytes are left over. */
  end(): void {
    if (this.remaining !== 0) {
      fail('ENCODING_INVALID_LENGTH', `${this.remaining} unexpected trailing bytes at offset ${this.pos}`, this.field);
    }
  }
}
