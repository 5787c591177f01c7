import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { batchInvFp, invFp, modP, P, powFp, powPMinus3Div4, sqrtFp } from './fp.js';
import { type Fp2, fp2Inv, fp2IsLarger, fp2Mul, fp2Sqr, sqrtFp2 } from './fp2.js';

// noble's fields are the independent reference for every differential check below.
const { Fp, Fp2: NobleFp2 } = bls12_381.fields;
const fpElement = fc.bigInt({ min: 0n, max: P - 1n });
const fp2Element = fc.record({ c0: fpElement, c1: fpElement });

function nobleSqrt(a: bigint): bigint | undefined {
  try {
    return Fp.sqrt(a);
  } catch {
    return undefined;
  }
}

function nobleSqrt2(a: Fp2): Fp2 | undefined {
  try {
    return NobleFp2.sqrt(a);
  } catch {
    return undefined;
  }
}

describe('Fp (fast/fp.ts)', () => {
  it('reduces negative and oversized values like the mathematical mod', () => {
    expect(modP(-1n)).toBe(P - 1n);
    expect(modP(P)).toBe(0n);
    expect(modP(-P * P - 5n)).toBe(P - 5n);
    expect(modP(P * P + 7n)).toBe(7n);
  });

  it('raises to (p - 3)/4 like noble Fp.pow', () => {
    fc.assert(
      fc.property(fpElement, (a) => {
        expect(powPMinus3Div4(a)).toBe(Fp.pow(a, (P - 3n) / 4n));
      }),
      { numRuns: 30 },
    );
    expect(powFp(3n, 1000n)).toBe(Fp.pow(3n, 1000n));
  });

  it('finds a square root exactly when noble does (squares and non-squares)', () => {
    fc.assert(
      fc.property(fpElement, (a) => {
        const ours = sqrtFp(a);
        const theirs = nobleSqrt(a);
        expect(ours === undefined).toBe(theirs === undefined);
        if (ours !== undefined) expect((ours * ours) % P).toBe(a);
        const square = (a * a) % P;
        const root = sqrtFp(square);
        expect(root === a || root === modP(-a)).toBe(true);
      }),
      { numRuns: 40 },
    );
    expect(sqrtFp(0n)).toBe(0n);
    // −1 is not a square since p ≡ 3 (mod 4).
    expect(sqrtFp(P - 1n)).toBeUndefined();
  });

  it('inverts one and many elements', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: P - 1n }), { minLength: 1, maxLength: 8 }), (values) => {
        const inverses = batchInvFp(values);
        values.forEach((v, i) => {
          expect(inverses[i]).toBe(Fp.inv(v));
          expect(invFp(v)).toBe(Fp.inv(v));
        });
      }),
      { numRuns: 20 },
    );
    expect(invFp(1n)).toBe(1n);
    expect(invFp(P - 1n)).toBe(P - 1n);
  });
});

describe('Fp2 (fast/fp2.ts)', () => {
  it('multiplies, squares and inverts like noble Fp2', () => {
    fc.assert(
      fc.property(fp2Element, fp2Element, (a, b) => {
        expect(fp2Mul(a, b)).toEqual(NobleFp2.mul(a, b));
        expect(fp2Sqr(a)).toEqual(NobleFp2.sqr(a));
        if (a.c0 !== 0n || a.c1 !== 0n) expect(fp2Inv(a)).toEqual(NobleFp2.inv(a));
      }),
      { numRuns: 40 },
    );
  });

  it('finds a square root exactly when noble does, on random elements and on squares', () => {
    fc.assert(
      fc.property(fp2Element, (a) => {
        const ours = sqrtFp2(a);
        expect(ours === undefined).toBe(nobleSqrt2(a) === undefined);
        if (ours !== undefined) expect(fp2Sqr(ours)).toEqual(a);
        const square = fp2Sqr(a);
        const root = sqrtFp2(square);
        expect(root).toBeDefined();
        expect(fp2Sqr(root!)).toEqual(square);
      }),
      { numRuns: 30 },
    );
  });

  it('handles the a1 = 0 and a = 0 corner cases of the complex method', () => {
    expect(sqrtFp2({ c0: 0n, c1: 0n })).toEqual({ c0: 0n, c1: 0n });
    // Every element of Fp is a square in Fp2: a non-square of Fp has a purely imaginary root.
    for (const a0 of [1n, 2n, 3n, 4n, 5n, P - 1n, P - 4n]) {
      const root = sqrtFp2({ c0: a0, c1: 0n });
      expect(root).toBeDefined();
      expect(fp2Sqr(root!)).toEqual({ c0: a0, c1: 0n });
      expect(root!.c0 === 0n || root!.c1 === 0n).toBe(true);
    }
    // Purely imaginary a (a0 = 0): γ = ±a1 and δ = ±a1/2, exercising both branches over a few values.
    for (const a1 of [1n, 2n, 3n, 7n, P - 1n, P - 2n]) {
      const root = sqrtFp2({ c0: 0n, c1: a1 });
      expect(root).toBeDefined();
      expect(fp2Sqr(root!)).toEqual({ c0: 0n, c1: a1 });
    }
  });

  it('orders roots as the ZCash "larger y" flag does (c1 first, c0 when c1 = 0)', () => {
    const half = (P - 1n) / 2n;
    expect(fp2IsLarger({ c0: 0n, c1: half + 1n })).toBe(true);
    expect(fp2IsLarger({ c0: P - 1n, c1: half })).toBe(false);
    expect(fp2IsLarger({ c0: half + 1n, c1: 0n })).toBe(true);
    expect(fp2IsLarger({ c0: half, c1: 0n })).toBe(false);
  });
});
