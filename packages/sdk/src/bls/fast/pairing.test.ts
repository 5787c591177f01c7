import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { modP } from './fp.js';
import { cyclotomicPowAbsX, fp12CyclotomicSqr } from './cyclotomic.js';
import { type Fp12, FP12_ONE, fp12Canonical, fp12IsOne, fp12Mul, fp12MulBy014, fp12Sqr } from './fp12.js';
import { fp12Frobenius, fp12Inv } from './fp12-frobenius.js';
import { finalExponentiation, g2Lines, millerLoop, pairingProductIsOne } from './pairing.js';

const { Fp12: NobleFp12 } = bls12_381.fields;
const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
type NobleFp12T = ReturnType<typeof NobleFp12.mul>;
const ORDER = bls12_381.fields.Fr.ORDER;

function toFlat(a: NobleFp12T): bigint[] {
  const out: bigint[] = [];
  for (const c of [a.c0, a.c1]) for (const d of [c.c0, c.c1, c.c2]) out.push(d.c0, d.c1);
  return out;
}

function fromFlat(a: Fp12): NobleFp12T {
  const c = fp12Canonical(a);
  const fp2 = (k: number) => ({ c0: c[2 * k]!, c1: c[2 * k + 1]! });
  return NobleFp12.create({
    c0: { c0: fp2(0), c1: fp2(1), c2: fp2(2) },
    c1: { c0: fp2(3), c1: fp2(4), c2: fp2(5) },
  });
}

const fpElement = fc.bigInt({ min: 0n, max: bls12_381.fields.Fp.ORDER - 1n });
const fp12Element = fc.array(fpElement, { minLength: 12, maxLength: 12 });
const scalar = fc.bigInt({ min: 1n, max: ORDER - 1n });

function pairingFlat(p: InstanceType<typeof G1>, q: InstanceType<typeof G2>): bigint[] {
  const pa = p.toAffine();
  return fp12Canonical(finalExponentiation(millerLoop([{ p: pa, lines: g2Lines(q.toAffine()) }])));
}

describe('Fp12 (fast/fp12.ts) against noble', () => {
  it('multiplies, squares, inverts and applies Frobenius like noble', () => {
    fc.assert(
      fc.property(fp12Element, fp12Element, (a, b) => {
        const na = fromFlat(a);
        const nb = fromFlat(b);
        expect(fp12Canonical(fp12Mul(a, b))).toEqual(toFlat(NobleFp12.mul(na, nb)));
        expect(fp12Canonical(fp12Sqr(a))).toEqual(toFlat(NobleFp12.sqr(na)));
        expect(fp12Canonical(fp12Inv(a))).toEqual(toFlat(NobleFp12.inv(na)));
        for (const n of [1, 2, 3] as const) expect(fp12Canonical(fp12Frobenius(a, n))).toEqual(toFlat(NobleFp12.frobeniusMap(na, n)));
      }),
      { numRuns: 20 },
    );
  });

  it('multiplies by a sparse line like a full product', () => {
    fc.assert(
      fc.property(fp12Element, fc.array(fpElement, { minLength: 6, maxLength: 6 }), (a, o) => {
        const line = [o[0]!, o[1]!, o[2]!, o[3]!, 0n, 0n, 0n, 0n, o[4]!, o[5]!, 0n, 0n];
        expect(fp12Canonical(fp12MulBy014(a, o[0]!, o[1]!, o[2]!, o[3]!, o[4]!, o[5]!))).toEqual(fp12Canonical(fp12Mul(a, line)));
      }),
      { numRuns: 20 },
    );
  });

  it('squares in the cyclotomic subgroup like a full square', () => {
    fc.assert(
      fc.property(fp12Element, (a) => {
        // a^((p⁶ − 1)(p² + 1)) lies in the cyclotomic subgroup.
        const na = fromFlat(a);
        const e = NobleFp12.div(NobleFp12.frobeniusMap(na, 6), na);
        const c = toFlat(NobleFp12.mul(NobleFp12.frobeniusMap(e, 2), e));
        expect(fp12Canonical(fp12CyclotomicSqr(c))).toEqual(fp12Canonical(fp12Sqr(c)));
        // The compressed-squaring exponentiation by |x| against plain square-and-multiply.
        let naive: Fp12 = FP12_ONE;
        for (const bit of 0xd201000000010000n.toString(2)) {
          naive = fp12Sqr(naive);
          if (bit === '1') naive = fp12Mul(naive, c);
        }
        expect(fp12Canonical(cyclotomicPowAbsX(c))).toEqual(fp12Canonical(naive));
        expect(fp12IsOne(cyclotomicPowAbsX(FP12_ONE))).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it('accepts signed representatives', () => {
    const one = [1n - bls12_381.fields.Fp.ORDER, ...new Array<bigint>(11).fill(0n)];
    expect(fp12IsOne(one)).toBe(true);
    expect(modP(-1n)).toBe(bls12_381.fields.Fp.ORDER - 1n);
  });
});

describe('pairing (fast/pairing.ts) against noble', () => {
  it('equals noble pairing on the generators and random multiples', () => {
    expect(pairingFlat(G1.BASE, G2.BASE)).toEqual(toFlat(bls12_381.pairing(G1.BASE, G2.BASE)));
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        const p = G1.BASE.multiply(a);
        const q = G2.BASE.multiply(b);
        expect(pairingFlat(p, q)).toEqual(toFlat(bls12_381.pairing(p, q)));
      }),
      { numRuns: 4 },
    );
  });

  it('inverts under negation of either argument and handles the generators', () => {
    fc.assert(
      fc.property(scalar, (a) => {
        const p = G1.BASE.multiply(a).toAffine();
        const q = G2.BASE.multiply(a);
        const lq = g2Lines(q.toAffine());
        const lqNeg = g2Lines(q.negate().toAffine());
        const pNeg = { x: p.x, y: bls12_381.fields.Fp.neg(p.y) };
        expect(
          pairingProductIsOne([
            { p, lines: lq },
            { p: pNeg, lines: lq },
          ]),
        ).toBe(true);
        expect(
          pairingProductIsOne([
            { p, lines: lq },
            { p, lines: lqNeg },
          ]),
        ).toBe(true);
        expect(pairingProductIsOne([{ p, lines: lq }])).toBe(false);
      }),
      { numRuns: 3 },
    );
    // e(G1, G2) is not 1 (non-degeneracy), and a product of zero pairings is.
    expect(pairingProductIsOne([{ p: G1.BASE.toAffine(), lines: g2Lines(G2.BASE.toAffine()) }])).toBe(false);
    expect(pairingProductIsOne([])).toBe(true);
  });

  it('is bilinear and detects products equal to one', () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        const p = G1.BASE.multiply(a);
        const q = G2.BASE.multiply(b);
        const ab = G1.BASE.multiply((a * b) % ORDER);
        // e(aG1, bG2) · e(−abG1, G2) = 1, and e(aG1, bG2) · e(abG1, G2) ≠ 1.
        const lq = g2Lines(q.toAffine());
        const lg = g2Lines(G2.BASE.toAffine());
        expect(
          pairingProductIsOne([
            { p: p.toAffine(), lines: lq },
            { p: ab.negate().toAffine(), lines: lg },
          ]),
        ).toBe(true);
        expect(
          pairingProductIsOne([
            { p: p.toAffine(), lines: lq },
            { p: ab.toAffine(), lines: lg },
          ]),
        ).toBe(false);
      }),
      { numRuns: 3 },
    );
  });
});
