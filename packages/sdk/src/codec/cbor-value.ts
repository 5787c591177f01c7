/**
 * The CBOR data model shared by the reader (`cbor-decode.ts`) and the writer (`cbor-encode.ts`): floats kept apart
 * from integers, maps that remember their order and length encoding, and the common error helper.
 */
import { EncodingError } from '../errors.js';

/**
 * A CBOR float, kept distinct from integers so that it re-encodes as a float.
 *
 * @example
 * bytesToHex(encodeCbor(new CborFloat(1))) // 'f93c00': a half-precision float, not the integer 1
 */
export class CborFloat {
  /**
   * @param value - the double value
   */
  constructor(readonly value: number) {}
}

/**
 * A CBOR map: entries in encoded order, and whether it was (or must be) written with indefinite length
 * (ciborium writes flattened structs such as `SingleSignature` as indefinite maps).
 *
 * @example
 * const map = new CborMap([[0, 1n]], true); // written as an indefinite-length map
 * const bytes = encodeCbor(map);
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
export type CborValue = number | bigint | string | boolean | null | undefined | Uint8Array | CborValue[] | CborMap | CborFloat;

/**
 * Nesting deeper than this is rejected.
 *
 * @example
 * CBOR_MAX_DEPTH // 256: deeper CBOR input is rejected, never a stack overflow
 */
export const CBOR_MAX_DEPTH = 256;

/**
 * Throws the `ENCODING_INVALID_CBOR` error of the CBOR reader and writer.
 *
 * @param message - what is wrong
 * @param field - name of the input
 * @param offset - byte offset of the problem, when known
 * @throws {EncodingError} always
 */
export function cborInvalid(message: string, field: string, offset?: number): never {
  throw new EncodingError('ENCODING_INVALID_CBOR', offset === undefined ? message : `${message} at offset ${offset}`, {
    field,
    details: offset === undefined ? undefined : { offset },
  });
}
