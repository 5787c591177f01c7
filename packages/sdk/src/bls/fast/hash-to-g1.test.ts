import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { invFp, P, powFp, sqrtFp } from './fp.js';
import { type AffineG1, g1IsInSubgroup, g1IsOnCurve, g1ToAffine } from './g1.js';
import { ISO_A, ISO_B, isogenyToG1, mapToG1, mapToG1Pair, mapToIsoCurve, SSWU_Z, sqrtRatio } from './hash-to-g1.js';

type NobleG1 = InstanceType<typeof bls12_381.G1.Point>;
// noble's G1 mapToCurve takes one field element and returns the cofactor-cleared point (RFC 9380 encode_to_curve
// after hash_to_field): the independent reference for our map.
const nobleMap = bls12_381.G1.mapToCurve as unknown as (u: bigint) => NobleG1;
const fieldElement = fc.bigInt({ min: 0n, max: P - 1n });

function nobleAffine(p: NobleG1): AffineG1 | null {
  return p.is0() ? null : p.toAffine();
}

/** u with Z²u⁴ + Zu² = 0 and u ≠ 0, i.e. u² = −1/Z: a square, since −Z is one (p ≡ 3 mod 4, Z a non-square). */
const exceptionalU = (() => {
  const root = sqrtFp((P - invFp(SSWU_Z)) % P);
  if (root === undefined) throw new Error('-1/Z should be a square');
  return root;
})();

describe('sqrtRatio (RFC 9380 F.2.1.2)', () => {
  it('returns sqrt(u/v) when it exists and sqrt(Z·u/v) otherwise', () => {
    fc.assert(
      fc.property(fieldElement, fc.bigInt({ min: 1n, max: P - 1n }), (u, v) => {
        const { isSquare, y } = sqrtRatio(u, v);
        const expectedSquare = u === 0n || powFp((u * invFp(v)) % P, (P - 1n) / 2n) === 1n;
        expect(isSquare).toBe(expectedSquare);
        expect((((y * y) % P) * v) % P).toBe(isSquare ? u : (SSWU_Z * u) % P);
      }),
      { numRuns: 30 },
    );
  });
});

describe('mapToIsoCurve (simplified SWU, RFC 9380 §6.6.2)', () => {
  function onIsoCurve(xn: bigint, xd: bigint, y: bigint): boolean {
    const x = (xn * invFp(xd)) % P;
    return (y * y) % P === (((x * x + ISO_A) % P) * x + ISO_B) % P;
  }

  it('lands on E′ with sgn0(y) = sgn0(u), for random u and the exceptional ones', () => {
    for (const u of [0n, 1n, P - 1n, exceptionalU, P - exceptionalU, ...fc.sample(fieldElement, 20)]) {
      const { xn, xd, y } = mapToIsoCurve(u);
      expect(xd).not.toBe(0n);
      expect(onIsoCurve(xn, xd, y)).toBe(true);
      expect(y & 1n).toBe(u & 1n);
    }
  });

  it('takes the exceptional branch (denominator Z·A′) for u = 0 and u² = −1/Z', () => {
    const za = (SSWU_Z * ISO_A) % P;
    for (const u of [0n, exceptionalU, P - exceptionalU]) {
      expect(mapToIsoCurve(u).xd).toBe(za);
      // x′ = B′/(Z·A′) for both: RFC 9380 §6.6.2, the point that makes the map total.
      const { xn } = mapToIsoCurve(u);
      expect(xn).toBe(ISO_B);
    }
  });
});

describe('isogenyToG1 (11-isogeny, RFC 9380 Appendix E.2)', () => {
  it('sends points of E′ onto E (a wrong constant would almost surely leave the curve)', () => {
    fc.assert(
      fc.property(fieldElement, (u) => {
        const image = isogenyToG1(mapToIsoCurve(u));
        expect(image.z).not.toBe(0n);
        expect(g1IsOnCurve(g1ToAffine(image, invFp(image.z)))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('sends the identity of E′ (x′ = 1/0) to infinity', () => {
    expect(isogenyToG1({ xn: 1n, xd: 0n, y: 1n }).z).toBe(0n);
  });
});

describe('mapToG1 and mapToG1Pair', () => {
  it('equal noble mapToCurve on fixed, exceptional and random field elements', () => {
    const inputs = [0n, 1n, 2n, P - 1n, exceptionalU, P - exceptionalU];
    for (const u of inputs) expect(mapToG1(u)).toEqual(nobleAffine(nobleMap(u)));
    fc.assert(
      fc.property(fieldElement, (u) => {
        expect(mapToG1(u)).toEqual(nobleAffine(nobleMap(u)));
      }),
      { numRuns: 15 },
    );
  });

  it('clear the cofactor of the sum: in G1 and equal to the sum of the cleared points', () => {
    fc.assert(
      fc.property(fieldElement, fieldElement, (u0, u1) => {
        const ours = mapToG1Pair(u0, u1);
        expect(ours).toEqual(nobleAffine(nobleMap(u0).add(nobleMap(u1))));
        expect(ours !== null && g1IsInSubgroup(ours)).toBe(true);
      }),
      { numRuns: 15 },
    );
  });

  it('handle u0 = u1 (a doubling) and u1 = −u0 (opposite points: same x′, y signs from u of opposite parity)', () => {
    for (const u of [5n, 0n]) expect(mapToG1Pair(u, u)).toEqual(nobleAffine(nobleMap(u).double()));
    expect(mapToG1Pair(7n, P - 7n)).toBeNull();
    expect(
      nobleMap(7n)
        .add(nobleMap(P - 7n))
        .is0(),
    ).toBe(true);
  });
});
