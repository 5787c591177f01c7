import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { BLS12_381_ORDER } from '../backend.js';
import { invFp, P, sqrtFp } from './fp.js';
import { fp2Inv, sqrtFp2 } from './fp2.js';
import { type AffineG1, BETA, BLS_X_ABS, g1Add, g1AddAffine, g1Double, g1IsInSubgroup, g1IsOnCurve, g1ToAffine, type JacobianG1 } from './g1.js';
import {
  type AffineG2,
  G2_B,
  g2Add,
  g2AddAffine,
  g2Double,
  g2IsInSubgroup,
  g2IsOnCurve,
  g2MulByX,
  g2Psi,
  g2ToAffine,
  type JacobianG2,
} from './g2.js';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const { Fp2: NobleFp2 } = bls12_381.fields;
const scalar = fc.bigInt({ min: 1n, max: BLS12_381_ORDER - 1n });

function affine1(k: bigint): AffineG1 {
  return G1.BASE.multiply(k).toAffine();
}
function affine2(k: bigint): AffineG2 {
  return G2.BASE.multiply(k).toAffine();
}
function jac1ToAffine(p: JacobianG1): AffineG1 {
  return g1ToAffine(p, invFp(p.z));
}
function jac2ToAffine(p: JacobianG2): AffineG2 {
  return g2ToAffine(p, fp2Inv(p.z));
}
/** A Jacobian copy of an affine point with a non-trivial z, so that formulas are exercised on z ≠ 1. */
function scaled1(q: AffineG1, z: bigint): JacobianG1 {
  return { x: (q.x * z * z) % P, y: (q.y * z * z * z) % P, z };
}

/** Curve points outside the subgroup: x = start, start + 1, … with x³ + b a square (almost none are in G1/G2). */
function curvePointsG1(start: bigint, count: number): AffineG1[] {
  const out: AffineG1[] = [];
  for (let x = start; out.length < count; x++) {
    const y = sqrtFp((x * x * x + 4n) % P);
    if (y !== undefined) out.push({ x, y });
  }
  return out;
}
function curvePointsG2(start: bigint, count: number): AffineG2[] {
  const out: AffineG2[] = [];
  for (let c0 = start; out.length < count; c0++) {
    const x = { c0, c1: c0 + 1n };
    const y = sqrtFp2(NobleFp2.add(NobleFp2.mul(NobleFp2.sqr(x), x), G2_B));
    if (y !== undefined) out.push({ x, y });
  }
  return out;
}

describe('G1 Jacobian arithmetic (fast/g1.ts)', () => {
  it('doubles and adds like noble on random points, with z = 1 and z ≠ 1', () => {
    fc.assert(
      fc.property(scalar, scalar, fc.bigInt({ min: 2n, max: P - 1n }), (a, b, z) => {
        const pa = affine1(a);
        const pb = affine1(b);
        const sum = G1.BASE.multiply(a).add(G1.BASE.multiply(b)).toAffine();
        expect(jac1ToAffine(g1AddAffine(scaled1(pa, z), pb))).toEqual(sum);
        expect(jac1ToAffine(g1Add(scaled1(pa, z), scaled1(pb, z + 1n)))).toEqual(sum);
        expect(jac1ToAffine(g1Double(scaled1(pa, z)))).toEqual(G1.BASE.multiply(a).double().toAffine());
      }),
      { numRuns: 10 },
    );
  });

  it('handles the special cases of addition: P + P, P + (−P), ∞ + Q', () => {
    const p = affine1(5n);
    const neg = { x: p.x, y: P - p.y };
    expect(jac1ToAffine(g1AddAffine(scaled1(p, 3n), p))).toEqual(affine1(10n));
    expect(g1AddAffine(scaled1(p, 3n), neg).z).toBe(0n);
    expect(g1Add(scaled1(p, 3n), scaled1(neg, 5n)).z).toBe(0n);
    expect(jac1ToAffine(g1Add(scaled1(p, 3n), scaled1(p, 5n)))).toEqual(affine1(10n));
    expect(jac1ToAffine(g1AddAffine({ x: 1n, y: 1n, z: 0n }, p))).toEqual(p);
    expect(g1Double({ x: 1n, y: 1n, z: 0n }).z).toBe(0n);
  });

  it('uses a primitive cube root of unity β for which φ = [−x²] on random G1 points', () => {
    expect(BETA).not.toBe(1n);
    expect((BETA * BETA * BETA) % P).toBe(1n);
    const lambda = (BLS12_381_ORDER - ((BLS_X_ABS * BLS_X_ABS) % BLS12_381_ORDER)) % BLS12_381_ORDER;
    fc.assert(
      fc.property(scalar, (k) => {
        const q = affine1(k);
        expect({ x: (q.x * BETA) % P, y: q.y }).toEqual(G1.BASE.multiply(k).multiply(lambda).toAffine());
      }),
      { numRuns: 5 },
    );
  });

  it('accepts G1 points and rejects on-curve points outside it, like noble isTorsionFree', () => {
    fc.assert(
      fc.property(scalar, (k) => {
        expect(g1IsInSubgroup(affine1(k))).toBe(true);
      }),
      { numRuns: 10 },
    );
    for (const q of curvePointsG1(1n, 12)) {
      expect(g1IsOnCurve(q)).toBe(true);
      expect(g1IsInSubgroup(q)).toBe(G1.fromAffine(q).isTorsionFree());
    }
  });
});

describe('G2 Jacobian arithmetic, ψ and the subgroup check (fast/g2.ts)', () => {
  it('doubles and adds like noble on random points', () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        const pa = affine2(a);
        const pb = affine2(b);
        const sum = G2.BASE.multiply(a).add(G2.BASE.multiply(b)).toAffine();
        const jb: JacobianG2 = { ...pb, z: { c0: 1n, c1: 0n } };
        const twice = g2Double({ ...pa, z: { c0: 1n, c1: 0n } });
        expect(jac2ToAffine(twice)).toEqual(G2.BASE.multiply(a).double().toAffine());
        // twice has z ≠ 1: exercise both additions on a general Jacobian input.
        const expected = G2.BASE.multiply(a).double().add(G2.BASE.multiply(b)).toAffine();
        expect(jac2ToAffine(g2AddAffine(twice, pb))).toEqual(expected);
        expect(jac2ToAffine(g2Add(twice, jb))).toEqual(expected);
        expect(jac2ToAffine(g2Add(jb, twice))).toEqual(expected);
        expect(jac2ToAffine(g2AddAffine({ ...pa, z: { c0: 1n, c1: 0n } }, pb))).toEqual(sum);
      }),
      { numRuns: 5 },
    );
    const p = affine2(9n);
    const one = { c0: 1n, c1: 0n };
    expect(jac2ToAffine(g2AddAffine({ ...p, z: one }, p))).toEqual(affine2(18n));
    expect(g2AddAffine({ ...p, z: one }, { x: p.x, y: NobleFp2.neg(p.y) }).z).toEqual({ c0: 0n, c1: 0n });
  });

  it('has ψ acting as [x] on the generator and on random G2 points (cross-check with noble multiply)', () => {
    for (const k of [1n, 2n, 0xdeadbeefn]) {
      const q = affine2(k);
      const byX = G2.BASE.multiply(k)
        .multiply(BLS12_381_ORDER - BLS_X_ABS)
        .toAffine();
      expect(g2Psi(q)).toEqual(byX);
      expect(jac2ToAffine(g2MulByX(q))).toEqual(byX);
    }
  });

  it('accepts G2 points and rejects on-twist points outside it, like noble isTorsionFree', () => {
    fc.assert(
      fc.property(scalar, (k) => {
        expect(g2IsInSubgroup(affine2(k))).toBe(true);
      }),
      { numRuns: 5 },
    );
    for (const q of curvePointsG2(1n, 6)) {
      expect(g2IsOnCurve(q)).toBe(true);
      expect(g2IsInSubgroup(q)).toBe(G2.fromAffine(q).isTorsionFree());
    }
  });
});
