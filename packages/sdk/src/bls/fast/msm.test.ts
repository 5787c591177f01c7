import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { BLS12_381_ORDER } from '../backend.js';
import { msmG1, msmG2 } from './msm.js';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
type G1Point = InstanceType<typeof G1>;
type G2Point = InstanceType<typeof G2>;
const R = BLS12_381_ORDER;

/** Σ sᵢ·Pᵢ with noble's own multiply and add (the independent reference). */
function naive<T extends G1Point | G2Point>(zero: T, points: readonly T[], scalars: readonly bigint[]): T {
  return points.reduce((acc, p, i) => {
    const s = scalars[i]!;
    return (s === 0n || p.is0() ? acc : acc.add(p.multiply(s) as never)) as T;
  }, zero);
}

function affineOf(p: G1Point | G2Point): unknown {
  return p.is0() ? null : p.toAffine();
}

/**
 * Points for an MSM from small seeds: seed 0 is infinity, odd seeds are affine multiples of the generator (Z = 1, as
 * decoded points are), even seeds are sums (noble projective points with Z ≠ 1), and a negative seed is the
 * negation of the positive one (so that P and −P meet in a bucket).
 */
function pointFrom<T extends G1Point | G2Point>(base: T, zero: T, seed: number): T {
  if (seed === 0) return zero;
  const k = BigInt(Math.abs(seed)) * 0x1234567n;
  const p = (
    seed % 2 === 0 ? base.multiply(k).add(base as never) : (base.constructor as typeof G1).fromAffine(base.multiply(k).toAffine() as never)
  ) as T;
  return (seed < 0 ? p.negate() : p) as T;
}

const scalar = fc.oneof(
  fc.constantFrom(0n, 1n, 2n, R - 1n, R - 2n, (1n << 128n) - 1n),
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  fc.bigInt({ min: 0n, max: R - 1n }),
);
const seed = fc.integer({ min: -6, max: 6 });

describe('msmG1 / msmG2 (fast/msm.ts) against noble multiply + add', () => {
  it('G1: random inputs with 0, 1, r − 1, duplicates, P and −P, infinity and projective points', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(seed, scalar), { minLength: 1, maxLength: 40 }), (items) => {
        const points = items.map(([s]) => pointFrom(G1.BASE, G1.ZERO, s));
        const scalars = items.map(([, k]) => k);
        expect(msmG1(points, scalars)).toEqual(affineOf(naive(G1.ZERO, points, scalars)));
      }),
      { numRuns: 25 },
    );
  });

  it('G2: random inputs with the same special cases', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(seed, scalar), { minLength: 1, maxLength: 10 }), (items) => {
        const points = items.map(([s]) => pointFrom(G2.BASE, G2.ZERO, s));
        const scalars = items.map(([, k]) => k);
        expect(msmG2(points, scalars)).toEqual(affineOf(naive(G2.ZERO, points, scalars)));
      }),
      { numRuns: 8 },
    );
  });

  it('returns infinity for all-zero scalars, all-infinity points and cancelling terms', () => {
    expect(msmG1([G1.BASE, G1.BASE], [0n, 0n])).toBeNull();
    expect(msmG1([G1.ZERO], [5n])).toBeNull();
    expect(msmG1([G1.BASE, G1.BASE.negate()], [7n, 7n])).toBeNull();
    expect(msmG1([G1.BASE, G1.BASE], [1n, R - 1n])).toBeNull();
    expect(msmG2([G2.BASE, G2.BASE.negate()], [R - 1n, R - 1n])).toBeNull();
    expect(msmG2([G2.ZERO, G2.BASE], [3n, 0n])).toBeNull();
  });

  it('G1: 130 distinct points with 128-bit scalars (the 6-bit window of mainnet-size inputs)', () => {
    const points: G1Point[] = [G1.BASE];
    for (let i = 1; i < 130; i++) points.push(points[i - 1]!.add(G1.BASE));
    const scalars = points.map((_, i) => ((BigInt(i) + 3n) * 0x9e3779b97f4a7c15f39cc0605cedc834n) & ((1n << 128n) - 1n));
    const total = scalars.reduce((acc, s, i) => acc + BigInt(i + 1) * s, 0n) % R;
    expect(msmG1(points, scalars)).toEqual(G1.BASE.multiply(total).toAffine());
  });
});
