/**
 * The optimal ate pairing of BLS12-381 on the hand-written field layer (spec stm.md §1.2): Miller loop over
 * |x| = 0xd201000000010000 with line functions in homogeneous projective coordinates on the twist (Costello, Lange,
 * Naehrig, eprint 2009/615), sparse line products, and the final exponentiation with cyclotomic squarings and the
 * hard part as an addition chain in x (Hayashida, Hayasaka, Teruya, eprint 2020/875), the chain noble uses, so the
 * reduced pairing values are identical to noble's.
 *
 * Everything here is variable time: pairings in Mithril only ever see public data (signatures, keys, hashes of
 * public messages).
 */
import { P } from './fp.js';
import { cyclotomicPowAbsX, fp12CyclotomicSqr } from './cyclotomic.js';
import { type Fp12, FP12_ONE, fp12Conj, fp12IsOne, fp12Mul, fp12MulBy014, fp12Sqr } from './fp12.js';
import { fp12Frobenius, fp12Inv } from './fp12-frobenius.js';
import type { AffineG1 } from './g1.js';
import { BLS_X_ABS } from './g1.js';
import type { AffineG2 } from './g2.js';

/** Bits of |x| below the top one, most significant first (63 doublings; 5 of them followed by an addition). */
const LOOP_BITS: readonly boolean[] = BLS_X_ABS.toString(2)
  .slice(1)
  .split('')
  .map((bit) => bit === '1');

/** Six bigints per line: c0, c1, c2 ∈ Fp2 of the line value c0 + c1·xP·v + c2·yP·v·w. */
const LINE_STRIDE = 6;

/**
 * The Miller-loop lines of a G2 point, independent of the G1 point they are evaluated at, so a key's lines are
 * computed once and reused for every pairing with it.
 */
export interface G2Lines {
  /** 68 lines (63 doublings, 5 additions) of six bigints each, in loop order. */
  readonly coefficients: readonly bigint[];
}

type Pair = readonly [bigint, bigint];

function mul2(a: Pair, b: Pair): [bigint, bigint] {
  const t = a[0] * b[0];
  const s = a[1] * b[1];
  return [(t - s) % P, ((a[0] + a[1]) * (b[0] + b[1]) - t - s) % P];
}

function sqr2(a: Pair): [bigint, bigint] {
  return [((a[0] + a[1]) * (a[0] - a[1])) % P, ((a[0] * a[1]) << 1n) % P];
}

/**
 * Computes the line coefficients of the Miller loop for a G2 point (the tangent and chord lines through the multiples
 * of Q on the twist; the running point is kept projective, so no inversion).
 *
 * @param q - an affine G2 point (not infinity)
 * @returns its lines
 */
export function g2Lines(q: AffineG2): G2Lines {
  const qx: Pair = [q.x.c0, q.x.c1];
  const qy: Pair = [q.y.c0, q.y.c1];
  let x: Pair = qx;
  let y: Pair = qy;
  let z: Pair = [1n, 0n];
  const out: bigint[] = [];
  for (const bit of LOOP_BITS) {
    // Doubling step; the point is kept up to the factor 4 (an Fp scalar, which the final exponentiation removes) to
    // avoid halvings: X3 = 2(t0 − 9b'Z²)XY, Y3 = (t0 + 9b'Z²)² − 108(b'Z²)², Z3 = 8·Y³Z.
    const t0 = sqr2(y);
    const t1 = sqr2(z);
    // t2 = 3b'·Z² with b' = 4ξ: 12·ξ·Z², left unreduced (a small multiple of reduced values).
    const t2: Pair = [12n * (t1[0] - t1[1]), 12n * (t1[0] + t1[1])];
    const t3: Pair = [3n * t2[0], 3n * t2[1]];
    const yz = mul2(y, z);
    const t4: Pair = [yz[0] << 1n, yz[1] << 1n];
    const xx = sqr2(x);
    out.push((t2[0] - t0[0]) % P, (t2[1] - t0[1]) % P, (3n * xx[0]) % P, (3n * xx[1]) % P, -t4[0], -t4[1]);
    const xy = mul2(x, y);
    const d: Pair = [t0[0] - t3[0], t0[1] - t3[1]];
    const nx = mul2(d, xy);
    const e0 = t0[0] + t3[0];
    const e1 = t0[1] + t3[1];
    const g0 = t2[0];
    const g1 = t2[1];
    const nz = mul2(t0, t4);
    x = [nx[0] << 1n, nx[1] << 1n];
    y = [((e0 + e1) * (e0 - e1) - 12n * (g0 + g1) * (g0 - g1)) % P, (((e0 * e1) << 1n) - 24n * g0 * g1) % P];
    z = [nz[0] << 2n, nz[1] << 2n];
    if (!bit) continue;
    // Addition step with the affine Q (mixed coordinates).
    const u = mul2(qy, z);
    const a0: Pair = [y[0] - u[0], y[1] - u[1]];
    const w = mul2(qx, z);
    const a1: Pair = [x[0] - w[0], x[1] - w[1]];
    const l0 = mul2(a0, qx);
    const l1 = mul2(a1, qy);
    out.push((l0[0] - l1[0]) % P, (l0[1] - l1[1]) % P, -a0[0], -a0[1], a1[0], a1[1]);
    const s2 = sqr2(a1);
    const s3 = mul2(s2, a1);
    const s4 = mul2(s2, x);
    const a0sq = sqr2(a0);
    const zt = mul2(a0sq, z);
    const s5: Pair = [s3[0] - (s4[0] << 1n) + zt[0], s3[1] - (s4[1] << 1n) + zt[1]];
    const nx2 = mul2(a1, s5);
    const m = mul2([s4[0] - s5[0], s4[1] - s5[1]], a0);
    const n = mul2(s3, y);
    const nz2 = mul2(z, s3);
    x = nx2;
    y = [m[0] - n[0], m[1] - n[1]];
    z = nz2;
  }
  return { coefficients: out };
}

/** One input of a product of pairings: an affine G1 point and the lines of a G2 point. */
export interface MillerPair {
  readonly p: AffineG1;
  readonly lines: G2Lines;
}

function applyLines(f: Fp12, pairs: readonly MillerPair[], offset: number): Fp12 {
  let acc = f;
  for (const { p, lines } of pairs) {
    const c = lines.coefficients;
    const px = p.x;
    const py = p.y;
    acc = fp12MulBy014(
      acc,
      c[offset]!,
      c[offset + 1]!,
      (c[offset + 2]! * px) % P,
      (c[offset + 3]! * px) % P,
      (c[offset + 4]! * py) % P,
      (c[offset + 5]! * py) % P,
    );
  }
  return acc;
}

/**
 * The product of the Miller functions f_{x,Q}(P) of several pairs, sharing each squaring of the accumulator.
 *
 * @param pairs - the pairs (none with a point at infinity)
 * @returns the unreduced product, to be raised by {@link finalExponentiation}
 */
export function millerLoop(pairs: readonly MillerPair[]): Fp12 {
  let f = FP12_ONE;
  let offset = 0;
  let first = true;
  for (const bit of LOOP_BITS) {
    if (!first) f = fp12Sqr(f);
    first = false;
    f = applyLines(f, pairs, offset);
    offset += LINE_STRIDE;
    if (bit) {
      f = applyLines(f, pairs, offset);
      offset += LINE_STRIDE;
    }
  }
  // x < 0: f_{x,Q} = 1 / f_{|x|,Q} up to a factor the final exponentiation removes, and 1/f = conj(f) there.
  return fp12Conj(f);
}

/** f^x (x negative): the conjugate of f^|x| in the cyclotomic subgroup. */
function powX(f: Fp12): Fp12 {
  return fp12Conj(cyclotomicPowAbsX(f));
}

/**
 * The final exponentiation f^((p¹² − 1)/r): the easy part (p⁶ − 1)(p² + 1) with one inversion and Frobenius maps,
 * then the hard part as a chain of five exponentiations by x.
 *
 * @param f - a Miller-loop value (non-zero)
 * @returns the reduced pairing value in GT
 */
export function finalExponentiation(f: Fp12): Fp12 {
  const t0 = fp12Mul(fp12Conj(f), fp12Inv(f));
  const t1 = fp12Mul(fp12Frobenius(t0, 2), t0);
  const t2 = powX(t1);
  const t3 = fp12Mul(fp12Conj(fp12CyclotomicSqr(t1)), t2);
  const t4 = powX(t3);
  const t5 = powX(t4);
  const t6 = fp12Mul(powX(t5), fp12CyclotomicSqr(t2));
  const t7 = powX(t6);
  const a = fp12Frobenius(fp12Mul(t2, t5), 2);
  const b = fp12Frobenius(fp12Mul(t4, t1), 3);
  const c = fp12Frobenius(fp12Mul(t6, fp12Conj(t1)), 1);
  const d = fp12Mul(fp12Mul(t7, fp12Conj(t3)), t1);
  return fp12Mul(fp12Mul(fp12Mul(a, b), c), d);
}

/**
 * Whether the product of the pairings e(P_i, Q_i) is 1, with one shared Miller loop and one final exponentiation.
 *
 * @param pairs - the pairs (none with a point at infinity: callers decide what infinity means)
 * @returns whether Π e(P_i, Q_i) = 1
 */
export function pairingProductIsOne(pairs: readonly MillerPair[]): boolean {
  return fp12IsOne(finalExponentiation(millerLoop(pairs)));
}
