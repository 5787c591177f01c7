import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { BlsError } from '../errors.js';
import { bigIntToBytesBE, bytesToBigIntBE } from '../utils/bytes.js';
import { BLS12_381_ORDER } from './backend.js';

/**
 * Length of a serialized signing key and the minimum IKM length of blst keygen.
 *
 * @example
 * hexToBytes(secretHex).length === SIGNING_KEY_BYTES // 32
 */
export const SIGNING_KEY_BYTES = 32;
/** `L = ceil(3 · ceil(log2(r)) / 16) = 48` bytes of HKDF output per attempt (IETF BLS draft-04 §2.3). */
const OKM_BYTES = 48;
const KEYGEN_SALT = new TextEncoder().encode('BLS-SIG-KEYGEN-SALT-');

function invalidKey(field: string, reason: string): BlsError {
  return new BlsError('BLS_INVALID_SIGNING_KEY', reason, { field });
}

/**
 * Derives a BLS signing key from input key material exactly as blst `SecretKey::key_gen` ("keygen v4", IETF BLS
 * draft-04 KeyGen with the salt hashed before the first attempt), which Mithril's `BlsSigningKey::generate` calls
 * with 32 random bytes and an empty `key_info` (spec stm.md §1.2).
 *
 * @param ikm - input key material, at least 32 bytes (Mithril draws exactly 32 from its RNG)
 * @param keyInfo - optional HKDF `key_info`; Mithril uses the empty default
 * @returns the signing key, a scalar in `[1, r)`
 * @throws {BlsError} `BLS_INVALID_SIGNING_KEY` when the IKM is shorter than 32 bytes
 * @example
 * const sk = generateSigningKey(crypto.getRandomValues(new Uint8Array(32)));
 */
export function generateSigningKey(ikm: Uint8Array, keyInfo: Uint8Array = new Uint8Array(0)): bigint {
  if (!(ikm instanceof Uint8Array) || ikm.length < SIGNING_KEY_BYTES) {
    throw invalidKey('ikm', `key generation needs at least ${SIGNING_KEY_BYTES} bytes of input key material`);
  }
  const ikmWithZero = new Uint8Array(ikm.length + 1);
  ikmWithZero.set(ikm);
  const info = new Uint8Array(keyInfo.length + 2);
  info.set(keyInfo);
  info[keyInfo.length] = OKM_BYTES >>> 8;
  info[keyInfo.length + 1] = OKM_BYTES & 0xff;

  let salt = sha256(KEYGEN_SALT);
  for (;;) {
    const prk = extract(sha256, ikmWithZero, salt);
    const sk = bytesToBigIntBE(expand(sha256, prk, info, OKM_BYTES)) % BLS12_381_ORDER;
    if (sk !== 0n) return sk;
    salt = sha256(salt);
  }
}

/**
 * Parses a signing key like blst `SecretKey::from_bytes`: the first 32 bytes read big-endian, which must be in
 * `[1, r)` (spec stm.md §1.1).
 *
 * @param bytes - at least 32 bytes; only the first 32 are read
 * @param field - name of the input, for the error message
 * @returns the scalar
 * @throws {BlsError} `BLS_INVALID_SIGNING_KEY` when too short, zero or not below the group order
 * @example
 * const sk = signingKeyFromBytes(hexToBytes('408157791befddd702672dcfcfc99da3512f9c0ea818890fcb6ab749580ef2cf'));
 */
export function signingKeyFromBytes(bytes: Uint8Array, field = 'signing_key'): bigint {
  if (!(bytes instanceof Uint8Array) || bytes.length < SIGNING_KEY_BYTES) {
    throw invalidKey(field, `expected ${SIGNING_KEY_BYTES} bytes`);
  }
  const sk = bytesToBigIntBE(bytes.subarray(0, SIGNING_KEY_BYTES));
  assertSigningKey(sk, field);
  return sk;
}

/**
 * Serializes a signing key as 32 big-endian bytes (blst `SecretKey::to_bytes`, spec stm.md §1.1).
 *
 * @param sk - the scalar
 * @returns 32 bytes
 * @throws {BlsError} `BLS_INVALID_SIGNING_KEY` when the scalar is not in `[1, r)`
 * @example
 * const bytes = signingKeyToBytes(sk);
 */
export function signingKeyToBytes(sk: bigint): Uint8Array {
  assertSigningKey(sk, 'signing_key');
  return bigIntToBytesBE(sk, SIGNING_KEY_BYTES);
}

/**
 * Asserts that a value is a valid signing key scalar, in `[1, r)`.
 *
 * @param sk - the candidate scalar
 * @param field - name of the input, for the error message
 * @throws {BlsError} `BLS_INVALID_SIGNING_KEY`
 * @example
 * assertSigningKey(sk, 'sk');
 */
export function assertSigningKey(sk: bigint, field = 'signing_key'): void {
  if (typeof sk !== 'bigint' || sk <= 0n || sk >= BLS12_381_ORDER) {
    throw invalidKey(field, 'signing key must be an integer in [1, r)');
  }
}
