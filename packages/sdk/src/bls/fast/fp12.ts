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
import { invFp, modP, P } from './fp.js';

/** An Fp12 element: twelve bigints in (−p, p), layout in the module comment. */
export type Fp12 = readonly bigint[];

/** The unit of Fp12. */
export const FP12_ONE: Fp12 = [1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n];

/**
 * Unreduced product of two Fp6 elements given as six components each (Karatsuba over Fp2 and inside Fp2: 18 bigint
 * products, no reduction).
 */
function mul6(
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
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] = a as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  const [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11] = b as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
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
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] = a as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
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
  const [a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5] = f as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
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
 * Square in the cyclotomic subgroup of Fp12 (Granger–Scott, eprint 2009/565 §3.2): three Fp4 squarings, 18 bigint
 * products. Only valid for elements of norm 1 over Fp6, i.e. after the easy part of the final exponentiation.
 *
 * @param a - an element of the cyclotomic subgroup
 * @returns a²
 */
export function fp12CyclotomicSqr(a: Fp12): Fp12 {
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] = a as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  // Each Fp4 = Fp2[s]/(s² − ξ) pair (x, y): x² + ξ·y² and 2xy = (x + y)² − x² − y².
  // Pairs: (c0.c0, c1.c1), (c1.c0, c0.c2), (c0.c1, c1.c2).
  const sq = (x: bigint, y: bigint): [bigint, bigint] => [(x + y) * (x - y), (x * y) << 1n];
  const [p0r, p0i] = sq(a0, a1);
  const [q0r, q0i] = sq(a8, a9);
  const [s0r, s0i] = sq(a0 + a8, a1 + a9);
  const [p1r, p1i] = sq(a6, a7);
  const [q1r, q1i] = sq(a4, a5);
  const [s1r, s1i] = sq(a6 + a4, a7 + a5);
  const [p2r, p2i] = sq(a2, a3);
  const [q2r, q2i] = sq(a10, a11);
  const [s2r, s2i] = sq(a2 + a10, a3 + a11);
  // first = x² + ξy², second = 2xy.
  const f0r = p0r + q0r - q0i;
  const f0i = p0i + q0r + q0i;
  const e0r = s0r - p0r - q0r;
  const e0i = s0i - p0i - q0i;
  const f1r = p1r + q1r - q1i;
  const f1i = p1i + q1r + q1i;
  const e1r = s1r - p1r - q1r;
  const e1i = s1i - p1i - q1i;
  const f2r = p2r + q2r - q2i;
  const f2i = p2i + q2r + q2i;
  const e2r = s2r - p2r - q2r;
  const e2i = s2i - p2i - q2i;
  // ξ · second of the third pair.
  const x2r = e2r - e2i;
  const x2i = e2r + e2i;
  return [
    (3n * f0r - (a0 << 1n)) % P,
    (3n * f0i - (a1 << 1n)) % P,
    (3n * f1r - (a2 << 1n)) % P,
    (3n * f1i - (a3 << 1n)) % P,
    (3n * f2r - (a4 << 1n)) % P,
    (3n * f2i - (a5 << 1n)) % P,
    (3n * x2r + (a6 << 1n)) % P,
    (3n * x2i + (a7 << 1n)) % P,
    (3n * e0r + (a8 << 1n)) % P,
    (3n * e0i + (a9 << 1n)) % P,
    (3n * e1r + (a10 << 1n)) % P,
    (3n * e1i + (a11 << 1n)) % P,
  ];
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

// --- inversion (once per final exponentiation: plain reduce-every-step Fp2 helpers are enough) ---

type Pair = readonly [bigint, bigint];
const m2 = (x: Pair, y: Pair): Pair => {
  const t = x[0] * y[0];
  const s = x[1] * y[1];
  return [(t - s) % P, ((x[0] + x[1]) * (y[0] + y[1]) - t - s) % P];
};
const xi2 = (x: Pair): Pair => [x[0] - x[1], x[0] + x[1]];
const sub2 = (x: Pair, y: Pair): Pair => [x[0] - y[0], x[1] - y[1]];
const add2 = (x: Pair, y: Pair): Pair => [x[0] + y[0], x[1] + y[1]];

function inv6(a: readonly [Pair, Pair, Pair]): [Pair, Pair, Pair] {
  const [x0, x1, x2] = a;
  const c0 = sub2(m2(x0, x0), xi2(m2(x1, x2)));
  const c1 = sub2(xi2(m2(x2, x2)), m2(x0, x1));
  const c2 = sub2(m2(x1, x1), m2(x0, x2));
  const norm = add2(m2(x0, c0), xi2(add2(m2(x2, c1), m2(x1, c2))));
  const n0 = modP(norm[0]);
  const n1 = modP(norm[1]);
  const d = invFp((n0 * n0 + n1 * n1) % P);
  const normInv: Pair = [(n0 * d) % P, (-n1 * d) % P];
  return [m2(c0, normInv), m2(c1, normInv), m2(c2, normInv)];
}

/**
 * Inverse in Fp12 through the norms to Fp6, Fp2 and Fp (one Fp inversion, variable time: only public values are
 * inverted here).
 *
 * @param a - a non-zero element
 * @returns a⁻¹
 */
export function fp12Inv(a: Fp12): Fp12 {
  const pair = (k: number): Pair => [a[2 * k]!, a[2 * k + 1]!];
  const a0: [Pair, Pair, Pair] = [pair(0), pair(1), pair(2)];
  const a1: [Pair, Pair, Pair] = [pair(3), pair(4), pair(5)];
  // (A0 + A1·w)⁻¹ = (A0 − A1·w) / (A0² − v·A1²).
  const sq0 = mul6(
    ...(a0.flat() as [bigint, bigint, bigint, bigint, bigint, bigint]),
    ...(a0.flat() as [bigint, bigint, bigint, bigint, bigint, bigint]),
  );
  const sq1 = mul6(
    ...(a1.flat() as [bigint, bigint, bigint, bigint, bigint, bigint]),
    ...(a1.flat() as [bigint, bigint, bigint, bigint, bigint, bigint]),
  );
  const denominator: [Pair, Pair, Pair] = [
    [(sq0[0]! - sq1[4]! + sq1[5]!) % P, (sq0[1]! - sq1[4]! - sq1[5]!) % P],
    [(sq0[2]! - sq1[0]!) % P, (sq0[3]! - sq1[1]!) % P],
    [(sq0[4]! - sq1[2]!) % P, (sq0[5]! - sq1[3]!) % P],
  ];
  const d = inv6(denominator).flat() as [bigint, bigint, bigint, bigint, bigint, bigint];
  const c0 = mul6(...(a0.flat() as [bigint, bigint, bigint, bigint, bigint, bigint]), ...d);
  const c1 = mul6(...(a1.flat() as [bigint, bigint, bigint, bigint, bigint, bigint]), ...d);
  return [...c0.map((x) => x % P), ...c1.map((x) => -x % P)];
}

// --- Frobenius ---

let frobeniusCoefficients: readonly (readonly Pair[])[] | undefined;

/** γ[n][k] = ξ^(k·(pⁿ − 1)/6) for n = 1, 2, 3 and k = 0..5, computed once on first use (about a millisecond). */
function frobeniusTable(): readonly (readonly Pair[])[] {
  if (frobeniusCoefficients !== undefined) return frobeniusCoefficients;
  let g: Pair = [1n, 0n];
  let base: Pair = [1n, 1n];
  for (let e = (P - 1n) / 6n; e > 0n; e >>= 1n) {
    if ((e & 1n) === 1n) g = m2(g, base);
    base = m2(base, base);
  }
  const g1: Pair[] = [[1n, 0n]];
  for (let k = 1; k < 6; k++) g1.push(m2(g1[k - 1]!, g));
  const conj = (x: Pair): Pair => [x[0], -x[1]];
  // ξ^(k(p²−1)/6) = γ1k^(p+1) = conj(γ1k)·γ1k and ξ^(k(p³−1)/6) = γ1k^(p²+p+1) = γ1k²·conj(γ1k).
  const g2 = g1.map((x) => m2(conj(x), x));
  const g3 = g1.map((x) => m2(m2(x, x), conj(x)));
  frobeniusCoefficients = [g1, g2, g3];
  return frobeniusCoefficients;
}

/** Power of w held by each Fp2 slot of the layout: c0.c_j ↦ w^(2j), c1.c_j ↦ w^(2j+1). */
const SLOT_W_POWER = [0, 2, 4, 1, 3, 5];

/**
 * The Frobenius map x ↦ x^(pⁿ) for n = 1, 2, 3: conjugation of the Fp2 coefficients when n is odd, then a
 * constant factor per coefficient.
 *
 * @param a - operand
 * @param n - 1, 2 or 3
 * @returns a^(pⁿ)
 */
export function fp12Frobenius(a: Fp12, n: 1 | 2 | 3): Fp12 {
  const gamma = frobeniusTable()[n - 1]!;
  const out: bigint[] = [];
  for (let slot = 0; slot < 6; slot++) {
    const x: Pair = [a[2 * slot]!, n === 2 ? a[2 * slot + 1]! : -a[2 * slot + 1]!];
    const r = m2(x, gamma[SLOT_W_POWER[slot]!]!);
    out.push(r[0], r[1]);
  }
  return out;
}
