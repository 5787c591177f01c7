/**
 * The pairing target field Fp12 of BLS12-381 as the tower Fp2[v]/(v³ − ξ), Fp12 = Fp6[w]/(w² − v), ξ = 1 + i
 * (spec stm.md §1.1), on flat arrays of twelve bigints with lazy reduction.
 *
 * Layout: index 2k, 2k + 1 hold the real and imaginary parts of the Fp2 coefficient k, in the order
 * c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2 (c0, c1 ∈ Fp6 the coefficients of 1 and w), the order noble uses.
 *
 * Why this shape: a V8 bigint product of two 381-bit values costs a fraction of the `%` that reduces it, so every
 * function below builds each output coefficient as one unreduced sum of products and reduces it exactly once
 * (12 `%` per multiplication or squaring instead of noble's one per Fp product). Components are "signed
 * representatives" in (−p, p): `%` of a negative sum stays negative, which saves the branch of a canonical reduction;
 * {@link fp12IsOne} and {@link fp12Canonical} normalise only where a decision is taken.
 */
import { modP, P } from './fp.js';

/** An Fp12 element: twelve bigints in (−p, p), layout in the module comment. */
export type Fp12 = readonly bigint[];

/** The unit of Fp12. */
export const FP12_ONE: Fp12 = [1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n];

/**
 * Unreduced product of two Fp6 elements given as six components each (Karatsuba over Fp2 and inside Fp2: 18 bigint
 * products, no reduction).
 *
 * @returns the six components of the product, unreduced
 */
export function mul6(
  a0: bigint,
  a1: bigint,
  a2: bigint,
  a3: bigint,
  a4: bigint,
  a5: bigint,
  b0: bigint,
  b1: bigint,
  b2: bigint,
  b3: bigint,
  b4: bigint,
  b5: bigint,
): bigint[] {
  let t = a0 * b0;
  let s = a1 * b1;
  const v0r = t - s;
  const v0i = (a0 + a1) * (b0 + b1) - t - s;
  t = a2 * b2;
  s = a3 * b3;
  const v1r = t - s;
  const v1i = (a2 + a3) * (b2 + b3) - t - s;
  t = a4 * b4;
  s = a5 * b5;
  const v2r = t - s;
  const v2i = (a4 + a5) * (b4 + b5) - t - s;
  // (A1 + A2)(B1 + B2) − v1 − v2 = A1·B2 + A2·B1, multiplied by ξ into the constant coefficient.
  let x0 = a2 + a4;
  let x1 = a3 + a5;
  let y0 = b2 + b4;
  let y1 = b3 + b5;
  t = x0 * y0;
  s = x1 * y1;
  const m12r = t - s - v1r - v2r;
  const m12i = (x0 + x1) * (y0 + y1) - t - s - v1i - v2i;
  x0 = a0 + a2;
  x1 = a1 + a3;
  y0 = b0 + b2;
  y1 = b1 + b3;
  t = x0 * y0;
  s = x1 * y1;
  const m01r = t - s - v0r - v1r;
  const m01i = (x0 + x1) * (y0 + y1) - t - s - v0i - v1i;
  x0 = a0 + a4;
  x1 = a1 + a5;
  y0 = b0 + b4;
  y1 = b1 + b5;
  t = x0 * y0;
  s = x1 * y1;
  const m02r = t - s - v0r - v2r;
  const m02i = (x0 + x1) * (y0 + y1) - t - s - v0i - v2i;
  return [v0r + m12r - m12i, v0i + m12r + m12i, m01r + v2r - v2i, m01i + v2r + v2i, m02r + v1r, m02i + v1i];
}

/** Reduces the Fp12 element T0 + v·T1 ‖ T2 − T0 − T1 (the Karatsuba recombination over Fp6). */
function combine(t0: readonly bigint[], t1: readonly bigint[], t2: readonly bigint[]): bigint[] {
  return [
    (t0[0]! + t1[4]! - t1[5]!) % P,
    (t0[1]! + t1[4]! + t1[5]!) % P,
    (t0[2]! + t1[0]!) % P,
    (t0[3]! + t1[1]!) % P,
    (t0[4]! + t1[2]!) % P,
    (t0[5]! + t1[3]!) % P,
    (t2[0]! - t0[0]! - t1[0]!) % P,
    (t2[1]! - t0[1]! - t1[1]!) % P,
    (t2[2]! - t0[2]! - t1[2]!) % P,
    (t2[3]! - t0[3]! - t1[3]!) % P,
    (t2[4]! - t0[4]! - t1[4]!) % P,
    (t2[5]! - t0[5]! - t1[5]!) % P,
  ];
}

/**
 * Product in Fp12 (Karatsuba over Fp6: 54 bigint products, 12 reductions).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns a · b
 */
export function fp12Mul(a: Fp12, b: Fp12): Fp12 {
  const a0 = a[0]!;
  const a1 = a[1]!;
  const a2 = a[2]!;
  const a3 = a[3]!;
  const a4 = a[4]!;
  const a5 = a[5]!;
  const a6 = a[6]!;
  const a7 = a[7]!;
  const a8 = a[8]!;
  const a9 = a[9]!;
  const a10 = a[10]!;
  const a11 = a[11]!;
  const b0 = b[0]!;
  const b1 = b[1]!;
  const b2 = b[2]!;
  const b3 = b[3]!;
  const b4 = b[4]!;
  const b5 = b[5]!;
  const b6 = b[6]!;
  const b7 = b[7]!;
  const b8 = b[8]!;
  const b9 = b[9]!;
  const b10 = b[10]!;
  const b11 = b[11]!;
  const t0 = mul6(a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5);
  const t1 = mul6(a6, a7, a8, a9, a10, a11, b6, b7, b8, b9, b10, b11);
  const t2 = mul6(a0 + a6, a1 + a7, a2 + a8, a3 + a9, a4 + a10, a5 + a11, b0 + b6, b1 + b7, b2 + b8, b3 + b9, b4 + b10, b5 + b11);
  return combine(t0, t1, t2);
}

/**
 * Square in Fp12 ("complex" squaring: (A0 + A1·w)² = (A0 + A1)(A0 + v·A1) − (1 + v)·A0A1 + 2·A0A1·w, two Fp6
 * products).
 *
 * @param a - operand
 * @returns a²
 */
export function fp12Sqr(a: Fp12): Fp12 {
  const a0 = a[0]!;
  const a1 = a[1]!;
  const a2 = a[2]!;
  const a3 = a[3]!;
  const a4 = a[4]!;
  const a5 = a[5]!;
  const a6 = a[6]!;
  const a7 = a[7]!;
  const a8 = a[8]!;
  const a9 = a[9]!;
  const a10 = a[10]!;
  const a11 = a[11]!;
  const t = mul6(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
  // v·A1 = ξ·a1.c2 + a1.c0·v + a1.c1·v².
  const s = mul6(a0 + a6, a1 + a7, a2 + a8, a3 + a9, a4 + a10, a5 + a11, a0 + a10 - a11, a1 + a10 + a11, a2 + a6, a3 + a7, a4 + a8, a5 + a9);
  return [
    (s[0]! - t[0]! - t[4]! + t[5]!) % P,
    (s[1]! - t[1]! - t[4]! - t[5]!) % P,
    (s[2]! - t[2]! - t[0]!) % P,
    (s[3]! - t[3]! - t[1]!) % P,
    (s[4]! - t[4]! - t[2]!) % P,
    (s[5]! - t[5]! - t[3]!) % P,
    (t[0]! << 1n) % P,
    (t[1]! << 1n) % P,
    (t[2]! << 1n) % P,
    (t[3]! << 1n) % P,
    (t[4]! << 1n) % P,
    (t[5]! << 1n) % P,
  ];
}

/**
 * Unreduced product of an Fp6 element by the sparse o0 + o1·v (15 bigint products): the constant part of a line.
 */
function mul6By01(
  a0: bigint,
  a1: bigint,
  a2: bigint,
  a3: bigint,
  a4: bigint,
  a5: bigint,
  o0r: bigint,
  o0i: bigint,
  o1r: bigint,
  o1i: bigint,
): bigint[] {
  let t = a0 * o0r;
  let s = a1 * o0i;
  const v0r = t - s;
  const v0i = (a0 + a1) * (o0r + o0i) - t - s;
  t = a2 * o1r;
  s = a3 * o1i;
  const v1r = t - s;
  const v1i = (a2 + a3) * (o1r + o1i) - t - s;
  t = a4 * o1r;
  s = a5 * o1i;
  const w0 = t - s;
  const w1 = (a4 + a5) * (o1r + o1i) - t - s;
  t = a4 * o0r;
  s = a5 * o0i;
  const z0 = t - s;
  const z1 = (a4 + a5) * (o0r + o0i) - t - s;
  const x0 = a0 + a2;
  const x1 = a1 + a3;
  const y0 = o0r + o1r;
  const y1 = o0i + o1i;
  t = x0 * y0;
  s = x1 * y1;
  return [v0r + w0 - w1, v0i + w0 + w1, t - s - v0r - v1r, (x0 + x1) * (y0 + y1) - t - s - v0i - v1i, v1r + z0, v1i + z1];
}

/**
 * Product by a line value o0 + o1·v + o4·v·w (the shape of every line of the BLS12-381 M-type twist): 13 Fp2
 * products and 12 reductions instead of the 18 Fp2 products of a full multiplication.
 *
 * @param f - the accumulator
 * @param o0r - line coefficient o0, real part
 * @param o0i - line coefficient o0, imaginary part
 * @param o1r - line coefficient o1, real part
 * @param o1i - line coefficient o1, imaginary part
 * @param o4r - line coefficient o4, real part
 * @param o4i - line coefficient o4, imaginary part
 * @returns f · line
 */
export function fp12MulBy014(f: Fp12, o0r: bigint, o0i: bigint, o1r: bigint, o1i: bigint, o4r: bigint, o4i: bigint): Fp12 {
  const a0 = f[0]!;
  const a1 = f[1]!;
  const a2 = f[2]!;
  const a3 = f[3]!;
  const a4 = f[4]!;
  const a5 = f[5]!;
  const b0 = f[6]!;
  const b1 = f[7]!;
  const b2 = f[8]!;
  const b3 = f[9]!;
  const b4 = f[10]!;
  const b5 = f[11]!;
  const t0 = mul6By01(a0, a1, a2, a3, a4, a5, o0r, o0i, o1r, o1i);
  // F1 · o4·v = ξ·b2·o4 + b0·o4·v + b1·o4·v².
  let t = b4 * o4r;
  let s = b5 * o4i;
  const c0r = t - s;
  const c0i = (b4 + b5) * (o4r + o4i) - t - s;
  t = b0 * o4r;
  s = b1 * o4i;
  const c1r = t - s;
  const c1i = (b0 + b1) * (o4r + o4i) - t - s;
  t = b2 * o4r;
  s = b3 * o4i;
  const c2r = t - s;
  const c2i = (b2 + b3) * (o4r + o4i) - t - s;
  const t1 = [c0r - c0i, c0r + c0i, c1r, c1i, c2r, c2i];
  const t2 = mul6By01(a0 + b0, a1 + b1, a2 + b2, a3 + b3, a4 + b4, a5 + b5, o0r, o0i, o1r + o4r, o1i + o4i);
  return combine(t0, t1, t2);
}

/**
 * Conjugate A0 − A1·w: the Frobenius power p⁶, and the inverse of an element of the cyclotomic subgroup.
 *
 * @param a - operand
 * @returns conj(a)
 */
export function fp12Conj(a: Fp12): Fp12 {
  return [a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, -a[6]!, -a[7]!, -a[8]!, -a[9]!, -a[10]!, -a[11]!];
}

/**
 * The canonical components (each in [0, p)), for comparisons and for handing the value to other code.
 *
 * @param a - operand
 * @returns the same element with canonical components
 */
export function fp12Canonical(a: Fp12): bigint[] {
  return a.map(modP);
}

/**
 * Whether the element is 1.
 *
 * @param a - operand
 * @returns a = 1
 */
export function fp12IsOne(a: Fp12): boolean {
  if ((a[0]! - 1n) % P !== 0n) return false;
  for (let k = 1; k < 12; k++) if (a[k]! % P !== 0n) return false;
  return true;
}
