/**
 * BLS12-381 G2 arithmetic (twist y² = x³ + 4(1 + i) over Fp2) in Jacobian coordinates, the endomorphism ψ and the
 * subgroup check ψ(P) = [x]P (spec stm.md §1.5; Scott, eprint 2021/1130).
 *
 * Same formulas as g1.ts over Fp2 (see fp2.ts for the lazy reduction).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';

import { P } from './fp.js';
import {
  type Fp2,
  fp2Add,
  fp2Conj,
  fp2Eq,
  fp2IsZero,
  fp2Mul,
  fp2MulSmall,
  fp2Neg,
  fp2Sqr,
  fp2Sub,
} from './fp2.js';
import { modP } from './fp.js';
import { BLS_X_ABS } from './g1.js';

/** An affine G2 point with canonical coordinates (never infinity). */
export interface AffineG2 {
  readonly x: Fp2;
  readonly y: Fp2;
}

/** A G2 point in Jacobian coordinates (z = 0: infinity). */
export interface JacobianG2 {
  readonly x: Fp2;
  readonly y: Fp2;
  readonly z: Fp2;
}

const ONE: Fp2 = { c0: 1n, c1: 0n };
const ZERO: Fp2 = { c0: 0n, c1: 0n };

/** The point at infinity. */
export const G2_INFINITY: JacobianG2 = { x: ONE, y: ONE, z: ZERO };

/** The twist constant b' = 4(1 + i). */
export const G2_B: Fp2 = { c0: 4n, c1: 4n };

const BLS_X_BITS = BLS_X_ABS.toString(2);

/**
 * Doubling, "dbl-2009-l" with D = 4·X·B as one product and C = B² folded into Y3 before its reduction.
 *
 * @param p - a Jacobian point
 * @returns 2p
 */
export function g2Double(p: JacobianG2): JacobianG2 {
  const { x, y, z } = p;
  if (fp2IsZero(z) || fp2IsZero(y)) return G2_INFINITY;
  const a = fp2Sqr(x);
  const b = fp2Sqr(y);
  const d = fp2MulSmall(fp2Mul(x, b), 4n);
  const e = fp2MulSmall(a, 3n);
  const f = fp2Sqr(e);
  const x3 = fp2Sub(f, fp2Add(d, d));
  // Y3 = E·(D − X3) − 8·B², both products left unreduced until the final `%` of each component.
  const dx = fp2Sub(d, x3);
  const t0 = e.c0 * dx.c0;
  const t1 = e.c1 * dx.c1;
  const bb0 = (b.c0 + b.c1) * (b.c0 - b.c1);
  const bb1 = (b.c0 * b.c1) << 1n;
  const y3: Fp2 = {
    c0: modP(t0 - t1 - (bb0 << 3n)),
    c1: modP((e.c0 + e.c1) * (dx.c0 + dx.c1) - t0 - t1 - (bb1 << 3n)),
  };
  const z3 = fp2MulSmall(fp2Mul(y, z), 2n);
  return { x: x3, y: y3, z: z3 };
}

/**
 * Mixed addition with an affine point, "madd-2007-bl" with Z3 = 2·Z1·H.
 *
 * @param p - a Jacobian point
 * @param q - an affine point
 * @returns p + q
 */
export function g2AddAffine(p: JacobianG2, q: AffineG2): JacobianG2 {
  if (fp2IsZero(p.z)) return { x: q.x, y: q.y, z: ONE };
  const z1z1 = fp2Sqr(p.z);
  const u2 = fp2Mul(q.x, z1z1);
  const s2 = fp2Mul(q.y, fp2Mul(p.z, z1z1));
  const h = fp2Sub(u2, p.x);
  const sy = fp2Sub(s2, p.y);
  if (fp2IsZero(h)) return fp2IsZero(sy) ? g2Double(p) : G2_INFINITY;
  const r = fp2Add(sy, sy);
  const i = fp2MulSmall(fp2Sqr(h), 4n);
  const j = fp2Mul(h, i);
  const v = fp2Mul(p.x, i);
  const x3 = fp2Sub(fp2Sub(fp2Sqr(r), j), fp2Add(v, v));
  const y3 = fp2Sub(fp2Mul(r, fp2Sub(v, x3)), fp2MulSmall(fp2Mul(p.y, j), 2n));
  const z3 = fp2MulSmall(fp2Mul(p.z, h), 2n);
  return { x: x3, y: y3, z: z3 };
}

/**
 * General addition, "add-2007-bl" with Z3 = 2·Z1·Z2·H.
 *
 * @param p - a Jacobian point
 * @param q - a Jacobian point
 * @returns p + q
 */
export function g2Add(p: JacobianG2, q: JacobianG2): JacobianG2 {
  if (fp2IsZero(p.z)) return q;
  if (fp2IsZero(q.z)) return p;
  const z1z1 = fp2Sqr(p.z);
  const z2z2 = fp2Sqr(q.z);
  const u1 = fp2Mul(p.x, z2z2);
  const u2 = fp2Mul(q.x, z1z1);
  const s1 = fp2Mul(p.y, fp2Mul(q.z, z2z2));
  const s2 = fp2Mul(q.y, fp2Mul(p.z, z1z1));
  const h = fp2Sub(u2, u1);
  const sy = fp2Sub(s2, s1);
  if (fp2IsZero(h)) return fp2IsZero(sy) ? g2Double(p) : G2_INFINITY;
  const r = fp2Add(sy, sy);
  const i = fp2MulSmall(fp2Sqr(h), 4n);
  const j = fp2Mul(h, i);
  const v = fp2Mul(u1, i);
  const x3 = fp2Sub(fp2Sub(fp2Sqr(r), j), fp2Add(v, v));
  const y3 = fp2Sub(fp2Mul(r, fp2Sub(v, x3)), fp2MulSmall(fp2Mul(s1, j), 2n));
  const z3 = fp2MulSmall(fp2Mul(fp2Mul(p.z, q.z), h), 2n);
  return { x: x3, y: y3, z: z3 };
}

/**
 * Negation.
 *
 * @param p - a Jacobian point
 * @returns −p
 */
export function g2Neg(p: JacobianG2): JacobianG2 {
  return { x: p.x, y: fp2Neg(p.y), z: p.z };
}

/**
 * Whether a Jacobian point equals an affine one (cross-multiplied: no inversion).
 *
 * @param p - a Jacobian point
 * @param q - an affine point
 * @returns p = q
 */
export function g2EqualsAffine(p: JacobianG2, q: AffineG2): boolean {
  if (fp2IsZero(p.z)) return false;
  const z2 = fp2Sqr(p.z);
  return fp2Eq(fp2Mul(q.x, z2), p.x) && fp2Eq(fp2Mul(fp2Mul(q.y, z2), p.z), p.y);
}

/** [|x|]·q for an affine q: 63 doublings and 5 mixed additions. */
function mulByAbsX(q: AffineG2): JacobianG2 {
  let acc: JacobianG2 = { x: q.x, y: q.y, z: ONE };
  for (let i = 1; i < BLS_X_BITS.length; i++) {
    acc = g2Double(acc);
    if (BLS_X_BITS[i] === '1') acc = g2AddAffine(acc, q);
  }
  return acc;
}

// ψ = twist⁻¹ ∘ Frobenius ∘ twist acts on affine coordinates as (conj(x)·c_x, conj(y)·c_y) with
// c_x = 1/(1 + i)^((p − 1)/3) and c_y = 1/(1 + i)^((p − 1)/2). Computed once with noble's (independent) Fp2.
const NobleFp2 = bls12_381.fields.Fp2;
const ONE_PLUS_I = NobleFp2.fromBigTuple([1n, 1n]);
const PSI_CX: Fp2 = NobleFp2.inv(NobleFp2.pow(ONE_PLUS_I, (P - 1n) / 3n));
const PSI_CY: Fp2 = NobleFp2.inv(NobleFp2.pow(ONE_PLUS_I, (P - 1n) / 2n));

/**
 * The endomorphism ψ on an affine point.
 *
 * @param q - an affine point of the twist
 * @returns ψ(q)
 */
export function g2Psi(q: AffineG2): AffineG2 {
  return { x: fp2Mul(fp2Conj(q.x), PSI_CX), y: fp2Mul(fp2Conj(q.y), PSI_CY) };
}

/**
 * [x]·q for the (negative) BLS parameter x.
 *
 * @param q - an affine point of the twist
 * @returns [x]q in Jacobian coordinates
 */
export function g2MulByX(q: AffineG2): JacobianG2 {
  return g2Neg(mulByAbsX(q));
}

/**
 * G2 subgroup membership of an on-twist point: ψ(q) = [x]q, with one multiplication by |x|.
 *
 * @param q - an affine point on y² = x³ + 4(1 + i)
 * @returns whether q lies in G2
 */
export function g2IsInSubgroup(q: AffineG2): boolean {
  return g2EqualsAffine(g2MulByX(q), g2Psi(q));
}

/**
 * Whether an affine pair satisfies the twist equation y² = x³ + 4(1 + i).
 *
 * @param q - canonical coordinates
 * @returns whether q is on the twist
 */
export function g2IsOnCurve(q: AffineG2): boolean {
  return fp2Eq(fp2Sqr(q.y), fp2Add(fp2Mul(fp2Sqr(q.x), q.x), G2_B));
}

/**
 * Converts to affine given the inverse of z.
 *
 * @param p - a Jacobian point, not infinity
 * @param zInv - 1/p.z
 * @returns the affine point
 */
export function g2ToAffine(p: JacobianG2, zInv: Fp2): AffineG2 {
  const zInv2 = fp2Sqr(zInv);
  return { x: fp2Mul(p.x, zInv2), y: fp2Mul(fp2Mul(p.y, zInv2), zInv) };
}
