/**
 * CBOR item boundaries without building values: where an item starts and ends in its byte string, so that hashes can
 * be taken over bytes "as they appear" (block headers, transaction bodies). Handles every major type, tags and
 * indefinite lengths, unlike the value decoder of `codec/`, which refuses tags.
 */
import { EncodingError } from '../errors.js';

/**
 * Deepest nesting accepted while skipping an item.
 *
 * @example
 * CBOR_SPAN_MAX_DEPTH // 256
 */
export const CBOR_SPAN_MAX_DEPTH = 256;

function fail(message: string, field: string, offset: number): never {
  throw new EncodingError('ENCODING_INVALID_CBOR', `${message} at offset ${offset}`, { field, details: { offset } });
}

/** The head of a CBOR item: major type, argument (`-1` for indefinite) and where its content starts. */
export interface CborHead {
  readonly major: number;
  readonly argument: number;
  readonly contentStart: number;
}

/**
 * Reads the head of the CBOR item at `offset`.
 *
 * @param bytes - the bytes
 * @param offset - where the item starts
 * @param field - field name for errors
 * @returns the major type, the argument (`-1` when indefinite) and the offset after the head
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` when truncated, reserved, or an argument exceeds 2^53
 * @example
 * readCborHead(Uint8Array.of(0x82, 0x07), 0, 'block'); // { major: 4, argument: 2, contentStart: 1 }
 */
export function readCborHead(bytes: Uint8Array, offset: number, field: string): CborHead {
  if (offset >= bytes.length) fail('truncated input', field, offset);
  const initial = bytes[offset]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (info < 24) return { major, argument: info, contentStart: offset + 1 };
  if (info === 31) {
    if (major === 0 || major === 1 || major === 6) fail('indefinite length not allowed here', field, offset);
    return { major, argument: -1, contentStart: offset + 1 };
  }
  if (info > 27) fail(`reserved additional information ${info}`, field, offset);
  const width = 2 ** (info - 24);
  if (offset + 1 + width > bytes.length) fail('truncated input', field, offset);
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + bytes[offset + 1 + i]!;
  if (!Number.isSafeInteger(value)) fail('argument too large', field, offset);
  return { major, argument: value, contentStart: offset + 1 + width };
}

/**
 * The offset just after the CBOR item that starts at `offset`.
 *
 * @param bytes - the bytes
 * @param offset - where the item starts
 * @param field - field name for errors
 * @param depth - current nesting (callers pass 0)
 * @returns the end offset (exclusive)
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` when the item is malformed or truncated
 * @example
 * cborItemEnd(Uint8Array.of(0x82, 0x01, 0x02, 0x00), 0, 'x'); // 3
 */
export function cborItemEnd(bytes: Uint8Array, offset: number, field: string, depth = 0): number {
  if (depth > CBOR_SPAN_MAX_DEPTH) fail(`nesting deeper than ${CBOR_SPAN_MAX_DEPTH}`, field, offset);
  const { major, argument, contentStart } = readCborHead(bytes, offset, field);
  const indefinite = argument === -1;
  switch (major) {
    case 0:
    case 1:
      return contentStart;
    case 2:
    case 3: {
      if (!indefinite) {
        if (argument > bytes.length - contentStart) fail('truncated string', field, offset);
        return contentStart + argument;
      }
      let pos = contentStart;
      while (bytes[pos] !== 0xff) {
        if (pos >= bytes.length) fail('unterminated string', field, offset);
        if (bytes[pos]! >> 5 !== major || (bytes[pos]! & 0x1f) === 31) fail('invalid string chunk', field, pos);
        pos = cborItemEnd(bytes, pos, field, depth + 1);
      }
      return pos + 1;
    }
    case 4:
    case 5: {
      const per = major === 5 ? 2 : 1;
      let pos = contentStart;
      if (indefinite) {
        while (bytes[pos] !== 0xff) {
          if (pos >= bytes.length) fail('unterminated container', field, offset);
          pos = cborItemEnd(bytes, pos, field, depth + 1);
        }
        return pos + 1;
      }
      if (argument * per > bytes.length - contentStart) fail('truncated container', field, offset);
      for (let i = 0; i < argument * per; i++) pos = cborItemEnd(bytes, pos, field, depth + 1);
      return pos;
    }
    case 6:
      return cborItemEnd(bytes, contentStart, field, depth + 1);
    default:
      if (indefinite) fail('unexpected break', field, offset);
      return contentStart;
  }
}

/**
 * The byte spans of the elements of the definite or indefinite CBOR array at `offset`.
 *
 * @param bytes - the bytes
 * @param offset - where the array starts
 * @param field - field name for errors
 * @returns each element's `[start, end)` and the array's end
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` when the item is not a well-formed array
 * @example
 * cborArraySpans(Uint8Array.of(0x82, 0x01, 0x02), 0, 'x'); // { items: [[1, 2], [2, 3]], end: 3 }
 */
export function cborArraySpans(bytes: Uint8Array, offset: number, field: string): { items: [number, number][]; end: number } {
  const { major, argument, contentStart } = readCborHead(bytes, offset, field);
  if (major !== 4) fail('expected an array', field, offset);
  const items: [number, number][] = [];
  let pos = contentStart;
  if (argument === -1) {
    while (bytes[pos] !== 0xff) {
      if (pos >= bytes.length) fail('unterminated array', field, offset);
      const end = cborItemEnd(bytes, pos, field);
      items.push([pos, end]);
      pos = end;
    }
    return { items, end: pos + 1 };
  }
  for (let i = 0; i < argument; i++) {
    const end = cborItemEnd(bytes, pos, field);
    items.push([pos, end]);
    pos = end;
  }
  return { items, end: pos };
}
