import { describe, expect, it } from 'vitest';
import { StmError } from '../errors.js';
import { U64_MAX } from '../utils/bytes.js';
import { isPhiFOne, validateParameters } from './parameters.js';
import type { StmParameters } from './types.js';

function rejection(params: unknown): StmError {
  try {
    validateParameters(params as StmParameters);
  } catch (e) {
    expect(e).toBeInstanceOf(StmError);
    return e as StmError;
  }
  throw new Error('expected a rejection');
}

describe('validateParameters', () => {
  it('accepts the production parameter sets (spec stm.md §2)', () => {
    for (const p of [
      { m: 20973n, k: 2422n, phiF: 0.2 },
      { m: 16948n, k: 1944n, phiF: 0.2 },
      { m: 100n, k: 5n, phiF: 0.7 },
      { m: 105n, k: 70n, phiF: 0.95 },
      { m: 10n, k: 5n, phiF: 0.0 },
      { m: U64_MAX, k: U64_MAX, phiF: 1 },
      { m: 1n, k: 1n, phiF: 1 - 2 ** -53 },
    ]) {
      expect(validateParameters(p)).toBe(p);
    }
  });

  it('names the offending field', () => {
    const cases: [unknown, string][] = [
      [{ m: 0n, k: 1n, phiF: 0.2 }, 'm'],
      [{ m: 1n, k: 0n, phiF: 0.2 }, 'k'],
      [{ m: U64_MAX + 1n, k: 1n, phiF: 0.2 }, 'm'],
      [{ m: 1n, k: U64_MAX + 1n, phiF: 0.2 }, 'k'],
      [{ m: -1n, k: 1n, phiF: 0.2 }, 'm'],
      [{ m: 10, k: 1n, phiF: 0.2 }, 'm'],
      [{ m: 1n, k: 1n, phiF: Number.NaN }, 'phiF'],
      [{ m: 1n, k: 1n, phiF: -0.1 }, 'phiF'],
      [{ m: 1n, k: 1n, phiF: 1 + 2 ** -52 }, 'phiF'],
      [{ m: 1n, k: 1n, phiF: 1.5 }, 'phiF'],
      [{ m: 1n, k: 1n, phiF: '0.2' }, 'phiF'],
      [null, 'parameters'],
    ];
    for (const [params, field] of cases) {
      const e = rejection(params);
      expect(e.code).toBe('STM_INVALID_PARAMETERS');
      expect(e.field).toBe(field);
    }
  });
});

describe('isPhiFOne', () => {
  it('uses a strict 2^-52 window around 1', () => {
    expect(isPhiFOne(1)).toBe(true);
    expect(isPhiFOne(1 - 2 ** -53)).toBe(true);
    expect(isPhiFOne(1 - 2 ** -52)).toBe(false);
    expect(isPhiFOne(0.95)).toBe(false);
  });
});
