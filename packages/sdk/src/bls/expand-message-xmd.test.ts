import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';

import { isMithrilError } from '../errors.js';
import { bytesToHex, concatBytes, utf8 } from '../utils/bytes.js';
import { expandMessageXmd } from './expand-message-xmd.js';

describe('expandMessageXmd', () => {
  it('equals noble expand_message_xmd for non-empty DSTs and several lengths', () => {
    const dsts = ['QUUX-V01-CS02-with-expander-SHA256-128', 'QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_', 'x'];
    const messages = ['', 'abc', 'abcdef0123456789', `q128_${'q'.repeat(128)}`, `a512_${'a'.repeat(512)}`];
    for (const dst of dsts) {
      for (const message of messages) {
        for (const len of [1, 32, 33, 64, 128, 255, 0x80 * 4]) {
          const ours = expandMessageXmd(utf8(message), utf8(dst), len);
          expect(bytesToHex(ours)).toBe(bytesToHex(expand_message_xmd(utf8(message), dst, len, sha256)));
        }
      }
    }
  });

  it('hashes an oversize DST as RFC 9380 §5.3.3 says', () => {
    const longDst = utf8('D'.repeat(300));
    const ours = expandMessageXmd(utf8('abc'), longDst, 64);
    expect(bytesToHex(ours)).toBe(bytesToHex(expand_message_xmd(utf8('abc'), longDst, 64, sha256)));
  });

  it('accepts the empty DST with DST_prime = 00 (stm.md §1.3 step 1)', () => {
    const message = utf8('PoP');
    const dstPrime = Uint8Array.of(0);
    const b0 = sha256(concatBytes(new Uint8Array(64), message, Uint8Array.of(0, 128, 0), dstPrime));
    const b1 = sha256(concatBytes(b0, Uint8Array.of(1), dstPrime));
    const b2 = sha256(
      concatBytes(
        b0.map((v, i) => v ^ b1[i]!),
        Uint8Array.of(2),
        dstPrime,
      ),
    );
    const out = expandMessageXmd(message, new Uint8Array(0), 128);
    expect(out.length).toBe(128);
    expect(bytesToHex(out.subarray(0, 64))).toBe(bytesToHex(concatBytes(b1, b2)));
  });

  it('rejects impossible output lengths with an EncodingError', () => {
    for (const len of [0, -1, 255 * 32 + 1, 1.5]) {
      let caught: unknown;
      try {
        expandMessageXmd(utf8('abc'), new Uint8Array(0), len);
      } catch (error) {
        caught = error;
      }
      expect(isMithrilError(caught, 'ENCODING_INVALID_LENGTH')).toBe(true);
    }
  });
});
