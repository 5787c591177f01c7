/**
 * Validation of STM protocol parameters (spec stm.md §2, §3.4; README trap 18).
 */
import { StmError } from '../errors.js';
import { U64_MAX } from '../utils/bytes.js';
import type { StmParameters } from './types.js';

/**
 * `f64::EPSILON` = 2^-52: a `phi_f` closer than this to 1 makes every lottery a win (stm.md §3.3 step 1).
 *
 * @example
 * Math.abs(phiF - 1) < PHI_F_EPSILON // what isPhiFOne(phiF) checks
 */
export const PHI_F_EPSILON = 2 ** -52;

/**
 * Whether `phi_f` is treated as 1 by the reference (`|phi_f − 1| < 2^-52`), so that every lottery is won.
 *
 * @param phiF - the parameter value
 * @returns true when the lottery short-circuits to a win
 *
 * @example
 * isPhiFOne(1) // true: every party wins every lottery
 * isPhiFOne(0.65) // false
 */
export function isPhiFOne(phiF: number): boolean {
  return Math.abs(phiF - 1) < PHI_F_EPSILON;
}

/**
 * Checks that `phi_f` is a number in `[0, 1]` (spec stm.md §3.4: above 1 the reference panics on `ln` of a negative
 * number).
 *
 * @param phiF - the parameter value
 * @param field - the field name used in the error
 * @returns `phiF`
 * @throws {StmError} `STM_INVALID_PARAMETERS` when `phiF` is not a number, NaN, negative or above 1
 *
 * @example
 * assertPhiF(0.2) // 0.2
 * assertPhiF(1.5, 'protocol.phi_f') // throws StmError STM_INVALID_PARAMETERS
 */
export function assertPhiF(phiF: number, field = 'phiF'): number {
  if (typeof phiF !== 'number' || Number.isNaN(phiF) || phiF < 0 || phiF > 1) {
    throw new StmError('STM_INVALID_PARAMETERS', `phi_f must be a number in [0, 1], got ${String(phiF)}`, { field });
  }
  return phiF;
}

function assertPositiveU64(value: unknown, field: string): void {
  if (typeof value !== 'bigint' || value <= 0n || value > U64_MAX) {
    throw new StmError('STM_INVALID_PARAMETERS', `expected an unsigned 64-bit integer above 0, got ${String(value)}`, {
      field,
    });
  }
}

/**
 * Validates STM parameters before they reach the lottery or aggregation code (spec stm.md §2, §3.4; README trap 18).
 *
 * `phi_f` within 2^-52 of 1 is accepted: the lottery then always wins, as in the reference.
 *
 * @param params - the parameters to check
 * @returns the same parameters
 * @throws {StmError} `STM_INVALID_PARAMETERS` naming the field: `k` or `m` zero or outside u64, `phiF` NaN, negative
 *   or above 1
 *
 * @example
 * const parameters = validateParameters({ m: 20973n, k: 2422n, phiF: 0.2 }); // mainnet's
 */
export function validateParameters(params: StmParameters): StmParameters {
  if (typeof params !== 'object' || params === null) {
    throw new StmError('STM_INVALID_PARAMETERS', 'expected an object {m, k, phiF}', { field: 'parameters' });
  }
  assertPositiveU64(params.m, 'm');
  assertPositiveU64(params.k, 'k');
  assertPhiF(params.phiF, 'phiF');
  return params;
}
