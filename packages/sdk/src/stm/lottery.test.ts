import { golden, goldenFile } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMithrilError } from '../errors.js';
import { U64_MAX, bytesToHex, concatBytes, hexToBytes } from '../utils/bytes.js';
import { correctlyRoundedLn1mPhi, decomposeDouble } from './ln.js';
import { createLotteryEvaluator, isLotteryWonExact, lotteryValue } from './lottery.js';

const EV_MAX = 1n << 512n;

function evBytes(e: bigint): Uint8Array {
  const out = new Uint8Array(64);
  let v = e;
  for (let i = 0; i < 64; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isMithrilError(e) ? e.code : `not a MithrilError: ${String(e)}`;
  }
  return undefined;
}

/**
 * `floor(2^512 · (1 − exp(−x)))` with `x = (stake / total) · |c|`, `c` the double ln(1 − phi_f): the mathematical
 * threshold on `e`, computed with an independent fixed-point exponential (error ≪ 1 unit at 2^-512).
 */
function thresholdE(phiF: number, stake: bigint, total: bigint): bigint {
  const bits = 700n;
  const one = 1n << bits;
  const { mantissa, exponent } = decomposeDouble(correctlyRoundedLn1mPhi(phiF));
  const cAbs = mantissa < 0n ? -mantissa : mantissa;
  const xFixed = exponent >= 0 ? (stake * (cAbs << BigInt(exponent)) * one) / total : (stake * cAbs * one) / (total << BigInt(-exponent));
  // exp(x) = exp(x / 2^s)^(2^s) keeps the series short for large x.
  let s = 0n;
  while (xFixed >> s > one) s += 1n;
  const reduced = xFixed >> s;
  let term = one;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n++) {
    sum += term;
    term = (term * reduced) / (n * one);
  }
  for (let i = 0n; i < s; i++) sum = (sum * sum) >> bits;
  const expMinusX = (one * one) / sum;
  return ((one - expMinusX) << 512n) >> bits;
}

describe('lotteryValue', () => {
  const values = goldenFile().derived_values;
  const root = hexToBytes(values.root_two_party_registration!);
  const msgp = concatBytes(new Uint8Array(16), root);
  const sigma0 = hexToBytes(values.sigma_party0!);

  it('hashes "map" ‖ msgp ‖ u64_le(index) ‖ sigma (spec stm.md §10 intermediate values)', () => {
    const ev1 = bytesToHex(lotteryValue(msgp, 1, sigma0));
    expect(ev1.startsWith('bc60b0d6')).toBe(true);
    expect(ev1.endsWith('3b213959')).toBe(true);
    const ev0 = bytesToHex(lotteryValue(msgp, 0, sigma0));
    expect(ev0.startsWith('3d5a33e4')).toBe(true);
    expect(ev0.endsWith('b85b85ad')).toBe(true);
  });

  it('rejects a bad sigma length or index', () => {
    expect(errorCode(() => lotteryValue(msgp, 0, sigma0.subarray(1)))).toBe('ENCODING_INVALID_LENGTH');
    expect(errorCode(() => lotteryValue(msgp, -1, sigma0))).toBe('ENCODING_INTEGER_OUT_OF_RANGE');
    expect(errorCode(() => lotteryValue(msgp, 1.5, sigma0))).toBe('ENCODING_INTEGER_OUT_OF_RANGE');
  });
});

describe('golden single signatures (m = 10, phi_f = 0.8, stake 1 of 2)', () => {
  const values = goldenFile().derived_values;
  const msgp = concatBytes(new Uint8Array(16), hexToBytes(values.root_two_party_registration!));
  const wonIndexes = (sigmaHex: string, decide: (ev: Uint8Array) => boolean): number[] => {
    const sigma = hexToBytes(sigmaHex);
    const won: number[] = [];
    for (let i = 0; i < 10; i++) if (decide(lotteryValue(msgp, i, sigma))) won.push(i);
    return won;
  };

  it('party 0 wins the indexes of the single_signature.json vector', () => {
    const expected = (golden('single_signature.json').expected_json as { indexes: number[] }).indexes;
    expect(expected).toEqual([1, 4, 5, 8]);
    expect(wonIndexes(values.sigma_party0!, (ev) => isLotteryWonExact(0.8, ev, 1n, 2n))).toEqual(expected);
    expect(wonIndexes(values.sigma_party0!, createLotteryEvaluator(0.8, 1n, 2n))).toEqual(expected);
  });

  it('party 1 wins [0, 3, 4, 5, 6] (fixture cross-checks, before aggregation)', () => {
    expect(wonIndexes(values.sigma_party1!, (ev) => isLotteryWonExact(0.8, ev, 1n, 2n))).toEqual([0, 3, 4, 5, 6]);
    expect(wonIndexes(values.sigma_party1!, createLotteryEvaluator(0.8, 1n, 2n))).toEqual([0, 3, 4, 5, 6]);
  });
});

describe('edge cases (spec stm.md §3.4)', () => {
  const zero = evBytes(0n);
  const max = evBytes(EV_MAX - 1n);
  const mid = evBytes(EV_MAX / 3n);
  const both = (phi: number, ev: Uint8Array, stake: bigint, total: bigint): boolean => {
    const exact = isLotteryWonExact(phi, ev, stake, total);
    expect(createLotteryEvaluator(phi, stake, total)(ev)).toBe(exact);
    return exact;
  };

  it('phi_f within 2^-52 of 1 always wins, even with stake 0 or the largest ev', () => {
    for (const phi of [1, 1 - 2 ** -53]) {
      expect(both(phi, max, 0n, 10n)).toBe(true);
      expect(both(phi, zero, 5n, 10n)).toBe(true);
    }
    // 1 − 2^-52 is not within the window: it goes through the Taylor test (stake 0 ⇒ lose).
    expect(both(1 - 2 ** -52, zero, 0n, 10n)).toBe(false);
    expect(both(1 - 2 ** -52, mid, 1n, 10n)).toBe(true);
  });

  it('phi_f = 0 and stake = 0 always lose, including ev = 0', () => {
    for (const ev of [zero, mid, max]) {
      expect(both(0, ev, 5n, 10n)).toBe(false);
      expect(both(0.5, ev, 0n, 10n)).toBe(false);
      expect(both(1e-300, ev, 5n, 10n)).toBe(false);
    }
  });

  it('ev = 0 wins whenever x > 0; the largest ev loses', () => {
    expect(both(0.2, zero, 1n, 2n ** 63n)).toBe(true);
    expect(both(1e-12, zero, 1n, U64_MAX)).toBe(true);
    expect(both(0.95, max, 10n, 10n)).toBe(false);
  });

  it('handles stake > total and x far beyond the M = 3 range deterministically', () => {
    expect(both(0.95, mid, 20n, 10n)).toBe(isLotteryWonExact(0.95, mid, 20n, 10n));
    // x ≈ 5.5e19: the error term never falls below the partial sum within 1000 rounds ⇒ undecided ⇒ lose.
    expect(both(0.95, zero, U64_MAX, 1n)).toBe(false);
  });

  it('rejects zero total stake, phi_f out of range, non-u64 stakes and bad ev lengths', () => {
    expect(errorCode(() => isLotteryWonExact(0.2, mid, 1n, 0n))).toBe('STM_ZERO_TOTAL_STAKE');
    expect(errorCode(() => createLotteryEvaluator(0.2, 1n, 0n))).toBe('STM_ZERO_TOTAL_STAKE');
    expect(errorCode(() => isLotteryWonExact(1, mid, 1n, 0n))).toBe('STM_ZERO_TOTAL_STAKE');
    for (const phi of [1 + 2 ** -52, 2, -0.1, Number.NaN]) {
      expect(errorCode(() => isLotteryWonExact(phi, mid, 1n, 2n))).toBe('STM_INVALID_PARAMETERS');
      expect(errorCode(() => createLotteryEvaluator(phi, 1n, 2n))).toBe('STM_INVALID_PARAMETERS');
    }
    expect(errorCode(() => isLotteryWonExact(0.2, mid, -1n, 2n))).toBe('STM_INVALID_PARAMETERS');
    expect(errorCode(() => createLotteryEvaluator(0.2, 1n, U64_MAX + 1n))).toBe('STM_INVALID_PARAMETERS');
    expect(errorCode(() => isLotteryWonExact(0.2, mid.subarray(1), 1n, 2n))).toBe('ENCODING_INVALID_LENGTH');
    expect(errorCode(() => createLotteryEvaluator(0.2, 1n, 2n)(mid.subarray(1)))).toBe('ENCODING_INVALID_LENGTH');
    expect(errorCode(() => createLotteryEvaluator(1, 1n, 2n)(new Uint8Array(65)))).toBe('ENCODING_INVALID_LENGTH');
  });
});

describe('evaluator agrees with isLotteryWonExact', () => {
  const TOTAL = 22_000_000_000_000_000n;
  const stakes = [1n, 1_000_000_000n, TOTAL / 300n, TOTAL / 10n];
  const phis = [0.2, 0.65, 0.95];
  const configs = phis.flatMap((phi) => stakes.map((stake) => ({ phi, stake, total: TOTAL })));
  // Outside the M = 3 range (x = 3) and with stake > total, the filter is off; the thresholds must still agree.
  configs.push({ phi: 0.95, stake: TOTAL, total: TOTAL }, { phi: 0.5, stake: 5n, total: 2n });

  it('on random ev values', () => {
    for (const { phi, stake, total } of configs) {
      const evaluate = createLotteryEvaluator(phi, stake, total);
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (ev) => {
          expect(evaluate(ev)).toBe(isLotteryWonExact(phi, ev, stake, total));
        }),
        { numRuns: 60 },
      );
    }
  });

  it('on ev values at and around the threshold, from 2^0 to 2^511 away', () => {
    for (const { phi, stake, total } of configs) {
      const evaluate = createLotteryEvaluator(phi, stake, total);
      const star = thresholdE(phi, stake, total);
      const x = (Number(stake) / Number(total)) * -correctlyRoundedLn1mPhi(phi);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 511 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), (j, k, up) => {
          const delta = BigInt(k) << BigInt(j);
          let e = up ? star + delta : star - delta;
          if (e < 0n) e = 0n;
          if (e >= EV_MAX) e = EV_MAX - 1n;
          const ev = evBytes(e);
          const exact = isLotteryWonExact(phi, ev, stake, total);
          expect(evaluate(ev)).toBe(exact);
          // Where M = 3 is a valid bound, the reference rule is the mathematical one away from the threshold.
          if (x <= 2 && j >= 8) expect(exact).toBe(e < star);
        }),
        { numRuns: 40 },
      );
      for (let d = -2n; d <= 2n; d++) {
        const ev = evBytes(star + d);
        expect(evaluate(ev)).toBe(isLotteryWonExact(phi, ev, stake, total));
      }
    }
  });

  it('at the exact decision boundary, found by bisection on isLotteryWonExact', () => {
    for (const { phi, stake, total } of [configs[0]!, configs[6]!, configs[11]!, configs[12]!]) {
      const wins = (e: bigint): boolean => isLotteryWonExact(phi, evBytes(e), stake, total);
      let lo = 0n;
      let hi = EV_MAX - 1n;
      expect(wins(lo)).toBe(true);
      expect(wins(hi)).toBe(false);
      while (hi - lo > 1n) {
        const m = (lo + hi) >> 1n;
        if (wins(m)) lo = m;
        else hi = m;
      }
      const evaluate = createLotteryEvaluator(phi, stake, total);
      for (const e of [lo - 1n, lo, hi, hi + 1n]) expect(evaluate(evBytes(e))).toBe(wins(e));
    }
  });

  it('on ev values whose top 64 bits sit around the floating-point filter margins', () => {
    for (const { phi, stake, total } of configs) {
      const evaluate = createLotteryEvaluator(phi, stake, total);
      const star = thresholdE(phi, stake, total);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 40 }), fc.boolean(), fc.bigInt({ min: 0n, max: (1n << 448n) - 1n }), (j, up, low) => {
          const top = star >> 448n;
          const shifted = up ? top + (1n << BigInt(j)) : top - (1n << BigInt(j));
          const e = (shifted < 0n ? 0n : shifted >= 1n << 64n ? (1n << 64n) - 1n : shifted) * (1n << 448n) + low;
          const ev = evBytes(e);
          expect(evaluate(ev)).toBe(isLotteryWonExact(phi, ev, stake, total));
        }),
        { numRuns: 40 },
      );
    }
  });
});
