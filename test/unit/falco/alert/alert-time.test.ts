import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseAlertTime } from '../../../../src/falco/alert/alert-time.js';

const FIRST_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z, Go's zero time
const LAST_MS = 253_402_300_799_000; // 9999-12-31T23:59:59Z

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The instant `ms` written as RFC 3339 at `offset` minutes east of UTC, with `fraction` digits after the dot. */
function write(ms: number, offset: number, fraction: string, separator: string, colon: boolean): string {
  const local = new Date(ms + offset * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const sign = offset < 0 ? '-' : '+';
  const zone =
    offset === 0 && !colon
      ? 'Z'
      : `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}${colon ? ':' : ''}${pad(Math.abs(offset) % 60)}`;
  return `${date}${separator}${time}${fraction === '' ? '' : `.${fraction}`}${zone}`;
}

describe('parseAlertTime', () => {
  it('reads any instant of the years 0001 to 9999, at any offset, to the nanosecond', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST_MS / 1000 + 1, max: LAST_MS / 1000 }),
        fc.integer({ min: -1439, max: 1439 }),
        fc.stringMatching(/^\d{0,9}$/),
        fc.constantFrom('T', 't', ' '),
        fc.boolean(),
        (seconds, offset, fraction, separator, colon) => {
          const ms = seconds * 1000;
          const local = ms + offset * 60_000;
          fc.pre(local >= FIRST_MS && local <= LAST_MS); // written with four-digit years
          const text = write(ms, offset, fraction, separator, colon);
          const parsed = parseAlertTime(text);
          if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
          const nanos = fraction.padEnd(9, '0');
          expect(parsed.value.raw).toBe(text);
          expect(parsed.value.iso).toBe(`${new Date(ms).toISOString().slice(0, -5)}.${nanos}Z`);
          expect(parsed.value.epochNs).toBe((BigInt(seconds) * 1_000_000_000n + BigInt(nanos)).toString());
          expect(parsed.value.epochMs).toBe(ms + Math.floor(Number(nanos) / 1_000_000));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('takes a date as valid exactly when Date has that day in that month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const probe = new Date(0);
          probe.setUTCFullYear(year, month - 1, day);
          const exists = probe.getUTCDate() === day;
          const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T12:00:00Z`;
          expect(parseAlertTime(text).ok).toBe(exists);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('turns a leap second into the next second, as Date does', () => {
    const parsed = parseAlertTime('2016-12-31T23:59:60.5Z');
    expect(parsed.ok && parsed.value.iso).toBe('2017-01-01T00:00:00.500000000Z');
  });
});
