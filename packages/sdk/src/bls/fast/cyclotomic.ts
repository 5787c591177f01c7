/**
 * Squarings in the cyclotomic subgroup of Fp12 (the elements of norm 1 over Fp6, where every value of the final
 * exponentiation's hard part lives), and the exponentiation by |x| built from them. Layout and signed
 * representatives as in fp12.ts.
 *
 * Two squarings: Granger–Scott (eprint 2009/565 §3.2: three Fp4 squarings, 12 reductions) and Karabina's compressed
 * one (eprint 2010/542: four of the six Fp2 coefficients, two Fp4 squarings, 8 reductions), used for the long runs of
 * squarings of |x| = 2^63 + 2^62 + 2^60 + 2^57 + 2^48 + 2^16 and decompressed with one shared inversion.
 */
import { batchInvFp, P } from './fp.js';
import { type Fp12, FP12_ONE, fp12Mul } from './fp12.js';

/**
 * Square in the cyclotomic subgroup (Granger–Scott). Pairs squared in Fp4 = Fp2[s]/(s² − ξ): (c0.c0, c1.c1),
 * (c1.c0, c0.c2), (c0.c1, c1.c2).
 *
 * @param a - an element of the cyclotomic subgroup
 * @returns a²
 */
export function fp12CyclotomicSqr(a: Fp12): Fp12 {
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
  // For a pair (x, y): first = x² + ξ·y², second = 2xy = (x + y)² − x² − y²; Fp2 squares as (u + v)(u − v), 2uv.
  let p0 = (a0 + a1) * (a0 - a1);
  let p1 = (a0 * a1) << 1n;
  let q0 = (a8 + a9) * (a8 - a9);
  let q1 = (a8 * a9) << 1n;
  let u = a0 + a8;
  let v = a1 + a9;
  const f0r = p0 + q0 - q1;
  const f0i = p1 + q0 + q1;
  const e0r = (u + v) * (u - v) - p0 - q0;
  const e0i = ((u * v) << 1n) - p1 - q1;
  p0 = (a6 + a7) * (a6 - a7);
  p1 = (a6 * a7) << 1n;
  q0 = (a4 + a5) * (a4 - a5);
  q1 = (a4 * a5) << 1n;
  u = a6 + a4;
  v = a7 + a5;
  const f1r = p0 + q0 - q1;
  const f1i = p1 + q0 + q1;
  const e1r = (u + v) * (u - v) - p0 - q0;
  const e1i = ((u * v) << 1n) - p1 - q1;
  p0 = (a2 + a3) * (a2 - a3);
  p1 = (a2 * a3) << 1n;
  q0 = (a10 + a11) * (a10 - a11);
  q1 = (a10 * a11) << 1n;
  u = a2 + a10;
  v = a3 + a11;
  const f2r = p0 + q0 - q1;
  const f2i = p1 + q0 + q1;
  const e2r = (u + v) * (u - v) - p0 - q0;
  const e2i = ((u * v) << 1n) - p1 - q1;
  return [
    (3n * f0r - (a0 << 1n)) % P,
    (3n * f0i - (a1 << 1n)) % P,
    (3n * f1r - (a2 << 1n)) % P,
    (3n * f1i - (a3 << 1n)) % P,
    (3n * f2r - (a4 << 1n)) % P,
    (3n * f2i - (a5 << 1n)) % P,
    (3n * (e2r - e2i) + (a6 << 1n)) % P,
    (3n * (e2r + e2i) + (a7 << 1n)) % P,
    (3n * e0r + (a8 << 1n)) % P,
    (3n * e0i + (a9 << 1n)) % P,
    (3n * e1r + (a10 << 1n)) % P,
    (3n * e1i + (a11 << 1n)) % P,
  ];
}

/**
 * Karabina's compressed form (g2, g3, g4, g5) = (c1.c0, c0.c2, c0.c1, c1.c2), eight bigints; g0 = c0.c0 and
 * g1 = c1.c1 are recovered from them.
 */
type Compressed = readonly bigint[];

/** Compressed squaring: the four coefficients of the Granger–Scott square that do not need g0, g1. */
function compressedSqr(g: Compressed): Compressed {
  const g2r = g[0]!;
  const g2i = g[1]!;
  const g3r = g[2]!;
  const g3i = g[3]!;
  const g4r = g[4]!;
  const g4i = g[5]!;
  const g5r = g[6]!;
  const g5i = g[7]!;
  // (g4, g5) → first into g3, second (times ξ) into g2; (g2, g3) → first into g4, second into g5.
  let p0 = (g4r + g4i) * (g4r - g4i);
  let p1 = (g4r * g4i) << 1n;
  let q0 = (g5r + g5i) * (g5r - g5i);
  let q1 = (g5r * g5i) << 1n;
  let u = g4r + g5r;
  let v = g4i + g5i;
  const aFirstR = p0 + q0 - q1;
  const aFirstI = p1 + q0 + q1;
  const aSecondR = (u + v) * (u - v) - p0 - q0;
  const aSecondI = ((u * v) << 1n) - p1 - q1;
  p0 = (g2r + g2i) * (g2r - g2i);
  p1 = (g2r * g2i) << 1n;
  q0 = (g3r + g3i) * (g3r - g3i);
  q1 = (g3r * g3i) << 1n;
  u = g2r + g3r;
  v = g2i + g3i;
  const bFirstR = p0 + q0 - q1;
  const bFirstI = p1 + q0 + q1;
  const bSecondR = (u + v) * (u - v) - p0 - q0;
  const bSecondI = ((u * v) << 1n) - p1 - q1;
  return [
    (3n * (aSecondR - aSecondI) + (g2r << 1n)) % P,
    (3n * (aSecondR + aSecondI) + (g2i << 1n)) % P,
    (3n * aFirstR - (g3r << 1n)) % P,
    (3n * aFirstI - (g3i << 1n)) % P,
    (3n * bFirstR - (g4r << 1n)) % P,
    (3n * bFirstI - (g4i << 1n)) % P,
    (3n * bSecondR + (g5r << 1n)) % P,
    (3n * bSecondI + (g5i << 1n)) % P,
  ];
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

const xi = (a: Pair): [bigint, bigint] => [a[0] - a[1], a[0] + a[1]];

/**
 * Decompresses several compressed values with one Fp inversion: g1 = (ξg5² + 3g4² − 2g3) / (4g2), or 2g4g5 / g3
 * when g2 = 0, then g0 = ξ(2g1² + g2g5 − 3g3g4) + 1. g2 = g3 = 0 only for the identity in this subgroup.
 */
function decompress(values: readonly Compressed[]): Fp12[] {
  const parts = values.map((g) => {
    const g2: Pair = [g[0]!, g[1]!];
    const g3: Pair = [g[2]!, g[3]!];
    const g4: Pair = [g[4]!, g[5]!];
    const g5: Pair = [g[6]!, g[7]!];
    const g2Zero = g2[0] % P === 0n && g2[1] % P === 0n;
    const identity = g2Zero && g3[0] % P === 0n && g3[1] % P === 0n;
    let num: Pair;
    let den: Pair;
    if (g2Zero) {
      const m = mul2(g4, g5);
      num = [m[0] << 1n, m[1] << 1n];
      den = g3;
    } else {
      const s4 = sqr2(g4);
      const s5 = xi(sqr2(g5));
      num = [s5[0] + 3n * s4[0] - (g3[0] << 1n), s5[1] + 3n * s4[1] - (g3[1] << 1n)];
      den = [g2[0] << 2n, g2[1] << 2n];
    }
    const d0 = ((den[0] % P) + P) % P;
    const d1 = ((den[1] % P) + P) % P;
    return { g2, g3, g4, g5, identity, num, den: [d0, d1] as Pair };
  });
  // 1/d = conj(d) / N(d), and the norms N(d) ∈ Fp are inverted together.
  const live = parts.filter((part) => !part.identity);
  const normInverses = batchInvFp(live.map(({ den: [d0, d1] }) => (d0 * d0 + d1 * d1) % P));
  let next = 0;
  return parts.map((part) => {
    if (part.identity) return FP12_ONE;
    const n = normInverses[next++]!;
    const [d0, d1] = part.den;
    const g1 = mul2(part.num, [(d0 * n) % P, (-d1 * n) % P]);
    const { g2, g3, g4, g5 } = part;
    const s1 = sqr2(g1);
    const a = mul2(g2, g5);
    const b = mul2(g3, g4);
    const t = xi([(s1[0] << 1n) + a[0] - 3n * b[0], (s1[1] << 1n) + a[1] - 3n * b[1]]);
    return [(t[0] + 1n) % P, t[1] % P, g4[0], g4[1], g3[0], g3[1], g2[0], g2[1], g1[0], g1[1], g5[0], g5[1]];
  });
}

/**
 * f^|x| for f in the cyclotomic subgroup: 57 compressed squarings (kept at 2^16, 2^48 and 2^57), one batched
 * decompression, 6 Granger–Scott squarings and 5 products.
 *
 * @param f - an element of the cyclotomic subgroup
 * @returns f^0xd201000000010000
 */
export function cyclotomicPowAbsX(f: Fp12): Fp12 {
  let g: Compressed = [f[6]!, f[7]!, f[4]!, f[5]!, f[2]!, f[3]!, f[10]!, f[11]!];
  const kept: Compressed[] = [];
  for (const run of [16, 32, 9]) {
    for (let i = 0; i < run; i++) g = compressedSqr(g);
    kept.push(g);
  }
  const [f16, f48, f57] = decompress(kept) as [Fp12, Fp12, Fp12];
  let acc = fp12Mul(fp12Mul(f16, f48), f57);
  let s = f57;
  for (const run of [3, 2, 1]) {
    for (let i = 0; i < run; i++) s = fp12CyclotomicSqr(s);
    acc = fp12Mul(acc, s);
  }
  return acc;
}
