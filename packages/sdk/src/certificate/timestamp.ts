import { CertificateError } from './errors.js';

/**
 * An RFC 3339 timestamp as received (the exact text, for storing and re-serving) plus its value in nanoseconds since
 * 1970-01-01T00:00:00Z, as the reference hashes it (certificates.md §2.2). JavaScript `Date` would lose the
 * nanoseconds, so it is never used.
 */
export interface Timestamp {
  /** The original string. */
  readonly text: string;
  /**
   * Nanoseconds since the Unix epoch, as a signed 64-bit value. Instants outside the i64 range (about years 1677-2262)
   * are 0, like chrono's `timestamp_nanos_opt().unwrap_or_default()` that the reference hashes.
   */
  readonly nanos: bigint;
}

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Days from 1970-01-01 to a proleptic Gregorian civil date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses an RFC 3339 date-time with 0 to 9 fractional digits into nanoseconds since the Unix epoch
 * (certificates.md §2.2: `Z` or a `±HH:MM` offset, which is subtracted).
 *
 * @param text - e.g. `2026-05-21T14:41:53.660381099Z`
 * @param field - the field name, for errors
 * @returns the original text and the i64 nanoseconds (0 when outside the i64 range, like the reference)
 * @throws {CertificateError} `MESSAGE_INVALID` when the text is not a valid RFC 3339 date-time
 * @example
 * parseTimestamp('1970-01-01T00:00:01.5Z').nanos; // 1500000000n
 */
export function parseTimestamp(text: string, field = 'timestamp'): Timestamp {
  const m = typeof text === 'string' ? RFC3339.exec(text) : null;
  if (m === null) {
    throw new CertificateError('MESSAGE_INVALID', 'expected an RFC 3339 date-time with at most 9 fractional digits', {
      field,
    });
  }
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  // Leap seconds (:60) are refused: the reference never emits them and their nanosecond value is ambiguous.
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    throw new CertificateError('MESSAGE_INVALID', 'date-time component out of range', { field });
  }
  const sign = m[9] === '-' ? -1 : 1;
  const offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  const fraction = BigInt((m[7] ?? '').padEnd(9, '0'));
  const nanos = BigInt(seconds) * 1_000_000_000n + fraction;
  return { text, nanos: nanos < I64_MIN || nanos > I64_MAX ? 0n : nanos };
}
