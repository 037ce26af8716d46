/**
 * Alert timestamps with Falco's nanosecond precision.
 *
 * Falco writes `time` as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` and, in text lines with `time_format_iso_8601`, as
 * `…nnnnnnnnn+0000`. A JavaScript number cannot hold nanoseconds since the epoch (about 1.8e18 > 2^53), so the
 * exact instant is kept as a decimal string (`epochNs`) next to a millisecond number for `Date` and sorting.
 */
import { err, ok, type Result } from '../../result.js';
import { alertIssue, quoteForMessage, type AlertIssue } from './alert-problem.js';

/** An instant, exact to the nanosecond. Plain JSON data (no bigint, no Date) so it can be stored as is. */
export interface AlertTime {
  /** The text as received, e.g. `2026-07-10T15:24:03.768877945+0000`. */
  readonly raw: string;
  /** Normalised RFC 3339 in UTC with nine fraction digits, e.g. `2026-07-10T15:24:03.768877945Z`. */
  readonly iso: string;
  /** Milliseconds since the epoch (`new Date(epochMs)`), truncated from the nanoseconds. */
  readonly epochMs: number;
  /** Nanoseconds since the epoch, exact, as decimal digits (`BigInt(epochNs)` recovers it). */
  readonly epochNs: string;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})$/;

/** Text that is a template or source-code expression rather than a value (Go templates, string concatenation). */
const PLACEHOLDER = /\{\{|\}\}|\$\{|`|\btime\.Now\(\)|%evt\.time/;

const EXAMPLE = '2026-07-10T15:24:03.768877945Z';

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, in epoch milliseconds. */
const FIRST_INSTANT_MS = -62_135_596_800_000;
const LAST_INSTANT_MS = 253_402_300_799_000;

/**
 * Parses an RFC 3339 timestamp with up to nine fraction digits; also accepts an offset without a colon (`+0000`, as
 * Falco prints it) and a space instead of `T`. Go's zero time (`0001-01-01T00:00:00Z`, what Go marshals for an unset
 * `time.Time`) is refused: it means the sender never set the time. `field` names the key in messages.
 */
export function parseAlertTime(text: string, field = 'time'): Result<AlertTime, AlertIssue> {
  if (PLACEHOLDER.test(text)) {
    return err(
      alertIssue(
        'time_placeholder',
        field,
        `"${field}": expected a timestamp such as ${EXAMPLE}, got the unrendered template placeholder ` +
          `${quoteForMessage(text)}: the sender's template or code did not fill in the time`,
      ),
    );
  }
  const match = RFC3339.exec(text.trim());
  if (match === null) return invalidTime(text, field, '');
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  const offsetMinutes = parseOffsetMinutes(zone);
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) {
    return invalidTime(text, field, ' (a date or time component is out of range)');
  }
  if (Math.abs(offsetMinutes) >= 24 * 60)
    return invalidTime(text, field, ' (the UTC offset is out of range)');
  if (y === 1 && mo === 1 && d === 1 && h === 0 && mi === 0 && s === 0 && offsetMinutes === 0) {
    return invalidTime(text, field, " (Go's zero time: the sender did not set it)");
  }
  const ms = epochMilliseconds(y, mo, d, h, mi - offsetMinutes, s);
  // An offset can move 0001-01-01 or 9999-12-31 out of the years that timestamps (ours and PostgreSQL's) hold.
  if (ms < FIRST_INSTANT_MS || ms > LAST_INSTANT_MS) {
    return invalidTime(text, field, ' (in UTC it falls outside the years 0001 to 9999)');
  }
  const nanos = fraction.padEnd(9, '0');
  // In UTC and not a leap second, the fields as written are the normalised ones: no Date to format.
  if (offsetMinutes === 0 && s < 60) {
    const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}.${nanos}Z`;
    return ok(instant(text, iso, ms / 1000, nanos));
  }
  return ok(fromEpochSeconds(text, ms / 1000, nanos));
}

function invalidTime(text: string, field: string, why: string): Result<AlertTime, AlertIssue> {
  return err(
    alertIssue(
      'time_invalid',
      field,
      `"${field}": expected an RFC 3339 timestamp such as ${EXAMPLE}, got ${quoteForMessage(text)}${why}`,
    ),
  );
}

/** Milliseconds since the epoch of a UTC date and time; minutes may be out of range (an offset applied). */
function epochMilliseconds(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  // Date.UTC reads the years 0 to 99 as 1900 to 1999; setUTCFullYear does not.
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/**
 * The instant `epochNs` nanoseconds after the epoch (a decimal integer string or a number). Numbers above 2^53 are
 * already rounded by `JSON.parse`; the result is then exact to about 256 ns, which is why `time` is preferred.
 */
export function alertTimeFromEpochNs(epochNs: string | number, raw = String(epochNs)): AlertTime | undefined {
  const text = typeof epochNs === 'number' ? toIntegerString(epochNs) : epochNs.trim();
  if (text === undefined || !/^\d{1,20}$/.test(text)) return undefined;
  const digits = text.padStart(10, '0');
  const seconds = Number(digits.slice(0, -9));
  if (seconds > 253_402_300_799) return undefined; // after 9999-12-31: not a real event time
  return fromEpochSeconds(raw, seconds, digits.slice(-9));
}

/** `n` as integer digits without exponent notation, or undefined for a negative, fractional or non-finite number. */
function toIntegerString(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0) return undefined;
  return BigInt(n).toString();
}

function fromEpochSeconds(raw: string, seconds: number, nanos: string): AlertTime {
  return instant(raw, `${new Date(seconds * 1000).toISOString().slice(0, -5)}.${nanos}Z`, seconds, nanos);
}

function instant(raw: string, iso: string, seconds: number, nanos: string): AlertTime {
  // Seconds and nanoseconds side by side are the decimal nanoseconds; BigInt only for the rare edge cases.
  const epochNs =
    seconds > 0 ? `${seconds}${nanos}` : (BigInt(seconds) * 1_000_000_000n + BigInt(nanos)).toString();
  return { raw, iso, epochMs: seconds * 1000 + Math.floor(Number(nanos) / 1_000_000), epochNs };
}

function parseOffsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return zone.startsWith('-') ? -minutes : minutes;
}

/** In the proleptic Gregorian calendar, as `Date` counts. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
