/**
 * BLS12-381 G2 arithmetic (twist y² = x³ + 4(1 + i) over Fp2) in Jacobian coordinates, the endomorphism ψ and the
 * subgroup check ψ(P) = [x]P (spec stm.md §1.5; Scott, eprint 2021/1130).
 *
 * Same formulas as g1.ts over Fp2 (see fp2.ts for the lazy reduction).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';

import { modP, P } from './fp.js';
import { type Fp2, fp2Add, fp2Conj, fp2Eq, fp2IsZero, fp2Mul, fp2Neg, fp2Sqr, fp2Sub } from './fp2.js';
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
 * Doubling, "dbl-2009-l" (2M + 5S) with D = 4·X·B as one product, E = 3·A left unreduced and C = B² folded into Y3;
 * written out on the components so that each kept Fp2 value costs exactly two `%` (12 in all).
 *
 * @param p - a Jacobian point
 * @returns 2p
 */
export function g2Double(p: JacobianG2): JacobianG2 {
  const { x, y, z } = p;
  if (fp2IsZero(z) || fp2IsZero(y)) return G2_INFINITY;
  const { c0: x0, c1: x1 } = x;
  const { c0: y0, c1: y1 } = y;
  const a0 = modP((x0 + x1) * (x0 - x1));
  const a1 = ((x0 * x1) << 1n) % P;
  const b0 = modP((y0 + y1) * (y0 - y1));
  const b1 = ((y0 * y1) << 1n) % P;
  const xb0 = x0 * b0;
  const xb1 = x1 * b1;
  const d0 = modP((xb0 - xb1) << 2n);
  const d1 = (((x0 + x1) * (b0 + b1) - xb0 - xb1) << 2n) % P;
  const e0 = 3n * a0;
  const e1 = 3n * a1;
  const f0 = modP((e0 + e1) * (e0 - e1));
  const f1 = ((e0 * e1) << 1n) % P;
  let x30 = f0 - (d0 << 1n);
  if (x30 < 0n) x30 += P;
  if (x30 < 0n) x30 += P;
  let x31 = f1 - (d1 << 1n);
  if (x31 < 0n) x31 += P;
  if (x31 < 0n) x31 += P;
  const dx0 = d0 - x30;
  const dx1 = d1 - x31;
  const u0 = e0 * dx0;
  const u1 = e1 * dx1;
  const y30 = modP(u0 - u1 - (((b0 + b1) * (b0 - b1)) << 3n));
  const y31 = modP((e0 + e1) * (dx0 + dx1) - u0 - u1 - ((b0 * b1) << 4n));
  const { c0: z0, c1: z1 } = z;
  const v0 = y0 * z0;
  const v1 = y1 * z1;
  const z30 = modP((v0 - v1) << 1n);
  const z31 = (((y0 + y1) * (z0 + z1) - v0 - v1) << 1n) % P;
  return { x: { c0: x30, c1: x31 }, y: { c0: y30, c1: y31 }, z: { c0: z30, c1: z31 } };
}

/**
 * Mixed addition with an affine point, "madd-2007-bl" (7M + 4S) with Z3 = 2·Z1·H; the products feeding X3, Y3 and
 * Z3 are combined before their reduction.
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
  return finishAddition(p.x, p.y, p.z, h, sy);
}

/**
 * The common tail of both additions: with H = U2 − U1, S = S2 − S1 (both canonical, H ≠ 0) and Z = the product of
 * the input Zs, computes I = 4H², J = H·I, r = 2S, V = U1·I, X3 = r² − J − 2V, Y3 = r(V − X3) − 2·S1·J, Z3 = 2·Z·H.
 */
function finishAddition(u1: Fp2, s1: Fp2, zz: Fp2, h: Fp2, sy: Fp2): JacobianG2 {
  const { c0: h0, c1: h1 } = h;
  const i0 = modP(((h0 + h1) * (h0 - h1)) << 2n);
  const i1 = ((h0 * h1) << 3n) % P;
  const hi0 = h0 * i0;
  const hi1 = h1 * i1;
  const j0 = modP(hi0 - hi1);
  const j1 = ((h0 + h1) * (i0 + i1) - hi0 - hi1) % P;
  const ui0 = u1.c0 * i0;
  const ui1 = u1.c1 * i1;
  const v0 = modP(ui0 - ui1);
  const v1 = ((u1.c0 + u1.c1) * (i0 + i1) - ui0 - ui1) % P;
  const r0 = sy.c0 << 1n;
  const r1 = sy.c1 << 1n;
  const x30 = modP((r0 + r1) * (r0 - r1) - j0 - (v0 << 1n));
  const x31 = modP(((r0 * r1) << 1n) - j1 - (v1 << 1n));
  const w0 = v0 - x30;
  const w1 = v1 - x31;
  const rw0 = r0 * w0;
  const rw1 = r1 * w1;
  const sj0 = s1.c0 * j0;
  const sj1 = s1.c1 * j1;
  const y30 = modP(rw0 - rw1 - ((sj0 - sj1) << 1n));
  const y31 = modP((r0 + r1) * (w0 + w1) - rw0 - rw1 - (((s1.c0 + s1.c1) * (j0 + j1) - sj0 - sj1) << 1n));
  const zh0 = zz.c0 * h0;
  const zh1 = zz.c1 * h1;
  const z30 = modP((zh0 - zh1) << 1n);
  const z31 = (((zz.c0 + zz.c1) * (h0 + h1) - zh0 - zh1) << 1n) % P;
  return { x: { c0: x30, c1: x31 }, y: { c0: y30, c1: y31 }, z: { c0: z30, c1: z31 } };
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
  return finishAddition(u1, s1, fp2Mul(p.z, q.z), h, sy);
}

/**
 * Negation.
 *
 * @param p - a Jacobian point
 * @returns −p
 */
function g2Neg(p: JacobianG2): JacobianG2 {
  return { x: p.x, y: fp2Neg(p.y), z: p.z };
}

/**
 * Whether a Jacobian point equals an affine one (cross-multiplied: no inversion).
 *
 * @param p - a Jacobian point
 * @param q - an affine point
 * @returns p = q
 */
function g2EqualsAffine(p: JacobianG2, q: AffineG2): boolean {
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
