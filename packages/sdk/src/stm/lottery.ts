/**
 * The STM lottery (spec stm.md §3): the per-index value `ev` and the exact win rule of the reference's default
 * "num-integer" backend, plus a fast evaluator that makes the same decisions.
 *
 * Win rule: `p = e / 2^512 < 1 − (1 − phi_f)^(stake/total)`, decided as `q = 2^512 / (2^512 − e) < exp(x)` with
 * `x = −(stake/total) · c`, `c` the double `ln(1 − phi_f)`, by a Taylor series with early stop (error factor `M = 3`,
 * at most 1000 rounds, undecided ⇒ lose).
 */
import { EncodingError, StmError } from '../errors.js';
import { U64_MAX, concatBytes, u64le } from '../utils/bytes.js';
import { blake2b512 } from '../utils/hash.js';
import { correctlyRoundedLn1mPhi, decomposeDouble } from './ln.js';
import { assertPhiF, isPhiFOne } from './parameters.js';

/**
 * Number of Taylor rounds after which an undecided lottery is lost (stm.md §3.3).
 *
 * @example
 * LOTTERY_MAX_ROUNDS // 1000
 */
export const LOTTERY_MAX_ROUNDS = 1000;

const EV_BYTES = 64;
const EV_MAX = 1n << 512n;
const MAP_PREFIX = Uint8Array.of(0x6d, 0x61, 0x70);

/**
 * The lottery value of one index: `Blake2b-512("map" ‖ msgp ‖ u64_le(index) ‖ sigma)` (spec stm.md §3.1).
 *
 * @param msgp - the signed message `msg ‖ merkle_root` (stm.md §4.6)
 * @param index - the lottery index, a non-negative safe integer
 * @param sigma - the 48-byte compressed BLS signature of `msgp`
 * @returns the 64-byte `ev`, to be read as a little-endian integer
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when `sigma` is not 48 bytes;
 *   `ENCODING_INTEGER_OUT_OF_RANGE` when `index` is not a non-negative safe integer
 *
 * @example
 * // The 64-byte value of lottery `index` for a signer's BLS signature `sigma` (48 bytes) over `msgp`:
 * const ev = lotteryValue(messageWithCommitment(message, avk), index, sigma);
 */
export function lotteryValue(msgp: Uint8Array, index: number, sigma: Uint8Array): Uint8Array {
  if (sigma.length !== 48) {
    throw new EncodingError('ENCODING_INVALID_LENGTH', `expected 48 bytes, got ${sigma.length}`, { field: 'sigma' });
  }
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new EncodingError('ENCODING_INTEGER_OUT_OF_RANGE', `expected a non-negative integer, got ${index}`, {
      field: 'index',
    });
  }
  return blake2b512(concatBytes(MAP_PREFIX, msgp, u64le(index, 'index'), sigma));
}

function assertEv(ev: Uint8Array): DataView {
  if (!(ev instanceof Uint8Array) || ev.length !== EV_BYTES) {
    throw new EncodingError('ENCODING_INVALID_LENGTH', `expected ${EV_BYTES} bytes`, { field: 'ev' });
  }
  return new DataView(ev.buffer, ev.byteOffset, EV_BYTES);
}

/** `ev` as a little-endian integer (`BigInt::from_bytes_le`). */
function evToBigInt(view: DataView): bigint {
  let e = 0n;
  for (let off = EV_BYTES - 8; off >= 0; off -= 8) e = (e << 64n) | view.getBigUint64(off, true);
  return e;
}

function assertStake(value: bigint, field: string): void {
  if (typeof value !== 'bigint' || value < 0n || value > U64_MAX) {
    throw new StmError('STM_INVALID_PARAMETERS', `expected an unsigned 64-bit integer, got ${String(value)}`, {
      field,
    });
  }
}

/**
 * Input checks shared by both lottery functions. The reference panics on a zero total stake and on `phi_f > 1`
 * (stm.md §3.4); here both are errors.
 */
function checkInputs(phiF: number, stake: bigint, totalStake: bigint): void {
  assertPhiF(phiF, 'phiF');
  assertStake(stake, 'stake');
  assertStake(totalStake, 'totalStake');
  if (totalStake === 0n) {
    throw new StmError('STM_ZERO_TOTAL_STAKE', 'the total stake is zero', { field: 'totalStake' });
  }
}

/** `x = −(stake/total) · c = xNum / xDen` with `c = ln(1 − phi_f)` taken exactly from its double (stm.md §3.3). */
interface TaylorInput {
  readonly xNum: bigint;
  readonly xDen: bigint;
  /** The double `c`, for the floating-point filter. */
  readonly c: number;
}

function taylorInput(phiF: number, stake: bigint, totalStake: bigint): TaylorInput {
  const c = correctlyRoundedLn1mPhi(phiF);
  const { mantissa, exponent } = decomposeDouble(c);
  // phi_f ∈ [0, 1) ⇒ 1 − phi_f ∈ (0, 1] ⇒ c ≤ 0, so x = stake · |mantissa| · 2^exponent / total ≥ 0.
  const magnitude = mantissa < 0n ? -mantissa : mantissa;
  if (exponent >= 0) return { xNum: stake * (magnitude << BigInt(exponent)), xDen: totalStake, c };
  return { xNum: stake * magnitude, xDen: totalStake << BigInt(-exponent), c };
}

/**
 * One step of the Taylor recurrence, on a common denominator so that no gcd is ever needed.
 *
 * After round `r` (1-based) the reference holds `s_r = Σ_{i≤r} x^i/i!` and `err_r = 3 · x^(r+1)/(r+1)!`. With
 * `D = xDen^(r+1) · (r+1)!`, `sNum = s_r · D` and `errNum = err_r · D` are integers.
 */
interface TaylorRound {
  readonly den: bigint;
  readonly sNum: bigint;
  readonly errNum: bigint;
}

/** Generator of the Taylor rounds for `x = xNum / xDen`; each call to `next()` yields round `r + 1`. */
class TaylorSequence {
  private readonly xNum: bigint;
  private readonly xDen: bigint;
  /** `s_(r) · xDen^r · r!` before the current round. */
  private partialNum = 1n;
  /** `xDen^r · r!`. */
  private partialDen = 1n;
  /** `xNum^r`. */
  private power = 1n;
  private r = 0n;

  constructor(xNum: bigint, xDen: bigint) {
    this.xNum = xNum;
    this.xDen = xDen;
  }

  next(): TaylorRound {
    this.r += 1n;
    // s_r = s_(r−1) + x^r / r!
    const step = this.xDen * this.r;
    this.power *= this.xNum;
    this.partialDen *= step;
    this.partialNum = this.partialNum * step + this.power;
    // Bring s_r and the next term x^(r+1)/(r+1)! to the denominator xDen^(r+1) · (r+1)!.
    const nextStep = this.xDen * (this.r + 1n);
    return {
      den: this.partialDen * nextStep,
      sNum: this.partialNum * nextStep,
      errNum: 3n * this.power * this.xNum,
    };
  }
}

/**
 * The reference lottery decision, computed exactly as the "num-integer" backend does it (spec stm.md §3.3): exact
 * rationals, Taylor series with early stop, `M = 3`, at most 1000 rounds, strict comparisons, undecided ⇒ lose, and
 * `|phi_f − 1| < 2^-52` ⇒ win. Slow but straightforward; see {@link createLotteryEvaluator} for hot paths.
 *
 * @param phiF - the protocol parameter `phi_f`, in `[0, 1]`
 * @param ev - the 64-byte lottery value ({@link lotteryValue}), read little-endian
 * @param stake - the party's stake (u64)
 * @param totalStake - the total registered stake (u64, non-zero)
 * @returns whether the index is won
 * @throws {StmError} `STM_ZERO_TOTAL_STAKE` when `totalStake` is 0; `STM_INVALID_PARAMETERS` when `phiF` is outside
 *   `[0, 1]` or a stake is not a u64
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when `ev` is not 64 bytes
 *
 * @example
 * const won = isLotteryWonExact(0.2, lotteryValue(msgp, index, sigma), stake, closedRegistration.totalStake);
 */
export function isLotteryWonExact(phiF: number, ev: Uint8Array, stake: bigint, totalStake: bigint): boolean {
  checkInputs(phiF, stake, totalStake);
  const view = assertEv(ev);
  if (isPhiFOne(phiF)) return true;
  const e = evToBigInt(view);
  // q = qNum / qDen = 2^512 / (2^512 − e), with qDen ≥ 1.
  const qNum = EV_MAX;
  const qDen = EV_MAX - e;
  const { xNum, xDen } = taylorInput(phiF, stake, totalStake);
  // x = 0 (stake 0 or c = 0): every round has s = 1 and err = 0, and q ≥ 1 is never below 1, so the reference ends
  // with a loss (after 1000 rounds when q = 1); skipping the rounds avoids their ever-growing denominators.
  if (xNum === 0n) return false;
  const taylor = new TaylorSequence(xNum, xDen);
  for (let round = 0; round < LOTTERY_MAX_ROUNDS; round++) {
    const { den, sNum, errNum } = taylor.next();
    // q > s + err  ⇔  qNum · den > (sNum + errNum) · qDen   (all denominators positive)
    if (qNum * den > (sNum + errNum) * qDen) return false;
    // q < s − err  ⇔  qNum · den < (sNum − errNum) · qDen
    if (qNum * den < (sNum - errNum) * qDen) return true;
  }
  return false;
}

/** A lottery decision function for a fixed `(phi_f, stake, total_stake)`: `ev ↦ won`. */
export type LotteryEvaluator = (ev: Uint8Array) => boolean;

/** Largest `x` for which the reference's error term `3 · x^(r+1)/(r+1)!` bounds the series remainder in every round. */
const FILTER_MAX_X = 2;
/** Relative margin of the floating-point filter; its own error is below 1e-15. */
const FILTER_RELATIVE_MARGIN = 1e-9;
/** Absolute margin: the filter sees only the top 64 bits of `e`, so `p` is known to within 2^-64. */
const FILTER_ABSOLUTE_MARGIN = 2 ** -62;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_MINUS_64 = 2 ** -64;

/**
 * Per-round thresholds on `e`, equivalent to the reference's comparisons for every integer `e` in `[0, 2^512)`:
 * the round loses iff `e > loseAbove` and wins iff `e < winBelow`.
 */
interface RoundThresholds {
  readonly loseAbove: bigint;
  readonly winBelow: bigint;
}

function roundThresholds({ den, sNum, errNum }: TaylorRound): RoundThresholds {
  const scaled = EV_MAX * den;
  // q > U ⇔ qDen · U < 2^512 · den ⇔ qDen < ceil(2^512 · den / U) =: A  (U = sNum + errNum ≥ den > 0)
  const upper = sNum + errNum;
  const a = (scaled + upper - 1n) / upper;
  // q < L ⇔ qDen · L > 2^512 · den ⇔ qDen > floor(2^512 · den / L) =: B  (only possible when L > 0)
  const lower = sNum - errNum;
  // With qDen = 2^512 − e: lose ⇔ e > 2^512 − A; win ⇔ e < 2^512 − B; a negative bound never wins.
  return { loseAbove: EV_MAX - a, winBelow: lower > 0n ? EV_MAX - scaled / lower : -1n };
}

/**
 * Creates a fast lottery decision function for one party (spec stm.md §3.3; dependencies.md §2.3), making exactly the
 * decisions of {@link isLotteryWonExact}.
 *
 * The Taylor partial sums and error bounds do not depend on `ev`, so each round is turned once (lazily, only as far as
 * some `ev` needs) into two integer thresholds on `e`; a call then only compares `e` with them. In front of that, when
 * `x ≤ 2` (where the reference's error term is a true bound, so its decisions equal `p < 1 − exp(−x)`), a
 * floating-point filter compares the top 64 bits of `e` with `−expm1(w · c)` and decides alone outside a relative
 * margin of 1e-9 plus an absolute margin of 2^-62. Creation is cheap: `c` is cached per `phi_f`.
 *
 * @param phiF - the protocol parameter `phi_f`, in `[0, 1]`
 * @param stake - the party's stake (u64)
 * @param totalStake - the total registered stake (u64, non-zero)
 * @returns a function deciding one `ev` (64 bytes; throws {@link EncodingError} `ENCODING_INVALID_LENGTH` otherwise)
 * @throws {StmError} `STM_ZERO_TOTAL_STAKE` when `totalStake` is 0; `STM_INVALID_PARAMETERS` when `phiF` is outside
 *   `[0, 1]` or a stake is not a u64
 *
 * @example
 * // One evaluator per signer and epoch, then one call per lottery value:
 * const isWon = createLotteryEvaluator(parameters.phiF, stake, closedRegistration.totalStake);
 * const won = isWon(lotteryValue(msgp, index, sigma));
 */
export function createLotteryEvaluator(phiF: number, stake: bigint, totalStake: bigint): LotteryEvaluator {
  checkInputs(phiF, stake, totalStake);
  if (isPhiFOne(phiF)) {
    return (ev) => {
      assertEv(ev);
      return true;
    };
  }
  const input = taylorInput(phiF, stake, totalStake);
  if (input.xNum === 0n) {
    // stake = 0 or c = 0: x = 0, s = 1 and err = 0 forever, and q ≥ 1 is never below 1: always lost.
    return (ev) => {
      assertEv(ev);
      return false;
    };
  }

  const taylor = new TaylorSequence(input.xNum, input.xDen);
  const rounds: RoundThresholds[] = [];
  const exact = (view: DataView): boolean => {
    const e = evToBigInt(view);
    for (let round = 0; round < LOTTERY_MAX_ROUNDS; round++) {
      let t = rounds[round];
      if (t === undefined) {
        t = roundThresholds(taylor.next());
        rounds.push(t);
      }
      if (e > t.loseAbove) return false;
      if (e < t.winBelow) return true;
    }
    return false;
  };

  const x = (Number(stake) / Number(totalStake)) * -input.c;
  if (!(x <= FILTER_MAX_X)) {
    return (ev) => exact(assertEv(ev));
  }
  const phi = -Math.expm1(-x);
  const winIfBelow = phi * (1 - FILTER_RELATIVE_MARGIN) - FILTER_ABSOLUTE_MARGIN;
  const loseIfAbove = phi * (1 + FILTER_RELATIVE_MARGIN) + FILTER_ABSOLUTE_MARGIN;
  return (ev) => {
    const view = assertEv(ev);
    // The most significant bytes of the little-endian `e` are the last ones.
    const p = (view.getUint32(60, true) * TWO_POW_32 + view.getUint32(56, true)) * TWO_POW_MINUS_64;
    if (p < winIfBelow) return true;
    if (p > loseIfAbove) return false;
    return exact(view);
  };
}
