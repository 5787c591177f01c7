/**
 * BLS12-381 G1 arithmetic (curve y² = x³ + 4 over Fp) in Jacobian coordinates on bigints, and the subgroup check
 * φ(P) = [−x²]P (spec stm.md §1.5; Scott, "A note on group membership tests for G1, G2 and GT on BLS
 * pairing-friendly curves", eprint 2021/1130).
 *
 * Jacobian (X, Y, Z) stands for the affine point (X/Z², Y/Z³); Z = 0 is the point at infinity. The formulas are the
 * a = 0 ones of the Explicit-Formulas Database with each kept value reduced once (see fp.ts for why).
 */
import { modP, P, powFp } from './fp.js';

/** An affine G1 point with canonical coordinates (never infinity). */
export interface AffineG1 {
  readonly x: bigint;
  readonly y: bigint;
}

/** A G1 point in Jacobian coordinates (z = 0: infinity). */
export interface JacobianG1 {
  readonly x: bigint;
  readonly y: bigint;
  readonly z: bigint;
}

/** The point at infinity. */
export const G1_INFINITY: JacobianG1 = { x: 1n, y: 1n, z: 0n };

/** |x| for the BLS parameter x = −0xd201000000010000 (Hamming weight 6, so 63 doublings and 5 additions). */
export const BLS_X_ABS = 0xd201000000010000n;
const BLS_X_BITS = BLS_X_ABS.toString(2);

/**
 * Doubling, "dbl-2009-l" (2M + 5S) with D = 4·X·B computed as one product instead of ((X + B)² − A − C)·2, and C = B²
 * folded into Y3 unreduced.
 *
 * @param p - a Jacobian point
 * @returns 2p
 */
export function g1Double(p: JacobianG1): JacobianG1 {
  const { x, y, z } = p;
  if (z === 0n || y === 0n) return G1_INFINITY;
  const a = (x * x) % P;
  const b = (y * y) % P;
  const d = ((x * b) << 2n) % P;
  const e = 3n * a;
  const f = (e * e) % P;
  let x3 = f - (d << 1n);
  if (x3 < 0n) x3 += P;
  if (x3 < 0n) x3 += P;
  const y3 = modP(e * (d - x3) - ((b * b) << 3n));
  const z3 = ((y * z) << 1n) % P;
  return { x: x3, y: y3, z: z3 };
}

/**
 * Mixed addition with an affine point, "madd-2007-bl" (7M + 4S) with Z3 = 2·Z1·H.
 *
 * @param p - a Jacobian point
 * @param q - an affine point
 * @returns p + q
 */
export function g1AddAffine(p: JacobianG1, q: AffineG1): JacobianG1 {
  if (p.z === 0n) return { x: q.x, y: q.y, z: 1n };
  const z1z1 = (p.z * p.z) % P;
  const u2 = (q.x * z1z1) % P;
  const s2 = (q.y * ((p.z * z1z1) % P)) % P;
  const h = u2 - p.x;
  const r = (s2 - p.y) << 1n;
  if (h === 0n) return r === 0n ? g1Double(p) : G1_INFINITY;
  const i = ((h * h) % P) << 2n;
  const j = modP(h * i);
  const v = (p.x * i) % P;
  const x3 = modP(r * r - j - (v << 1n));
  const y3 = modP(r * (v - x3) - ((p.y * j) << 1n));
  const z3 = modP((p.z * h) << 1n);
  return { x: x3, y: y3, z: z3 };
}

/**
 * General addition, "add-2007-bl" (11M + 5S) with Z3 = 2·Z1·Z2·H.
 *
 * @param p - a Jacobian point
 * @param q - a Jacobian point
 * @returns p + q
 */
export function g1Add(p: JacobianG1, q: JacobianG1): JacobianG1 {
  if (p.z === 0n) return q;
  if (q.z === 0n) return p;
  const z1z1 = (p.z * p.z) % P;
  const z2z2 = (q.z * q.z) % P;
  const u1 = (p.x * z2z2) % P;
  const u2 = (q.x * z1z1) % P;
  const s1 = (p.y * ((q.z * z2z2) % P)) % P;
  const s2 = (q.y * ((p.z * z1z1) % P)) % P;
  const h = u2 - u1;
  const r = (s2 - s1) << 1n;
  if (h === 0n) return r === 0n ? g1Double(p) : G1_INFINITY;
  const i = ((h * h) % P) << 2n;
  const j = modP(h * i);
  const v = (u1 * i) % P;
  const x3 = modP(r * r - j - (v << 1n));
  const y3 = modP(r * (v - x3) - ((s1 * j) << 1n));
  const z3 = modP((((p.z * q.z) % P) * h) << 1n);
  return { x: x3, y: y3, z: z3 };
}

/**
 * Negation.
 *
 * @param p - a Jacobian point
 * @returns −p
 */
function g1Neg(p: JacobianG1): JacobianG1 {
  return { x: p.x, y: p.y === 0n ? 0n : P - p.y, z: p.z };
}

/**
 * Whether a Jacobian point equals an affine one (cross-multiplied: no inversion).
 *
 * @param p - a Jacobian point
 * @param q - an affine point
 * @returns p = q
 */
function g1EqualsAffine(p: JacobianG1, q: AffineG1): boolean {
  if (p.z === 0n) return false;
  const z2 = (p.z * p.z) % P;
  return (q.x * z2) % P === p.x && (((q.y * z2) % P) * p.z) % P === p.y;
}

/**
 * [|x|]·p by double-and-add over the 64 bits of |x|; mixed additions when p is affine (z = 1). Used by the subgroup
 * check and by cofactor clearing in hash-to-G1 (RFC 9380 §7, h_eff = 1 + |x|).
 *
 * @param p - a Jacobian point
 * @returns [|x|]p
 */
export function g1MulByAbsX(p: JacobianG1): JacobianG1 {
  const affine: AffineG1 | undefined = p.z === 1n ? { x: p.x, y: p.y } : undefined;
  let acc = p;
  for (let i = 1; i < BLS_X_BITS.length; i++) {
    acc = g1Double(acc);
    if (BLS_X_BITS[i] === '1') acc = affine === undefined ? g1Add(acc, p) : g1AddAffine(acc, affine);
  }
  return acc;
}

/** Whether φ(q) = (β·x, y) equals [−x²]q, given β. */
function endomorphismRelationHolds(q: AffineG1, beta: bigint): boolean {
  const x2q = g1MulByAbsX(g1MulByAbsX({ x: q.x, y: q.y, z: 1n }));
  return g1EqualsAffine(g1Neg(x2q), { x: (beta * q.x) % P, y: q.y });
}

// The generator (RFC 9380 / ZCash), used only to pick which primitive cube root of unity makes φ act as [−x²].
const G1_GENERATOR: AffineG1 = {
  x: 0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bbn,
  y: 0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1n,
};

/** β: a primitive cube root of unity in Fp (2^((p−1)/3) or its square), the one for which φ acts as [−x²] on G1. */
export const BETA: bigint = (() => {
  const root = powFp(2n, (P - 1n) / 3n);
  const candidates = [root, (root * root) % P];
  const beta = candidates.find((c) => c !== 1n && endomorphismRelationHolds(G1_GENERATOR, c));
  if (beta === undefined) throw new Error('BLS12-381 G1: no cube root of unity satisfies phi = [-x^2] on the generator');
  return beta;
})();

/**
 * G1 subgroup membership of an on-curve point: φ(q) = [−x²]q, computed as two multiplications by |x|.
 *
 * @param q - an affine point on y² = x³ + 4
 * @returns whether q lies in the prime-order subgroup
 */
export function g1IsInSubgroup(q: AffineG1): boolean {
  return endomorphismRelationHolds(q, BETA);
}

/**
 * Whether an affine pair satisfies the G1 curve equation y² = x³ + 4.
 *
 * @param q - canonical coordinates
 * @returns whether q is on the curve
 */
export function g1IsOnCurve(q: AffineG1): boolean {
  return (q.y * q.y) % P === (((q.x * q.x) % P) * q.x + 4n) % P;
}

/**
 * Converts to affine with one inversion.
 *
 * @param p - a Jacobian point, not infinity
 * @param zInv - 1/p.z
 * @returns the affine point
 */
export function g1ToAffine(p: JacobianG1, zInv: bigint): AffineG1 {
  const zInv2 = (zInv * zInv) % P;
  return { x: (p.x * zInv2) % P, y: (((p.y * zInv2) % P) * zInv) % P };
}
