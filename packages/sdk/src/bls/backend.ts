/**
 * The port every BLS12-381 implementation plugs into (spec stm.md §1). STM code only talks to this interface, so a
 * faster backend (WASM, native) can be swapped in without touching the protocol code.
 *
 * Points are opaque handles owned by the backend; bytes cross the port only in the ZCash compressed encoding
 * (48 bytes in G1, 96 bytes in G2), with exact lengths (callers slice longer buffers). Scalars are bigints.
 * Point handles must not be `Uint8Array` instances: the scheme functions accept "bytes or point" and tell them apart
 * with `instanceof Uint8Array`.
 *
 * The scheme is blst "min_sig": signatures and proofs of possession in G1, verification keys in G2, and every
 * message hashed to G1 with RFC 9380 hash_to_curve (SSWU, random oracle) under the EMPTY domain separation tag.
 */
export interface BlsBackend<G1 = unknown, G2 = unknown> {
  /** Short name, e.g. `noble`. */
  readonly name: string;

  /**
   * Decodes a compressed G1 point and validates it as blst `sig_validate(.., true)`: on the curve, not the point at
   * infinity, in the prime-order subgroup.
   *
   * @throws {BlsError} `BLS_INVALID_POINT`
   */
  decodeG1(bytes: Uint8Array, field?: string): G1;
  /**
   * Decodes a compressed G1 point checking only that it lies on the curve (infinity allowed, no subgroup check), as
   * the reference does for the first half of a proof of possession.
   *
   * @throws {BlsError} `BLS_INVALID_POINT`
   */
  decodeG1Unchecked(bytes: Uint8Array, field?: string): G1;
  /**
   * Decodes a compressed G2 point and validates it as blst `key_validate`: on the curve, not infinity, in G2.
   *
   * @throws {BlsError} `BLS_INVALID_POINT`
   */
  decodeG2(bytes: Uint8Array, field?: string): G2;
  /** Compressed encoding (48 bytes). */
  encodeG1(point: G1): Uint8Array;
  /** Compressed encoding (96 bytes). */
  encodeG2(point: G2): Uint8Array;

  /** RFC 9380 hash_to_curve to G1 with expand_message_xmd(SHA-256) and the empty DST. */
  hashToG1(message: Uint8Array): G1;

  /** `scalar · g1`. */
  mulBaseG1(scalar: bigint): G1;
  /** `scalar · g2`. */
  mulBaseG2(scalar: bigint): G2;
  /** `scalar · point` in G1. */
  mulG1(point: G1, scalar: bigint): G1;

  /** `Σ scalars[i] · points[i]` in G1 (lengths equal, at least one point). */
  msmG1(points: readonly G1[], scalars: readonly bigint[]): G1;
  /** `Σ scalars[i] · points[i]` in G2 (lengths equal, at least one point). */
  msmG2(points: readonly G2[], scalars: readonly bigint[]): G2;

  /** Whether `e(a1, a2) == e(b1, b2)`. Infinity inputs make the check fail (blst rejects an infinity key). */
  pairingEqual(a1: G1, a2: G2, b1: G1, b2: G2): boolean;

  /** Whether a G1 point is the point at infinity. */
  isInfinityG1(point: G1): boolean;
}

/**
 * Order `r` of the BLS12-381 prime-order subgroups (the scalar field modulus).
 *
 * @example
 * BLS12_381_ORDER // r, the order of G1 and G2: BLS secret keys are scalars in [1, r)
 */
export const BLS12_381_ORDER = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
