/**
 * Bech32 (BIP-173 checksum, not bech32m), the encoding of Cardano pool ids (`pool1…`, nodes.md §2.3.1, §10.2).
 * Kept small and local because `@scure/base` is not a dependency of the SDK.
 */
import { EncodingError } from '../errors.js';
import { blake2b } from '@noble/hashes/blake2.js';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
/** BIP-173 limits a bech32 string to 90 characters; Cardano ids are far below it, but longer ones are still valid. */
const MAX_LENGTH = 1023;

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) {
      if ((top >>> i) & 1) chk ^= GENERATORS[i] as number;
    }
  }
  return chk;
}

function expandHrp(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >>> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

function toWords(bytes: Uint8Array): number[] {
  const words: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >>> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  return words;
}

function fromWords(words: readonly number[], field: string): Uint8Array {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const word of words) {
    acc = (acc << 5) | word;
    bits += 5;
    while (bits >= 8) {
      bits -= 8;
      bytes.push((acc >>> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  // BIP-173: at most 4 padding bits, all zero.
  if (bits >= 5 || acc !== 0) {
    throw new EncodingError('ENCODING_INVALID_BYTES', 'bech32 data has non-zero padding', { field });
  }
  return Uint8Array.from(bytes);
}

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
  const words = toWords(data);
  const checksumInput = [...expandHrp(hrp), ...words, 0, 0, 0, 0, 0, 0];
  const mod = polymod(checksumInput) ^ 1;
  const checksum: number[] = [];
  for (let i = 0; i < 6; i++) checksum.push((mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...checksum].map((w) => CHARSET[w]).join('')}`;
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
 */
export function bech32Decode(text: string, field = 'bech32'): Bech32Decoded {
  if (typeof text !== 'string' || text.length < 8 || text.length > MAX_LENGTH) {
    throw new EncodingError('ENCODING_INVALID_BYTES', 'not a bech32 string', { field });
  }
  const lower = text.toLowerCase();
  if (lower !== text && text.toUpperCase() !== text) {
    throw new EncodingError('ENCODING_INVALID_BYTES', 'bech32 string mixes upper and lower case', { field });
  }
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || lower.length - separator - 1 < 6) {
    throw new EncodingError('ENCODING_INVALID_BYTES', 'bech32 separator misplaced', { field });
  }
  const hrp = lower.slice(0, separator);
  assertHrp(hrp, field);
  const words: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const word = CHARSET.indexOf(char);
    if (word < 0) throw new EncodingError('ENCODING_INVALID_BYTES', `invalid bech32 character '${char}'`, { field });
    words.push(word);
  }
  if (polymod([...expandHrp(hrp), ...words]) !== 1) {
    throw new EncodingError('ENCODING_INVALID_BYTES', 'bad bech32 checksum', { field });
  }
  return { hrp, data: fromWords(words.slice(0, -6), field) };
}

/**
 * The pool id of a cold verification key: `bech32("pool", Blake2b-224(cold_vk))` (nodes.md §2.3.1).
 *
 * @param coldVerificationKey - the pool's Ed25519 cold verification key (32 bytes)
 * @returns the `pool1…` id
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when the key is not 32 bytes
 */
export function poolIdFromColdVerificationKey(coldVerificationKey: Uint8Array): string {
  if (!(coldVerificationKey instanceof Uint8Array) || coldVerificationKey.length !== 32) {
    throw new EncodingError('ENCODING_INVALID_LENGTH', 'a cold verification key is 32 bytes', {
      field: 'coldVerificationKey',
    });
  }
  return bech32Encode('pool', blake2b(coldVerificationKey, { dkLen: 28 }));
}
