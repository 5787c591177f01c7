import { sha256 } from '@noble/hashes/sha2.js';

import { EncodingError } from '../errors.js';

/** SHA-256 output size (`b_in_bytes` in RFC 9380). */
const HASH_OUTPUT_BYTES = 32;
/** SHA-256 input block size (`s_in_bytes` in RFC 9380), the length of `Z_pad`. */
const HASH_BLOCK_BYTES = 64;
const OVERSIZE_DST_PREFIX = new TextEncoder().encode('H2C-OVERSIZE-DST-');

/**
 * RFC 9380 §5.3.1 `expand_message_xmd` with SHA-256, which (unlike @noble/curves) accepts an EMPTY domain separation
 * tag: Mithril hashes to G1 with `DST = ""`, so `DST_prime` is the single byte `00` (spec stm.md §1.3, trap 1).
 * A DST longer than 255 bytes is first reduced as in RFC 9380 §5.3.3.
 *
 * @param message - the message `msg`
 * @param dst - the domain separation tag, possibly empty
 * @param lenInBytes - number of uniform bytes wanted (1 to 8160: at most 255 SHA-256 blocks)
 * @returns `lenInBytes` uniform bytes
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when `lenInBytes` is out of range
 * @example
 * const uniform = expandMessageXmd(new TextEncoder().encode('PoP'), new Uint8Array(0), 128); // 128 bytes
 */
export function expandMessageXmd(message: Uint8Array, dst: Uint8Array, lenInBytes: number): Uint8Array {
  if (!Number.isSafeInteger(lenInBytes) || lenInBytes < 1 || lenInBytes > 255 * HASH_OUTPUT_BYTES) {
    throw new EncodingError('ENCODING_INVALID_LENGTH', `expand_message_xmd cannot produce ${String(lenInBytes)} bytes`, {
      field: 'lenInBytes',
    });
  }
  const tag = dst.length > 255 ? sha256.create().update(OVERSIZE_DST_PREFIX).update(dst).digest() : dst;
  const dstPrime = new Uint8Array(tag.length + 1);
  dstPrime.set(tag);
  dstPrime[tag.length] = tag.length;

  const ell = Math.ceil(lenInBytes / HASH_OUTPUT_BYTES);
  const b0 = sha256
    .create()
    .update(new Uint8Array(HASH_BLOCK_BYTES))
    .update(message)
    .update(Uint8Array.of(lenInBytes >>> 8, lenInBytes & 0xff, 0))
    .update(dstPrime)
    .digest();

  const out = new Uint8Array(ell * HASH_OUTPUT_BYTES);
  let previous = sha256.create().update(b0).update(Uint8Array.of(1)).update(dstPrime).digest();
  out.set(previous, 0);
  const mixed = new Uint8Array(HASH_OUTPUT_BYTES);
  for (let i = 2; i <= ell; i++) {
    for (let j = 0; j < HASH_OUTPUT_BYTES; j++) mixed[j] = b0[j]! ^ previous[j]!;
    previous = sha256.create().update(mixed).update(Uint8Array.of(i)).update(dstPrime).digest();
    out.set(previous, (i - 1) * HASH_OUTPUT_BYTES);
  }
  return lenInBytes === out.length ? out : out.slice(0, lenInBytes);
}
