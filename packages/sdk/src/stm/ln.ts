/**
 * A correctly rounded natural logarithm for the STM lottery constant `c = ln(1 − phi_f)` (spec stm.md §3.3, §3.5).
 *
 * The reference takes `c` from the platform libm (glibc), which is correctly rounded on every value that matters; V8's
 * `Math.log` is one ulp off for about 8 % of inputs, which would move the lottery threshold. So `c` is computed here in
 * big-integer fixed point and rounded to the nearest double (ties to even) from its exact bits.
 */
import { StmError } from '../errors.js';

/** An exact dyadic rational `mantissa · 2^exponent` (the exact value of a finite double). */
export interface DyadicRational {
  readonly mantissa: bigint;
  readonly exponent: number;
}

const scratch = new DataView(new ArrayBuffer(8));
const FRACTION_MASK = (1n << 52n) - 1n;
const HIDDEN_BIT = 1n << 52n;

/**
 * Exact value of a finite double as `mantissa · 2^exponent` (spec stm.md §3.3 step 3: "exact rational value of
 * c_f64, no rounding").
 *
 * @param value - a finite double
 * @returns the signed integer mantissa and the binary exponent; `0` gives mantissa `0n`
 * @throws {StmError} `STM_INVALID_PARAMETERS` when `value` is NaN or infinite
 *
 * @example
 * decomposeDouble(0.75) // { mantissa: 6755399441055744n, exponent: -53 }: 0.75 = mantissa · 2^exponent, exactly
 */
export function decomposeDouble(value: number): DyadicRational {
  if (!Number.isFinite(value)) {
    throw new StmError('STM_INVALID_PARAMETERS', `expected a finite number, got ${value}`, { field: 'value' });
  }
  if (value === 0) return { mantissa: 0n, exponent: 0 };
  scratch.setFloat64(0, value);
  const bits = scratch.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & FRACTION_MASK;
  // Subnormals have no hidden bit and the minimum exponent.
  const magnitude = biased === 0 ? fraction : fraction | HIDDEN_BIT;
  const exponent = biased === 0 ? -1074 : biased - 1075;
  return { mantissa: negative ? -magnitude : magnitude, exponent };
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** `2^e` as a double, built from its bits (exact for every normal exponent). */
function powerOfTwo(e: number): number {
  scratch.setBigUint64(0, BigInt(e + 1023) << 52n);
  return scratch.getFloat64(0);
}

/**
 * The double nearest to `value / 2^precision` (round half to even), from the exact integer bits.
 * Only normal results occur for the logarithms computed here; anything else is a programming error.
 */
function roundFixedToDouble(value: bigint, precision: number): number {
  if (value === 0n) return 0;
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const shift = bitLength(magnitude) - 53;
  let mantissa: bigint;
  if (shift <= 0) {
    mantissa = magnitude << BigInt(-shift);
  } else {
    const s = BigInt(shift);
    mantissa = magnitude >> s;
    const remainder = magnitude - (mantissa << s);
    const half = 1n << (s - 1n);
    if (remainder > half || (remainder === half && (mantissa & 1n) === 1n)) mantissa += 1n;
  }
  // `mantissa` now has 53 bits, or is exactly 2^53 after a carry: both are exact doubles.
  const exponent = shift - precision;
  if (exponent < -1022 || exponent > 971) {
    throw new StmError('STM_INVALID_PARAMETERS', 'logarithm outside the normal double range', { field: 'phiF' });
  }
  const result = Number(mantissa) * powerOfTwo(exponent);
  return negative ? -result : result;
}

/** `atanh(a / b) · 2^bits`, truncated series, for `|a / b| ≤ 1/3`; absolute error below `2 · terms` units. */
function atanhFixed(a: bigint, b: bigint, bits: number): bigint {
  // atanh is odd; working on |a| keeps every shift a truncation toward zero, so the series reaches 0.
  if (a < 0n) return -atanhFixed(-a, b, bits);
  const one = 1n << BigInt(bits);
  const u = (a * one) / b;
  const u2 = (u * u) >> BigInt(bits);
  let power = u;
  let sum = 0n;
  for (let k = 1n; power !== 0n; k += 2n) {
    sum += power / k;
    power = (power * u2) >> BigInt(bits);
  }
  return sum;
}

const ln2Cache = new Map<number, bigint>();

/** `ln 2 · 2^bits` = `2 · atanh(1/3) · 2^bits`. */
function ln2Fixed(bits: number): bigint {
  let cached = ln2Cache.get(bits);
  if (cached === undefined) {
    cached = 2n * atanhFixed(1n, 3n, bits);
    ln2Cache.set(bits, cached);
  }
  return cached;
}

const GUARD_BITS = 40;

/**
 * `ln(x) · 2^precision` for a positive finite double `x`, with an absolute error of at most 2 units.
 *
 * Range reduction: `x = M · 2^E` exactly; with `2^k ≤ M < 2^(k+1)` the mantissa is scaled into `[1/√2, √2]` so that
 * `ln(m) = 2 · atanh((m − 1) / (m + 1))` converges by more than 5 bits a term.
 */
function lnFixed(x: number, precision: number): bigint {
  const { mantissa, exponent } = decomposeDouble(x);
  let k = bitLength(mantissa) - 1;
  // m = mantissa / 2^k lies in [1, 2); move it to [1/√2, √2] by halving when m² > 2.
  if (mantissa * mantissa > 1n << BigInt(2 * k + 1)) k += 1;
  const scale = 1n << BigInt(k);
  const bits = precision + GUARD_BITS;
  const lnM = 2n * atanhFixed(mantissa - scale, mantissa + scale, bits);
  const total = lnM + BigInt(exponent + k) * ln2Fixed(bits);
  // Floor division keeps the error within 1 unit of the working error (≪ 2^GUARD_BITS).
  return total >> BigInt(GUARD_BITS);
}

const MAX_PRECISION = 4096;
const lnCache = new Map<number, number>();
const LN_CACHE_LIMIT = 64;

/**
 * The correctly rounded double of `ln(1 − phi_f)`, where `1 − phi_f` is first computed in double precision exactly as
 * the reference does (spec stm.md §3.3 step 3, §3.5).
 *
 * @param phiF - the protocol parameter `phi_f`; `1 − phiF` must be a positive finite double (so `phiF < 1`)
 * @returns the double nearest (ties to even) to the exact natural logarithm of the double `1 − phiF`
 * @throws {StmError} `STM_INVALID_PARAMETERS` when `1 − phiF` is NaN, infinite, zero or negative
 *
 * @example
 * correctlyRoundedLn1mPhi(0.2) // ln(0.8) ≈ -0.2231435513142097, rounded the same on every runtime
 */
export function correctlyRoundedLn1mPhi(phiF: number): number {
  const x = 1 - phiF;
  if (!Number.isFinite(x) || !(x > 0)) {
    throw new StmError('STM_INVALID_PARAMETERS', `ln(1 - phi_f) is undefined for phi_f = ${phiF}`, { field: 'phiF' });
  }
  if (x === 1) return 0;
  const cached = lnCache.get(x);
  if (cached !== undefined) return cached;
  // ln(x) is transcendental for rational x ≠ 1, so it is never exactly halfway between two doubles: raising the
  // precision until both ends of the error interval round alike always terminates.
  for (let precision = 320; precision <= MAX_PRECISION; precision *= 2) {
    const approx = lnFixed(x, precision);
    const low = roundFixedToDouble(approx - 2n, precision);
    const high = roundFixedToDouble(approx + 2n, precision);
    if (low === high) {
      if (lnCache.size >= LN_CACHE_LIMIT) lnCache.clear();
      lnCache.set(x, low);
      return low;
    }
  }
  throw new StmError('STM_INVALID_PARAMETERS', `could not round ln(1 - phi_f) for phi_f = ${phiF}`, { field: 'phiF' });
}
