import { describe, expect, it } from 'vitest';
import { isMithrilError } from '../errors.js';
import { correctlyRoundedLn1mPhi, decomposeDouble } from './ln.js';

/** `exp(num / den) · 2^bits` for `num / den ≥ 0`, by the plain Taylor series (independent of ln.ts). */
function expFixed(num: bigint, den: bigint, bits: number): { value: bigint; maxError: bigint } {
  const one = 1n << BigInt(bits);
  const x = (num * one) / den;
  let term = one;
  let sum = 0n;
  let n = 0n;
  while (term !== 0n) {
    sum += term;
    n += 1n;
    term = (term * x) / (n * one);
  }
  // Each term is truncated at most once per step; the terms number far fewer than 1000.
  return { value: sum, maxError: 1000n };
}

/**
 * Whether `ln(x) < m` for a positive double `x` and a negative dyadic `m = mNum · 2^mExp`, decided through
 * `x < exp(m) ⇔ x · exp(−m) < 1` with a fixed-point exponential and an explicit error bound.
 */
function lnIsBelow(x: number, mNum: bigint, mExp: number): boolean {
  expect(mNum < 0n).toBe(true);
  const bits = 400;
  const neg = -mNum;
  const [num, den] = mExp >= 0 ? [neg << BigInt(mExp), 1n] : [neg, 1n << BigInt(-mExp)];
  const { value, maxError } = expFixed(num, den, bits);
  const { mantissa, exponent } = decomposeDouble(x);
  // x · exp(−m) · 2^bits = mantissa · value · 2^exponent ; compare with 2^bits.
  const shift = bits - exponent;
  const target = 1n << BigInt(shift);
  const product = mantissa * value;
  const slack = mantissa * maxError;
  expect(product - slack > target || product + slack < target).toBe(true);
  return product + slack < target;
}

function midpoint(a: number, b: number): { num: bigint; exp: number } {
  const da = decomposeDouble(a);
  const db = decomposeDouble(b);
  const e = Math.min(da.exponent, db.exponent);
  const sum = (da.mantissa << BigInt(da.exponent - e)) + (db.mantissa << BigInt(db.exponent - e));
  return { num: sum, exp: e - 1 };
}

/** The adjacent double of a negative `v`: `step = 1n` is one ulp more negative, `-1n` one ulp closer to 0. */
function neighbour(v: number, step: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  view.setBigUint64(0, view.getBigUint64(0) + step);
  return view.getFloat64(0);
}

function ulpDistance(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe('decomposeDouble', () => {
  it('gives the exact value of doubles', () => {
    for (const v of [0.8, -0.2231435513142097, 1, 2 ** -1074, 1.5e300, -3.25, Number.MAX_VALUE]) {
      const { mantissa, exponent } = decomposeDouble(v);
      expect(Number(mantissa) * 2 ** exponent).toBe(v);
    }
    expect(decomposeDouble(0)).toEqual({ mantissa: 0n, exponent: 0 });
  });

  it('rejects non-finite values', () => {
    for (const v of [Number.NaN, Infinity, -Infinity]) {
      expect(() => decomposeDouble(v)).toThrow(expect.objectContaining({ code: 'STM_INVALID_PARAMETERS' }));
    }
  });
});

describe('correctlyRoundedLn1mPhi', () => {
  it('agrees with Math.log on the production values (spec stm.md §3.5)', () => {
    for (const phi of [0.2, 0.5, 0.65, 0.7, 0.8, 0.9, 0.95]) {
      expect(correctlyRoundedLn1mPhi(phi)).toBe(Math.log(1 - phi));
    }
  });

  it('matches exactly known logarithms', () => {
    // Math.LN2 is the correctly rounded ln 2, and scaling by 2 is exact.
    expect(correctlyRoundedLn1mPhi(0.5)).toBe(-Math.LN2);
    expect(correctlyRoundedLn1mPhi(0.75)).toBe(-2 * Math.LN2);
    expect(correctlyRoundedLn1mPhi(0)).toBe(0);
    expect(correctlyRoundedLn1mPhi(1e-300)).toBe(0);
    // ln(1 − 2^-53) = −2^-53 − 2^-107 − …, nearest double −2^-53.
    expect(correctlyRoundedLn1mPhi(2 ** -53)).toBe(-(2 ** -53));
    // 1 − (1 − 2^-52) = 2^-52 exactly.
    expect(correctlyRoundedLn1mPhi(1 - 2 ** -52)).toBe(-52 * Math.LN2);
  });

  it('is within 1 ulp of Math.log on 0.001 … 0.999 and on the correct side where they differ', () => {
    const differing: number[] = [];
    for (let i = 1; i <= 999; i++) {
      const phi = i / 1000;
      const x = 1 - phi;
      const ours = correctlyRoundedLn1mPhi(phi);
      const v8 = Math.log(x);
      expect(ulpDistance(ours, v8)).toBeLessThanOrEqual(1);
      if (ours !== v8) {
        differing.push(phi);
        // The true ln(x) lies on our side of the midpoint between the two candidates.
        const { num, exp } = midpoint(ours, v8);
        expect(lnIsBelow(x, num, exp)).toBe(ours < v8);
      }
      // Correct rounding, independently of Math.log: ln(x) lies strictly between the midpoints to both neighbours.
      const below = midpoint(ours, neighbour(ours, 1n));
      const above = midpoint(ours, neighbour(ours, -1n));
      expect(lnIsBelow(x, below.num, below.exp)).toBe(false);
      expect(lnIsBelow(x, above.num, above.exp)).toBe(true);
    }
    // The spec counts 82 differences with V8; allow for engine changes but require the listed ones.
    expect(differing.length).toBeGreaterThan(20);
    expect(differing.length).toBeLessThan(200);
    for (const phi of [0.077, 0.155, 0.247, 0.334, 0.61, 0.99]) expect(differing).toContain(phi);
  });

  it('rejects phi_f that leaves no logarithm', () => {
    for (const phi of [1, 1.5, Number.NaN, Infinity]) {
      let caught: unknown;
      try {
        correctlyRoundedLn1mPhi(phi);
      } catch (e) {
        caught = e;
      }
      expect(isMithrilError(caught, 'STM_INVALID_PARAMETERS')).toBe(true);
    }
  });
});
