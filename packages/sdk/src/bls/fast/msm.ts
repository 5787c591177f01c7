/**
 * Multi-scalar multiplication Σ kᵢ·Pᵢ in G1 and G2 (used by the randomised aggregate check, spec stm.md §1.6, §6.3):
 * Pippenger's bucket method with signed window digits, bucket accumulation by mixed (Jacobian + affine) additions.
 *
 * Why not noble's `mulAddUnsafe` / `pippenger`: they add projective points with the complete formulas (12M+), while
 * here every input is made affine once (one batch inversion) and each bucket update is a 7M + 4S mixed addition.
 */
import { batchInvFp, invFp, P } from './fp.js';
import { type Fp2, fp2Inv, fp2IsZero, fp2Mul, fp2Neg } from './fp2.js';
import { type AffineG1, G1_INFINITY, g1Add, g1AddAffine, g1Double, type JacobianG1, g1ToAffine } from './g1.js';
import { type AffineG2, G2_INFINITY, g2Add, g2AddAffine, g2Double, type JacobianG2, g2ToAffine } from './g2.js';

/** The group operations Pippenger needs, so one implementation serves G1 and G2. */
interface GroupOps<A, J> {
  readonly infinity: J;
  readonly double: (p: J) => J;
  readonly add: (p: J, q: J) => J;
  readonly addAffine: (p: J, q: A) => J;
  readonly negAffine: (q: A) => A;
}

const G1_OPS: GroupOps<AffineG1, JacobianG1> = {
  infinity: G1_INFINITY,
  double: g1Double,
  add: g1Add,
  addAffine: g1AddAffine,
  negAffine: (q) => ({ x: q.x, y: P - q.y }),
};

const G2_OPS: GroupOps<AffineG2, JacobianG2> = {
  infinity: G2_INFINITY,
  double: g2Double,
  add: g2Add,
  addAffine: g2AddAffine,
  negAffine: (q) => ({ x: q.x, y: fp2Neg(q.y) }),
};

/**
 * Window width for n points, measured on Node 20 with 128-bit scalars: 6 is best from ~100 to ~1000 points
 * (n + 2^(c−1) additions per window); small inputs want narrower windows, large ones wider.
 */
function windowWidth(n: number): number {
  if (n < 8) return 3;
  if (n < 32) return 4;
  if (n < 96) return 5;
  if (n < 1024) return 6;
  if (n < 4096) return 8;
  return 10;
}

/**
 * Signed base-2^c digits of every scalar, window-major: `digits[w * n + i]` is digit w of scalar i, in
 * [−2^(c−1), 2^(c−1)), so that only 2^(c−1) buckets are needed and a negative digit adds the negated point.
 */
function signedDigits(scalars: readonly bigint[], c: number, windows: number): Int32Array {
  const n = scalars.length;
  const digits = new Int32Array(windows * n);
  const mask = BigInt((1 << c) - 1);
  const half = 1 << (c - 1);
  const full = 1 << c;
  const shift = BigInt(c);
  for (let i = 0; i < n; i++) {
    let k = scalars[i]!;
    let carry = 0;
    for (let w = 0; w < windows; w++) {
      let d = Number(k & mask) + carry;
      k >>= shift;
      carry = d >= half ? 1 : 0;
      if (carry === 1) d -= full;
      digits[w * n + i] = d;
    }
  }
  return digits;
}

/** Pippenger over affine points and non-negative scalars (no zero scalar, no duplicates required). */
function pippenger<A, J>(ops: GroupOps<A, J>, points: readonly A[], scalars: readonly bigint[]): J {
  const n = points.length;
  if (n === 0) return ops.infinity;
  let maxBits = 0;
  for (const s of scalars) maxBits = Math.max(maxBits, s.toString(2).length);
  const c = windowWidth(n);
  // One extra window absorbs the carry out of the top signed digit.
  const windows = Math.ceil(maxBits / c) + 1;
  const digits = signedDigits(scalars, c, windows);
  const negated = points.map(ops.negAffine);
  const bucketCount = 1 << (c - 1);
  let acc = ops.infinity;
  for (let w = windows - 1; w >= 0; w--) {
    for (let s = 0; s < c; s++) acc = ops.double(acc);
    const buckets: J[] = new Array<J>(bucketCount).fill(ops.infinity);
    const base = w * n;
    for (let i = 0; i < n; i++) {
      const d = digits[base + i]!;
      if (d > 0) buckets[d - 1] = ops.addAffine(buckets[d - 1]!, points[i]!);
      else if (d < 0) buckets[-d - 1] = ops.addAffine(buckets[-d - 1]!, negated[i]!);
    }
    // Σ k·bucket[k−1] as a running sum from the top bucket down: 2·2^(c−1) additions.
    let running = ops.infinity;
    let windowSum = ops.infinity;
    for (let b = bucketCount - 1; b >= 0; b--) {
      running = ops.add(running, buckets[b]!);
      windowSum = ops.add(windowSum, running);
    }
    acc = ops.add(acc, windowSum);
  }
  return acc;
}

/** A G1 input in homogeneous projective coordinates (x = X/Z, y = Y/Z), as @noble/curves stores points. */
export interface ProjectiveG1 {
  readonly X: bigint;
  readonly Y: bigint;
  readonly Z: bigint;
}

/** A G2 input in homogeneous projective coordinates, as @noble/curves stores points. */
export interface ProjectiveG2 {
  readonly X: Fp2;
  readonly Y: Fp2;
  readonly Z: Fp2;
}

/**
 * Σ scalars[i]·points[i] in G1.
 *
 * @param points - projective points (infinity allowed: Z = 0)
 * @param scalars - scalars in [0, r), same length
 * @returns the affine sum, or `null` for the point at infinity
 */
export function msmG1(points: readonly ProjectiveG1[], scalars: readonly bigint[]): AffineG1 | null {
  const kept: ProjectiveG1[] = [];
  const keptScalars: bigint[] = [];
  points.forEach((p, i) => {
    if (p.Z !== 0n && scalars[i]! !== 0n) {
      kept.push(p);
      keptScalars.push(scalars[i]!);
    }
  });
  // One inversion for all inputs not already affine (decoded points have Z = 1).
  const toInvert = kept.filter((p) => p.Z !== 1n).map((p) => p.Z);
  const inverses = toInvert.length === 0 ? [] : batchInvFp(toInvert);
  let next = 0;
  const affine = kept.map((p): AffineG1 => {
    if (p.Z === 1n) return { x: p.X, y: p.Y };
    const zInv = inverses[next++]!;
    return { x: (p.X * zInv) % P, y: (p.Y * zInv) % P };
  });
  const sum = pippenger(G1_OPS, affine, keptScalars);
  return sum.z === 0n ? null : g1ToAffine(sum, invFp(sum.z));
}

/**
 * Σ scalars[i]·points[i] in G2.
 *
 * @param points - projective points (infinity allowed: Z = 0)
 * @param scalars - scalars in [0, r), same length
 * @returns the affine sum, or `null` for the point at infinity
 */
export function msmG2(points: readonly ProjectiveG2[], scalars: readonly bigint[]): AffineG2 | null {
  const kept: ProjectiveG2[] = [];
  const keptScalars: bigint[] = [];
  points.forEach((p, i) => {
    if (!fp2IsZero(p.Z) && scalars[i]! !== 0n) {
      kept.push(p);
      keptScalars.push(scalars[i]!);
    }
  });
  const isOne = (z: Fp2): boolean => z.c0 === 1n && z.c1 === 0n;
  // Inverting Z = z0 + z1·i means inverting its norm z0² + z1² in Fp: batch those.
  const notAffine = kept.filter((p) => !isOne(p.Z));
  const normInverses = notAffine.length === 0 ? [] : batchInvFp(notAffine.map((p) => (p.Z.c0 * p.Z.c0 + p.Z.c1 * p.Z.c1) % P));
  let next = 0;
  const affine = kept.map((p): AffineG2 => {
    if (isOne(p.Z)) return { x: p.X, y: p.Y };
    const ni = normInverses[next++]!;
    const zInv: Fp2 = { c0: (p.Z.c0 * ni) % P, c1: ni === 0n || p.Z.c1 === 0n ? 0n : (((P - p.Z.c1) % P) * ni) % P };
    return { x: fp2Mul(p.X, zInv), y: fp2Mul(p.Y, zInv) };
  });
  const sum = pippenger(G2_OPS, affine, keptScalars);
  return fp2IsZero(sum.z) ? null : g2ToAffine(sum, fp2Inv(sum.z));
}
