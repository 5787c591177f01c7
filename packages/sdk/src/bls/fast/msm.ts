/**
 * Multi-scalar multiplication Σ kᵢ·Pᵢ in G1 and G2 (used by the randomised aggregate check, spec stm.md §1.6, §6.3):
 * Pippenger's bucket method with signed window digits; the buckets of all windows are filled by affine additions that
 * share one batch inversion per round, then combined per window with Jacobian running sums.
 *
 * Why not noble's `mulAddUnsafe` / `pippenger`: they add projective points with the complete formulas (12M + …),
 * while here every input is made affine once (one batch inversion) and each bucket addition costs about 6 products.
 * Measured on 300 points with 128-bit scalars (Node 20): G1 58 → 22 ms, G2 191 → 52 ms.
 */
import { batchInvFp, invFp, modP, P } from './fp.js';
import { type Fp2, fp2Add, fp2Eq, fp2Inv, fp2IsZero, fp2Mul, fp2Neg, fp2Sqr, fp2Sub } from './fp2.js';
import { type AffineG1, G1_INFINITY, g1Add, g1AddAffine, g1Double, type JacobianG1, g1ToAffine } from './g1.js';
import { type AffineG2, G2_INFINITY, g2Add, g2AddAffine, g2Double, type JacobianG2, g2ToAffine } from './g2.js';

/**
 * What Pippenger needs from a group, so that one implementation serves G1 and G2: Jacobian operations for the final
 * bucket sums, and affine pair additions split in two halves around a shared batch inversion.
 */
interface GroupOps<A, J, F> {
  readonly infinity: J;
  readonly double: (p: J) => J;
  readonly add: (p: J, q: J) => J;
  readonly addAffine: (p: J, q: A) => J;
  readonly negAffine: (q: A) => A;
  /** The denominator of the chord (x_q − x_p) or tangent (2·y_p) slope, or `null` when q = −p (the sum is ∞). */
  readonly slopeDenominator: (p: A, q: A) => F | null;
  /** p + q given the inverse of {@link GroupOps.slopeDenominator}. */
  readonly addWithInverse: (p: A, q: A, inverse: F) => A;
  readonly batchInvert: (values: F[]) => F[];
}

const G1_OPS: GroupOps<AffineG1, JacobianG1, bigint> = {
  infinity: G1_INFINITY,
  double: g1Double,
  add: g1Add,
  addAffine: g1AddAffine,
  negAffine: (q) => ({ x: q.x, y: q.y === 0n ? 0n : P - q.y }),
  slopeDenominator: (p, q) => {
    if (p.x !== q.x) return modP(q.x - p.x);
    return p.y === q.y ? (p.y << 1n) % P : null;
  },
  addWithInverse: (p, q, inverse) => {
    // λ = (y_q − y_p)/(x_q − x_p), or 3x²/(2y) when doubling; x3 = λ² − x_p − x_q; y3 = λ(x_p − x3) − y_p.
    const lambda = p.x !== q.x ? modP((q.y - p.y) * inverse) : (((3n * p.x * p.x) % P) * inverse) % P;
    const x3 = modP(lambda * lambda - p.x - q.x);
    return { x: x3, y: modP(lambda * (p.x - x3) - p.y) };
  },
  batchInvert: batchInvFp,
};

const THREE: Fp2 = { c0: 3n, c1: 0n };

const G2_OPS: GroupOps<AffineG2, JacobianG2, Fp2> = {
  infinity: G2_INFINITY,
  double: g2Double,
  add: g2Add,
  addAffine: g2AddAffine,
  negAffine: (q) => ({ x: q.x, y: fp2Neg(q.y) }),
  slopeDenominator: (p, q) => {
    if (!fp2Eq(p.x, q.x)) return fp2Sub(q.x, p.x);
    return fp2Eq(p.y, q.y) ? fp2Add(p.y, p.y) : null;
  },
  addWithInverse: (p, q, inverse) => {
    const lambda = fp2Eq(p.x, q.x) ? fp2Mul(fp2Mul(fp2Sqr(p.x), THREE), inverse) : fp2Mul(fp2Sub(q.y, p.y), inverse);
    const x3 = fp2Sub(fp2Sub(fp2Sqr(lambda), p.x), q.x);
    return { x: x3, y: fp2Sub(fp2Mul(lambda, fp2Sub(p.x, x3)), p.y) };
  },
  // 1/d = conj(d)/N(d): one batch inversion of the norms in Fp.
  batchInvert: (values) => {
    const normInverses = batchInvFp(values.map((d) => (d.c0 * d.c0 + d.c1 * d.c1) % P));
    return values.map((d, i) => {
      const n = normInverses[i]!;
      return { c0: (d.c0 * n) % P, c1: modP(-d.c1 * n) };
    });
  },
};

/**
 * Sums each list of affine points in place, all lists at once: every round adds disjoint pairs, sharing one batch
 * inversion among all the pairs of the round ("batch-affine" accumulation, about 6 products per addition instead
 * of 11 for a mixed Jacobian one), so ⌈log2(longest list)⌉ rounds leave at most one point per list.
 */
function sumListsAffine<A, J, F>(ops: GroupOps<A, J, F>, lists: A[][]): void {
  for (;;) {
    const left: A[] = [];
    const right: A[] = [];
    const owner: number[] = [];
    const denominators: F[] = [];
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l]!;
      if (list.length < 2) continue;
      const kept: A[] = list.length % 2 === 1 ? [list[list.length - 1]!] : [];
      for (let k = 0; k + 1 < list.length; k += 2) {
        const p = list[k]!;
        const q = list[k + 1]!;
        const d = ops.slopeDenominator(p, q);
        // p + (−p) = ∞ simply leaves the list.
        if (d === null) continue;
        left.push(p);
        right.push(q);
        owner.push(l);
        denominators.push(d);
      }
      lists[l] = kept;
    }
    // No pair left (or every pair cancelled): each list now holds at most its odd leftover.
    if (denominators.length === 0) return;
    const inverses = ops.batchInvert(denominators);
    for (let k = 0; k < inverses.length; k++) {
      lists[owner[k]!]!.push(ops.addWithInverse(left[k]!, right[k]!, inverses[k]!));
    }
  }
}

/**
 * Window width c for n points: each window costs about n affine additions plus 2·2^(c−1) Jacobian ones. Measured
 * at 300 points with 128-bit scalars: c = 5, 6, 7 within noise of each other, 4 and 8 about 30 % slower.
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

/** Pippenger over affine points and scalars in [1, r) (duplicates, P and −P allowed). */
function pippenger<A, J, F>(ops: GroupOps<A, J, F>, points: readonly A[], scalars: readonly bigint[]): J {
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
  // Bucket b of window w is list w·bucketCount + b; all buckets of all windows are summed together.
  const lists: A[][] = Array.from({ length: windows * bucketCount }, () => []);
  for (let w = 0; w < windows; w++) {
    const base = w * n;
    const first = w * bucketCount;
    for (let i = 0; i < n; i++) {
      const d = digits[base + i]!;
      if (d > 0) lists[first + d - 1]!.push(points[i]!);
      else if (d < 0) lists[first - d - 1]!.push(negated[i]!);
    }
  }
  sumListsAffine(ops, lists);
  let acc = ops.infinity;
  for (let w = windows - 1; w >= 0; w--) {
    for (let s = 0; s < c; s++) acc = ops.double(acc);
    // Σ k·bucket[k−1] as a running sum from the top bucket down.
    let running = ops.infinity;
    let windowSum = ops.infinity;
    for (let b = bucketCount - 1; b >= 0; b--) {
      const bucket = lists[w * bucketCount + b]!;
      if (bucket.length === 1) running = ops.addAffine(running, bucket[0]!);
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
    const zInv: Fp2 = { c0: (p.Z.c0 * ni) % P, c1: modP(-p.Z.c1 * ni) };
    return { x: fp2Mul(p.X, zInv), y: fp2Mul(p.Y, zInv) };
  });
  const sum = pippenger(G2_OPS, affine, keptScalars);
  return fp2IsZero(sum.z) ? null : g2ToAffine(sum, fp2Inv(sum.z));
}
