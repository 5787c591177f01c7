/**
 * Clock port and RFC 3339 formatting with nanoseconds (nodes.md §1.4, §8): JavaScript `Date` keeps milliseconds only,
 * so instants are bigint nanoseconds and the fraction is always written with 9 digits.
 */

/**
 * Source of the current time in nanoseconds since 1970-01-01T00:00:00Z.
 *
 * @example
 * const clock: Clock = { nowNanos: () => BigInt(Date.now()) * 1_000_000n };
 * createAggregator({ ...options, clock });
 */
export interface Clock {
  nowNanos(): bigint;
}

/**
 * The wall clock: milliseconds from `Date.now()` plus a sub-millisecond part from `performance.now()`, kept strictly
 * increasing so that two instants taken in a row never compare equal.
 *
 * @returns a clock
 */
export function systemClock(): Clock {
  let last = 0n;
  return {
    nowNanos(): bigint {
      const subMs = BigInt(Math.floor((performance.now() % 1) * 1e6));
      let now = BigInt(Date.now()) * 1_000_000n + subMs;
      if (now <= last) now = last + 1n;
      last = now;
      return now;
    },
  };
}

/**
 * Formats nanoseconds since the Unix epoch as RFC 3339 UTC with 9 fractional digits, e.g.
 * `2026-05-21T14:41:53.660381099Z`.
 *
 * @param nanos - nanoseconds since the Unix epoch (non-negative, before year 10000)
 * @returns the date-time text
 */
export function formatRfc3339Nanos(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const fraction = nanos % 1_000_000_000n;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${fraction.toString().padStart(9, '0')}Z`;
}
