/**
 * Inversion and Frobenius maps in Fp12 (layout and representatives as in fp12.ts). Both run a few times per final
 * exponentiation only, so they use plain reduce-every-step Fp2 helpers.
 */
import { invFp, modP, P } from './fp.js';
import { type Fp12, mul6 } from './fp12.js';

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
