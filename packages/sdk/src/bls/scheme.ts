import { blake2b } from '@noble/hashes/blake2.js';

import { BlsError } from '../errors.js';
import { bytesToBigIntLE, concatBytes, u64be } from '../utils/bytes.js';
import type { BlsBackend } from './backend.js';
import { assertSigningKey } from './keygen.js';

/**
 * Size of a compressed G1 point: a signature or one half of a proof of possession.
 *
 * @example
 * SIGNATURE_BYTES // 48: one compressed G1 point (min_sig)
 */
export const SIGNATURE_BYTES = 48;
/**
 * Size of a compressed G2 point: a verification key.
 *
 * @example
 * VERIFICATION_KEY_BYTES // 96: one compressed G2 point
 */
export const VERIFICATION_KEY_BYTES = 96;
/**
 * Size of a proof of possession, `k1 ‖ k2`.
 *
 * @example
 * PROOF_OF_POSSESSION_BYTES // 96: two compressed G1 points
 */
export const PROOF_OF_POSSESSION_BYTES = 96;
/**
 * The message signed by `k1` of a proof of possession: the 3 ASCII bytes `PoP` (stm.md §1.4, trap 3).
 *
 * @example
 * new TextDecoder().decode(POP_MESSAGE) // 'PoP'
 */
export const POP_MESSAGE: Uint8Array = Uint8Array.of(0x50, 0x6f, 0x50);
/** Digest length of the Blake2b hash that derives aggregation scalars (128-bit scalars, stm.md §1.6). */
const AGGREGATION_SCALAR_BYTES = 16;

interface BackendConstants {
  g1: unknown;
  g2: unknown;
  popHash: unknown;
}

const constantsCache = new WeakMap<object, BackendConstants>();

/**
 * Generators and `H_G1("PoP")` of a backend, computed once and reused as the same objects so that backends can cache
 * per-point pairing data.
 */
function constantsOf<G1, G2>(backend: BlsBackend<G1, G2>): { g1: G1; g2: G2; popHash: G1 } {
  let constants = constantsCache.get(backend);
  if (constants === undefined) {
    constants = { g1: backend.mulBaseG1(1n), g2: backend.mulBaseG2(1n), popHash: backend.hashToG1(POP_MESSAGE) };
    constantsCache.set(backend, constants);
  }
  return constants as { g1: G1; g2: G2; popHash: G1 };
}

/**
 * Signs a message: `sigma = sk · H_G1(message)` with the empty-DST hash to G1 (blst min_sig, spec stm.md §1.3).
 *
 * @param backend - the BLS backend
 * @param sk - the signing key, in `[1, r)`
 * @param message - the bytes to sign (for STM: `msgp`)
 * @returns the 48-byte compressed signature
 * @throws {BlsError} `BLS_INVALID_SIGNING_KEY` when `sk` is out of range
 * @example
 * const sigma = blsSign(nobleBackend, sk, msgp);
 */
export function blsSign<G1, G2>(backend: BlsBackend<G1, G2>, sk: bigint, message: Uint8Array): Uint8Array {
  assertSigningKey(sk, 'sk');
  return backend.encodeG1(backend.mulG1(backend.hashToG1(message), sk));
}

/**
 * Verifies one signature like mithril-stm `BlsSignature::verify`: the signature must be a valid G1 point (not
 * infinity, in the subgroup) and `e(sigma, g2) == e(H_G1(message), vk)` (spec stm.md §1.3).
 *
 * Byte inputs are decoded and validated here; point inputs are trusted as already validated.
 *
 * @param backend - the BLS backend
 * @param sigma - the signature, 48 compressed bytes or a decoded point
 * @param message - the signed bytes
 * @param vk - the verification key, 96 compressed bytes or a decoded point
 * @throws {BlsError} `BLS_INVALID_POINT` (field `sigma` or `verification_key`) for undecodable bytes;
 *   `BLS_SIGNATURE_INVALID` when the pairing check fails
 * @example
 * blsVerify(nobleBackend, sigmaBytes, msgp, vkBytes);
 */
export function blsVerify<G1, G2>(backend: BlsBackend<G1, G2>, sigma: Uint8Array | G1, message: Uint8Array, vk: Uint8Array | G2): void {
  const sigmaPoint = sigma instanceof Uint8Array ? backend.decodeG1(sigma, 'sigma') : sigma;
  const vkPoint = vk instanceof Uint8Array ? backend.decodeG2(vk, 'verification_key') : vk;
  const { g2 } = constantsOf(backend);
  if (!backend.pairingEqual(sigmaPoint, g2, backend.hashToG1(message), vkPoint)) {
    throw new BlsError('BLS_SIGNATURE_INVALID', 'the BLS signature does not verify for this message and key', {
      field: 'sigma',
    });
  }
}

/**
 * The verification key `sk · g2` of a signing key (spec stm.md §1.1).
 *
 * @param backend - the BLS backend
 * @param sk - the signing key, in `[1, r)`
 * @returns the 96-byte compressed G2 point
 * @throws {BlsError} `BLS_INVALID_SIGNING_KEY` when `sk` is out of range
 * @example
 * const vk = verificationKeyFromSigningKey(nobleBackend, sk);
 */
export function verificationKeyFromSigningKey<G1, G2>(backend: BlsBackend<G1, G2>, sk: bigint): Uint8Array {
  assertSigningKey(sk, 'sk');
  return backend.encodeG2(backend.mulBaseG2(sk));
}

/**
 * Builds the proof of possession `k1 ‖ k2` with `k1 = sk · H_G1("PoP")` and `k2 = sk · g1` (spec stm.md §1.4; the
 * verification key is not hashed in, whatever the reference comments say).
 *
 * @param backend - the BLS backend
 * @param sk - the signing key, in `[1, r)`
 * @returns 96 bytes
 * @throws {BlsError} `BLS_INVALID_SIGNING_KEY` when `sk` is out of range
 * @example
 * const pop = createProofOfPossession(nobleBackend, sk);
 */
export function createProofOfPossession<G1, G2>(backend: BlsBackend<G1, G2>, sk: bigint): Uint8Array {
  assertSigningKey(sk, 'sk');
  const { popHash } = constantsOf(backend);
  return concatBytes(backend.encodeG1(backend.mulG1(popHash, sk)), backend.encodeG1(backend.mulBaseG1(sk)));
}

function decodePopHalf<G1, G2>(backend: BlsBackend<G1, G2>, bytes: Uint8Array, field: string): G1 {
  try {
    return backend.decodeG1Unchecked(bytes, field);
  } catch (error) {
    throw new BlsError('BLS_POP_INVALID', 'proof of possession half is not a compressed G1 point on the curve', {
      field,
      cause: error,
    });
  }
}

/**
 * Checks a proof of possession against a verification key as mithril-stm `BlsVerificationKeyProofOfPossession::verify`
 * does at registration (spec stm.md §1.4): the key must be valid (not infinity, in G2), `e(g1, vk) == e(k2, g2)` and
 * `k1` must verify as a signature of `"PoP"` under the key. `k1` and `k2` only need to be on the curve.
 *
 * Undecodable `k1` / `k2` bytes are reported as `BLS_POP_INVALID` (the reference ignores `k2` decoding errors and
 * fails the pairing later; the outcome, a refused registration, is the same).
 *
 * @param backend - the BLS backend
 * @param vk - the verification key, 96 compressed bytes or a decoded (validated) point
 * @param pop - the 96-byte proof of possession
 * @throws {BlsError} `BLS_INVALID_POINT` (field `verification_key`) for an invalid key; `BLS_POP_INVALID` otherwise
 * @example
 * checkProofOfPossession(nobleBackend, vkBytes, popBytes);
 */
export function checkProofOfPossession<G1, G2>(backend: BlsBackend<G1, G2>, vk: Uint8Array | G2, pop: Uint8Array): void {
  const vkPoint = vk instanceof Uint8Array ? backend.decodeG2(vk, 'verification_key') : vk;
  if (!(pop instanceof Uint8Array) || pop.length !== PROOF_OF_POSSESSION_BYTES) {
    throw new BlsError('BLS_POP_INVALID', `expected ${PROOF_OF_POSSESSION_BYTES} bytes (k1 ‖ k2)`, { field: 'pop' });
  }
  const k1 = decodePopHalf(backend, pop.subarray(0, SIGNATURE_BYTES), 'pop.k1');
  const k2 = decodePopHalf(backend, pop.subarray(SIGNATURE_BYTES), 'pop.k2');
  const { g1, g2, popHash } = constantsOf(backend);
  if (!backend.pairingEqual(g1, vkPoint, k2, g2) || !backend.pairingEqual(k1, g2, popHash, vkPoint)) {
    throw new BlsError('BLS_POP_INVALID', 'the proof of possession does not match the verification key', {
      field: 'pop',
    });
  }
}

/**
 * The random-linear-combination scalars of BLS aggregation (spec stm.md §1.6): `r_i = Blake2b-128(sigma_0 ‖ … ‖
 * sigma_{n−1} ‖ u64_be(i))`, each 16-byte digest read as a little-endian integer. The index is Rust's 64-bit `usize`.
 *
 * @param sigmas - the compressed signatures (48 bytes each), in aggregate order
 * @returns one 128-bit scalar per signature
 * @throws {BlsError} `BLS_INVALID_POINT` when a signature is not 48 bytes
 * @example
 * const [r0, r1] = aggregationScalars([sigma0, sigma1]);
 */
export function aggregationScalars(sigmas: readonly Uint8Array[]): bigint[] {
  const base = blake2b.create({ dkLen: AGGREGATION_SCALAR_BYTES });
  sigmas.forEach((sigma, i) => {
    if (!(sigma instanceof Uint8Array) || sigma.length !== SIGNATURE_BYTES) {
      throw new BlsError('BLS_INVALID_POINT', `expected a ${SIGNATURE_BYTES}-byte compressed signature`, {
        field: `sigmas[${i}]`,
      });
    }
    base.update(sigma);
  });
  return sigmas.map((_, i) => bytesToBigIntLE(base.clone().update(u64be(i)).digest()));
}

/** The aggregated key and signature that one pairing check compares (spec stm.md §1.6). */
export interface BlsAggregate<G1, G2> {
  /** `Σ r_i · vk_i`, or the only key. */
  readonly vk: G2;
  /** `Σ r_i · sigma_i`, or the only signature. */
  readonly sigma: G1;
}

/**
 * Aggregates keys and signatures like mithril-stm `BlsSignature::aggregate` (spec stm.md §1.6): one pair is returned
 * unchanged (no scalar, trap 11); two or more are combined with the {@link aggregationScalars} by two multi-scalar
 * multiplications.
 *
 * @param backend - the BLS backend
 * @param vks - verification keys (validated points), in aggregate order
 * @param sigmas - signatures (validated points), same order
 * @param sigmaBytes - the 48-byte encodings of `sigmas` (the scalars hash them), same order
 * @returns the aggregated key and signature
 * @throws {BlsError} `BLS_AGGREGATE_SIGNATURE_INVALID` when the lists are empty or their lengths differ
 * @example
 * const { vk, sigma } = blsAggregate(nobleBackend, vks, sigmas, sigmaBytes);
 */
export function blsAggregate<G1, G2>(
  backend: BlsBackend<G1, G2>,
  vks: readonly G2[],
  sigmas: readonly G1[],
  sigmaBytes: readonly Uint8Array[],
): BlsAggregate<G1, G2> {
  if (vks.length === 0 || vks.length !== sigmas.length || sigmas.length !== sigmaBytes.length) {
    throw new BlsError(
      'BLS_AGGREGATE_SIGNATURE_INVALID',
      `cannot aggregate ${vks.length} keys with ${sigmas.length} signatures (${sigmaBytes.length} encodings)`,
      { field: 'signatures' },
    );
  }
  if (vks.length === 1) return { vk: vks[0]!, sigma: sigmas[0]! };
  const scalars = aggregationScalars(sigmaBytes);
  return { vk: backend.msmG2(vks, scalars), sigma: backend.msmG1(sigmas, scalars) };
}

/**
 * Verifies signatures of one message under their keys like mithril-stm `BlsSignature::verify_aggregate` (spec
 * stm.md §1.6): aggregate with {@link blsAggregate}, then check `e(aggSigma, g2) == e(H_G1(message), aggVk)` once.
 * The points must already be validated (the reference checks them at parse time).
 *
 * @param backend - the BLS backend
 * @param vks - verification keys, in aggregate order
 * @param sigmas - signatures, same order
 * @param sigmaBytes - the 48-byte encodings of `sigmas`, same order
 * @param message - the signed bytes (for STM: `msgp`)
 * @throws {BlsError} `BLS_AGGREGATE_SIGNATURE_INVALID` for empty or mismatched lists; `BLS_SIGNATURE_INVALID` when
 *   the pairing check fails (the reference maps blst's verification failure to `SignatureInvalid`)
 * @example
 * verifyAggregate(nobleBackend, vks, sigmas, sigmaBytes, msgp);
 */
export function verifyAggregate<G1, G2>(
  backend: BlsBackend<G1, G2>,
  vks: readonly G2[],
  sigmas: readonly G1[],
  sigmaBytes: readonly Uint8Array[],
  message: Uint8Array,
): void {
  const aggregate = blsAggregate(backend, vks, sigmas, sigmaBytes);
  const { g2 } = constantsOf(backend);
  if (!backend.pairingEqual(aggregate.sigma, g2, backend.hashToG1(message), aggregate.vk)) {
    throw new BlsError('BLS_SIGNATURE_INVALID', 'the aggregated BLS signature does not verify', {
      field: 'signatures',
    });
  }
}
