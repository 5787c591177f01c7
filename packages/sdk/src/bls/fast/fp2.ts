/**
 * Arithmetic in Fp2 = Fp[i] / (i² + 1), the field of BLS12-381 G2 coordinates (spec stm.md §1.1), on bigints with
 * lazy reduction: a product costs 3 bigint multiplications (Karatsuba) but only one `%` per component.
 *
 * Elements are plain `{ c0, c1 }` objects (c0 + c1·i), the same shape as @noble/curves uses, with canonical components.
 */
import { INV2, modP, P, P_MINUS_1_HALF, powPMinus3Div4, sqrtFp, invFp } from './fp.js';

/** An element c0 + c1·i of Fp2 with both components in [0, p). */
export interface Fp2 {
  readonly c0: bigint;
  readonly c1: bigint;
}

/**
 * Sum of two elements.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a + b
 */
export function fp2Add(a: Fp2, b: Fp2): Fp2 {
  let c0 = a.c0 + b.c0;
  if (c0 >= P) c0 -= P;
  let c1 = a.c1 + b.c1;
  if (c1 >= P) c1 -= P;
  return { c0, c1 };
}

/**
 * Difference of two elements.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a − b
 */
export function fp2Sub(a: Fp2, b: Fp2): Fp2 {
  let c0 = a.c0 - b.c0;
  if (c0 < 0n) c0 += P;
  let c1 = a.c1 - b.c1;
  if (c1 < 0n) c1 += P;
  return { c0, c1 };
}

/**
 * Negation.
 *
 * @param a - operand
 * @returns −a
 */
export function fp2Neg(a: Fp2): Fp2 {
  return { c0: a.c0 === 0n ? 0n : P - a.c0, c1: a.c1 === 0n ? 0n : P - a.c1 };
}

/**
 * Product (Karatsuba: a0b0 − a1b1 and (a0 + a1)(b0 + b1) − a0b0 − a1b1, each reduced once).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a · b
 */
export function fp2Mul(a: Fp2, b: Fp2): Fp2 {
  const t0 = a.c0 * b.c0;
  const t1 = a.c1 * b.c1;
  return { c0: modP(t0 - t1), c1: ((a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1) % P };
}

/**
 * Square ((a0 + a1)(a0 − a1) and 2·a0·a1: two multiplications).
 *
 * @param a - operand
 * @returns a²
 */
export function fp2Sqr(a: Fp2): Fp2 {
  return { c0: modP((a.c0 + a.c1) * (a.c0 - a.c1)), c1: ((a.c0 * a.c1) << 1n) % P };
}

/**
 * Conjugate c0 − c1·i, which is also the Frobenius map x ↦ x^p.
 *
 * @param a - operand
 * @returns conj(a)
 */
export function fp2Conj(a: Fp2): Fp2 {
  return { c0: a.c0, c1: a.c1 === 0n ? 0n : P - a.c1 };
}

/**
 * Equality of canonical elements.
 *
 * @param a - first operand
 * @param b - second operand
 * @returns whether a = b
 */
export function fp2Eq(a: Fp2, b: Fp2): boolean {
  return a.c0 === b.c0 && a.c1 === b.c1;
}

/**
 * Whether the element is zero.
 *
 * @param a - operand
 * @returns a = 0
 */
export function fp2IsZero(a: Fp2): boolean {
  return a.c0 === 0n && a.c1 === 0n;
}

/**
 * Inverse through the norm: 1/a = conj(a) / (a0² + a1²).
 *
 * @param a - a non-zero element
 * @returns a⁻¹
 */
export function fp2Inv(a: Fp2): Fp2 {
  const normInv = invFp((a.c0 * a.c0 + a.c1 * a.c1) % P);
  return { c0: (a.c0 * normInv) % P, c1: modP(-a.c1 * normInv) };
}

/**
 * Whether `a` is the "lexicographically larger" of ±a in the ZCash encoding of G2 (stm.md §1.1): decided by c1, and by
 * c0 only when c1 = 0, as blst does.
 *
 * @param a - a canonical element
 * @returns whether a is the larger root
 */
export function fp2IsLarger(a: Fp2): boolean {
  return a.c1 !== 0n ? a.c1 > P_MINUS_1_HALF : a.c0 > P_MINUS_1_HALF;
}

/**
 * Square root in Fp2 by the "complex method": with γ = √(a0² + a1²) in Fp and δ = (a0 + γ)/2, the root is
 * √δ + a1/(2√δ)·i. One exponentiation t = δ^((p−3)/4) gives both √δ = δt and 1/√δ = t when δ is a square; when it is
 * not, −δ is, and the root is −a1·t/2 + δt·i (then δt² = −1). Two Fp exponentiations in all, no inversion.
 *
 * @param a - a canonical element
 * @returns a root r with r² = a (either one), or `undefined` when a is not a square in Fp2
 */
export function sqrtFp2(a: Fp2): Fp2 | undefined {
  const { c0: a0, c1: a1 } = a;
  if (a1 === 0n) {
    // Every element of Fp is a square in Fp2: √a0, or i·√(−a0) since −1 = i² is a non-square in Fp (p ≡ 3 mod 4).
    const real = sqrtFp(a0);
    if (real !== undefined) return { c0: real, c1: 0n };
    const imaginary = sqrtFp(a0 === 0n ? 0n : P - a0);
    return imaginary === undefined ? undefined : { c0: 0n, c1: imaginary };
  }
  const gamma = sqrtFp((a0 * a0 + a1 * a1) % P);
  // a is a square in Fp2 exactly when its norm is a square in Fp.
  if (gamma === undefined) return undefined;
  // δ ≠ 0 here: δ = 0 would mean γ = −a0, hence a1² = γ² − a0² = 0.
  const delta = ((a0 + gamma) * INV2) % P;
  const t = powPMinus3Div4(delta);
  const y = (delta * t) % P;
  const halfA1T = (((a1 * t) % P) * INV2) % P;
  const root: Fp2 = (y * y) % P === delta ? { c0: y, c1: halfA1T } : { c0: halfA1T === 0n ? 0n : P - halfA1T, c1: y };
  return fp2Eq(fp2Sqr(root), a) ? root : undefined;
}
