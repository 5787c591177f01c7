/**
 * Sum6 KES (Ed25519 + Blake2b-256), the key-evolving signature of Cardano block producers, in the raw formats of the
 * `kes-summed-ed25519` crate the reference uses (nodes.md §2.3.1): 608-byte secret keys (Shelley raw format, the
 * crate appends a 4-byte big-endian period), 448-byte signatures and 32-byte verification keys.
 *
 * A depth-d secret key is `sk(d−1) ‖ seed_right(32) ‖ vk_left(32) ‖ vk_right(32)` (depth 0: an Ed25519 seed); a
 * depth-d signature is `sig(d−1) ‖ vk_left ‖ vk_right`; a depth-d verification key is `Blake2b-256(vk_left ‖ vk_right)`.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { MithrilError } from '../errors.js';
import { concatBytes, equalBytes } from '../utils/bytes.js';

/**
 * Depth of the Sum6 tree.
 *
 * @example
 * 2 ** KES_DEPTH === KES_TOTAL_PERIODS // true
 */
export const KES_DEPTH = 6;
/**
 * Number of KES periods (evolutions) a Sum6 key covers: 0 … 63.
 *
 * @example
 * KES_TOTAL_PERIODS // 64 evolutions of one KES key
 */
export const KES_TOTAL_PERIODS = 64;
/**
 * Size of a KES verification key.
 *
 * @example
 * KES_VERIFICATION_KEY_SIZE // 32
 */
export const KES_VERIFICATION_KEY_SIZE = 32;
/**
 * Size of a raw Sum6 secret key (Shelley raw format, without the period).
 *
 * @example
 * SUM6_SECRET_KEY_SIZE // 608
 */
export const SUM6_SECRET_KEY_SIZE = 608;
/**
 * Size of a raw Sum6 signature.
 *
 * @example
 * SUM6_SIGNATURE_SIZE // 448
 */
export const SUM6_SIGNATURE_SIZE = 448;

/**
 * A KES key, signature or period failed a rule.
 *
 * @example
 * try {
 *   assertOperationalCertificateValid(opcert); // throws KesError OPCERT_INVALID when it does not verify
 * } catch (error) {
 *   if (error instanceof KesError) console.error(error.code, error.message);
 * }
 */
export class KesError extends MithrilError {
  override readonly name: string = 'KesError';
}

/** A Sum6 secret key and the period it is at. */
export interface Sum6SecretKey {
  /** The 608 raw bytes (Shelley raw format). */
  readonly bytes: Uint8Array;
  /** The period the key signs for, 0 … 63. */
  readonly period: number;
}

const secretSize = (depth: number): number => 32 + depth * 96;
const signatureSize = (depth: number): number => 64 + depth * 64;
const hashPair = (left: Uint8Array, right: Uint8Array): Uint8Array => blake2b(concatBytes(left, right), { dkLen: 32 });

/** The two child seeds of a seed: `Blake2b-256(01 ‖ seed)` and `Blake2b-256(02 ‖ seed)`. */
function splitSeed(seed: Uint8Array): [Uint8Array, Uint8Array] {
  return [blake2b(concatBytes(Uint8Array.of(1), seed), { dkLen: 32 }), blake2b(concatBytes(Uint8Array.of(2), seed), { dkLen: 32 })];
}

function generate(depth: number, seed: Uint8Array): { sk: Uint8Array; vk: Uint8Array } {
  if (depth === 0) return { sk: seed.slice(), vk: ed25519.getPublicKey(seed) };
  const [leftSeed, rightSeed] = splitSeed(seed);
  const left = generate(depth - 1, leftSeed);
  const right = generate(depth - 1, rightSeed);
  return { sk: concatBytes(left.sk, rightSeed, left.vk, right.vk), vk: hashPair(left.vk, right.vk) };
}

function verificationKeyOf(depth: number, sk: Uint8Array): Uint8Array {
  if (depth === 0) return ed25519.getPublicKey(sk);
  const tail = secretSize(depth - 1) + 32;
  return hashPair(sk.subarray(tail, tail + 32), sk.subarray(tail + 32, tail + 64));
}

function assertSecretKey(key: Sum6SecretKey, field: string): void {
  if (!(key.bytes instanceof Uint8Array) || key.bytes.length !== SUM6_SECRET_KEY_SIZE) {
    throw new KesError('KES_INVALID_KEY', `a Sum6 secret key is ${SUM6_SECRET_KEY_SIZE} bytes`, { field });
  }
  assertPeriod(key.period, `${field}.period`);
}

function assertPeriod(period: number, field: string): void {
  if (!Number.isInteger(period) || period < 0 || period >= KES_TOTAL_PERIODS) {
    throw new KesError('KES_PERIOD_OUT_OF_RANGE', `KES period ${period} is outside 0..${KES_TOTAL_PERIODS - 1}`, {
      field,
    });
  }
}

/**
 * Generates a Sum6 key at period 0 from a 32-byte seed, as `Sum6Kes::keygen` (and cardano-base) do.
 *
 * @param seed - 32 bytes of secret randomness
 * @returns the secret key (period 0) and its 32-byte verification key
 * @throws {KesError} `KES_INVALID_KEY` when the seed is not 32 bytes
 * @example
 * const { secretKey, verificationKey } = generateSum6Key(new Uint8Array(32));
 */
export function generateSum6Key(seed: Uint8Array): { secretKey: Sum6SecretKey; verificationKey: Uint8Array } {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) {
    throw new KesError('KES_INVALID_KEY', 'a KES seed is 32 bytes', { field: 'seed' });
  }
  const { sk, vk } = generate(KES_DEPTH, seed);
  return { secretKey: { bytes: sk, period: 0 }, verificationKey: vk };
}

/**
 * The verification key of a Sum6 secret key (the same at every period).
 *
 * @param secretKey - the secret key
 * @returns the 32-byte verification key
 * @throws {KesError} `KES_INVALID_KEY` for a key of the wrong size
 * @example
 * sum6VerificationKey(generateSum6Key(seed).secretKey) // 32 bytes
 */
export function sum6VerificationKey(secretKey: Sum6SecretKey): Uint8Array {
  assertSecretKey(secretKey, 'secretKey');
  return verificationKeyOf(KES_DEPTH, secretKey.bytes);
}

function update(depth: number, sk: Uint8Array, period: number): Uint8Array {
  const half = 2 ** (depth - 1);
  const childSize = secretSize(depth - 1);
  const next = period + 1;
  if (next < half) {
    return concatBytes(update(depth - 1, sk.subarray(0, childSize), period), sk.subarray(childSize));
  }
  if (next === half) {
    // Switch to the right subtree: its key is regenerated from the stored seed, which is then wiped.
    const right = generate(depth - 1, sk.subarray(childSize, childSize + 32));
    return concatBytes(right.sk, new Uint8Array(32), sk.subarray(childSize + 32));
  }
  return concatBytes(update(depth - 1, sk.subarray(0, childSize), period - half), sk.subarray(childSize));
}

/**
 * Evolves a secret key to the next period (the old key is not modified; callers should drop it).
 *
 * @param secretKey - the key at period t
 * @returns the key at period t + 1
 * @throws {KesError} `KES_PERIOD_OUT_OF_RANGE` when the key is at the last period (63)
 * @example
 * const next = updateSum6Key(secretKey); // next.period === secretKey.period + 1
 */
export function updateSum6Key(secretKey: Sum6SecretKey): Sum6SecretKey {
  assertSecretKey(secretKey, 'secretKey');
  if (secretKey.period + 1 >= KES_TOTAL_PERIODS) {
    throw new KesError('KES_PERIOD_OUT_OF_RANGE', `a Sum6 key at period ${secretKey.period} cannot evolve further`, {
      field: 'secretKey.period',
    });
  }
  return { bytes: update(KES_DEPTH, secretKey.bytes, secretKey.period), period: secretKey.period + 1 };
}

function sign(depth: number, sk: Uint8Array, period: number, message: Uint8Array): Uint8Array {
  if (depth === 0) return ed25519.sign(message, sk);
  const half = 2 ** (depth - 1);
  const childSize = secretSize(depth - 1);
  const inner = sign(depth - 1, sk.subarray(0, childSize), period < half ? period : period - half, message);
  return concatBytes(inner, sk.subarray(childSize + 32, childSize + 96));
}

/**
 * Signs a message with a Sum6 key at its current period.
 *
 * @param secretKey - the key (its period is the signature's period)
 * @param message - the bytes to sign
 * @returns the 448-byte raw signature
 * @throws {KesError} `KES_INVALID_KEY` for a key of the wrong size
 * @example
 * const signature = signSum6(secretKey, message);
 */
export function signSum6(secretKey: Sum6SecretKey, message: Uint8Array): Uint8Array {
  assertSecretKey(secretKey, 'secretKey');
  return sign(KES_DEPTH, secretKey.bytes, secretKey.period, message);
}

function verify(depth: number, sig: Uint8Array, period: number, vk: Uint8Array, message: Uint8Array): boolean {
  if (depth === 0) {
    try {
      return ed25519.verify(sig, message, vk, { zip215: false });
    } catch {
      return false;
    }
  }
  const inner = signatureSize(depth - 1);
  const left = sig.subarray(inner, inner + 32);
  const right = sig.subarray(inner + 32, inner + 64);
  if (!equalBytes(hashPair(left, right), vk)) return false;
  const half = 2 ** (depth - 1);
  return period < half
    ? verify(depth - 1, sig.subarray(0, inner), period, left, message)
    : verify(depth - 1, sig.subarray(0, inner), period - half, right, message);
}

/**
 * Whether a raw Sum6 signature verifies for a verification key, a period and a message (never throws on bad input).
 *
 * @param verificationKey - the 32-byte KES verification key (the opcert's `kes_vk`)
 * @param period - the KES period (evolutions since the key's start), 0 … 63
 * @param message - the signed bytes
 * @param signature - the 448-byte raw signature
 * @returns true when it verifies
 * @example
 * verifySum6(verificationKey, 5, message, signature) // true
 */
export function verifySum6(verificationKey: Uint8Array, period: number, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(verificationKey instanceof Uint8Array) || verificationKey.length !== KES_VERIFICATION_KEY_SIZE) return false;
  if (!(signature instanceof Uint8Array) || signature.length !== SUM6_SIGNATURE_SIZE) return false;
  if (!Number.isInteger(period) || period < 0 || period >= KES_TOTAL_PERIODS) return false;
  return verify(KES_DEPTH, signature, period, verificationKey, message);
}
