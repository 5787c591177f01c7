/**
 * Bech32 (BIP-173 checksum, not bech32m), the encoding of Cardano pool ids (`pool1…`, nodes.md §2.3.1, §10.2), over
 * `@scure/base` with the SDK's errors.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { bech32 } from '@scure/base';
import { EncodingError } from '../errors.js';

/** BIP-173 limits a bech32 string to 90 characters; Cardano ids are far below it, but longer ones are still valid. */
const MAX_LENGTH = 1023;

function assertHrp(hrp: string, field: string): void {
  if (typeof hrp !== 'string' || hrp.length === 0 || hrp.length > 83) {
    throw new EncodingError('ENCODING_INVALID_BYTES', 'bech32 prefix must be 1 to 83 characters', { field });
  }
  for (let i = 0; i < hrp.length; i++) {
    const c = hrp.charCodeAt(i);
    if (c < 33 || c > 126 || (c >= 65 && c <= 90)) {
      throw new EncodingError('ENCODING_INVALID_BYTES', 'bech32 prefix must be lowercase printable ASCII', { field });
    }
  }
}

/**
 * Encodes bytes as a bech32 string (BIP-173 checksum) with the given human-readable prefix.
 *
 * @param hrp - lowercase human-readable prefix, e.g. `pool`
 * @param data - the payload bytes
 * @returns the bech32 string, e.g. `pool1…`
 * @throws {EncodingError} `ENCODING_INVALID_BYTES` for an invalid prefix
 * @example
 * bech32Encode('pool', new Uint8Array(28)) // 'pool1qqqq…'
 */
export function bech32Encode(hrp: string, data: Uint8Array): string {
  assertHrp(hrp, 'hrp');
  return bech32.encode(hrp, bech32.toWords(data), false);
}

/** Result of {@link bech32Decode}. */
export interface Bech32Decoded {
  readonly hrp: string;
  readonly data: Uint8Array;
}

/**
 * Decodes a bech32 string (BIP-173 checksum; all-lowercase or all-uppercase).
 *
 * @param text - the bech32 string
 * @param field - name of the input, for error messages
 * @returns the prefix (lowercase) and the payload bytes
 * @throws {EncodingError} `ENCODING_INVALID_BYTES` on mixed case, a bad character, a bad checksum or bad padding
 * @example
 * bech32Decode('pool1…').data.length // 28
 */
export function bech32Decode(text: string, field = 'bech32'): Bech32Decoded {
  if (typeof text !== 'string' || text.length < 8 || text.length > MAX_LENGTH) {
    throw new EncodingError('ENCODING_INVALID_BYTES', 'not a bech32 string', { field });
  }
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32.decode(text as `${string}1${string}`, MAX_LENGTH);
  } catch (error) {
    throw new EncodingError('ENCODING_INVALID_BYTES', `not a valid bech32 string: ${(error as Error).message}`, {
      field,
      cause: error,
    });
  }
  assertHrp(decoded.prefix, field);
  const data = bech32.fromWordsUnsafe(decoded.words);
  if (data === undefined) {
    throw new EncodingError('ENCODING_INVALID_BYTES', 'bech32 data has non-zero padding', { field });
  }
  return { hrp: decoded.prefix, data: Uint8Array.from(data) };
}

/**
 * The pool id of a cold verification key: `bech32("pool", Blake2b-224(cold_vk))` (nodes.md §2.3.1).
 *
 * @param coldVerificationKey - the pool's Ed25519 cold verification key (32 bytes)
 * @returns the `pool1…` id
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when the key is not 32 bytes
 * @example
 * poolIdFromColdVerificationKey(coldVk) // 'pool1…'
 */
export function poolIdFromColdVerificationKey(coldVerificationKey: Uint8Array): string {
  if (!(coldVerificationKey instanceof Uint8Array) || coldVerificationKey.length !== 32) {
    throw new EncodingError('ENCODING_INVALID_LENGTH', 'a cold verification key is 32 bytes', {
      field: 'coldVerificationKey',
    });
  }
  return bech32Encode('pool', blake2b(coldVerificationKey, { dkLen: 28 }));
}
