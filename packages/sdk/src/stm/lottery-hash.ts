/**
 * Pluggable computation of the lottery values `ev = Blake2b-512("map" ‖ msgp ‖ u64_le(index) ‖ sigma)` (spec stm.md
 * §3.1) for many indexes of one `(msgp, sigma)`. The pure default uses @noble/hashes; Node callers can pass the
 * node:crypto version from `@mithril/sdk/node`, about 5× faster, which matters for a signer's `m` evaluations.
 */
import { EncodingError } from '../errors.js';
import { blake2b512 } from '../utils/hash.js';

/** Computes `ev` for successive indexes of one `(msgp, sigma)`; the returned bytes may be reused by the next call. */
export type LotteryValueFunction = (index: number) => Uint8Array;

/**
 * Prepares {@link LotteryValueFunction}s: `(msgp, sigma) ↦ (index ↦ ev)`.
 *
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when `sigma` is not 48 bytes; the function it returns throws
 *   `ENCODING_INTEGER_OUT_OF_RANGE` for an index that is not a non-negative safe integer
 */
export type LotteryHasher = (msgp: Uint8Array, sigma: Uint8Array) => LotteryValueFunction;

const MAP_PREFIX = Uint8Array.of(0x6d, 0x61, 0x70);
const SIGMA_BYTES = 48;

/**
 * The bytes hashed for one index, laid out once: `"map" ‖ msgp ‖ index(8, LE) ‖ sigma`, with a writer for the index.
 *
 * @param msgp - the signed message `msg ‖ root`
 * @param sigma - the 48-byte compressed signature
 * @returns the buffer and a function writing an index into it
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when `sigma` is not 48 bytes
 * @example
 * const { input, setIndex } = lotteryInput(msgp, sigma);
 * setIndex(7);
 */
export function lotteryInput(msgp: Uint8Array, sigma: Uint8Array): { input: Uint8Array; setIndex(index: number): void } {
  if (!(sigma instanceof Uint8Array) || sigma.length !== SIGMA_BYTES) {
    throw new EncodingError('ENCODING_INVALID_LENGTH', `expected ${SIGMA_BYTES} bytes`, { field: 'sigma' });
  }
  const offset = MAP_PREFIX.length + msgp.length;
  const input = new Uint8Array(offset + 8 + SIGMA_BYTES);
  input.set(MAP_PREFIX, 0);
  input.set(msgp, MAP_PREFIX.length);
  input.set(sigma, offset + 8);
  const view = new DataView(input.buffer);
  return {
    input,
    setIndex(index: number): void {
      if (!Number.isSafeInteger(index) || index < 0) {
        throw new EncodingError('ENCODING_INTEGER_OUT_OF_RANGE', `expected a non-negative integer, got ${index}`, {
          field: 'index',
        });
      }
      view.setUint32(offset, index >>> 0, true);
      view.setUint32(offset + 4, Math.floor(index / 2 ** 32), true);
    },
  };
}

/**
 * The pure lottery hasher (@noble/hashes Blake2b-512), sharing one input buffer across indexes.
 *
 * @example
 * const ev = nobleLotteryHasher(msgp, sigma)(index);
 */
export const nobleLotteryHasher: LotteryHasher = (msgp, sigma) => {
  const { input, setIndex } = lotteryInput(msgp, sigma);
  return (index) => {
    setIndex(index);
    return blake2b512(input);
  };
};
