import { describe, expect, it } from '@jest/globals';
import { createFingerprinter } from '../../../../src/falco/alert/fingerprint.js';
import { fieldValueToText } from '../../../../src/falco/alert/output-fields.js';
import { readAlertBatch } from '../../../../src/falco/alert/read-alerts.js';
import type { Alert } from '../../../../src/falco/alert/alert.js';
import { alertFixture } from '../../../helpers/fixtures.js';

const EXACT = '1786584584319538044';

/** Fixture 029 as Falco sends it: evt.time with all 19 digits, which a double cannot hold. */
function alertText(changes: Record<string, unknown> = {}): string {
  const text = JSON.stringify({ ...alertFixture('029'), ...changes });
  return text.replace('"evt.time":1786584584319538000', `"evt.time":${EXACT}`);
}

function readOne(body: string): Alert {
  const [item] = readAlertBatch(body).items;
  if (item?.ok !== true || item.input.kind !== 'json') throw new Error(JSON.stringify(item));
  return item.input.alert;
}

describe('integers beyond 2^53 in alerts', () => {
  it.each([
    ['one alert', (text: string) => text],
    ['a JSON array', (text: string) => `[${text}]`],
    ['NDJSON', (text: string) => `${text}\n${text}\n`],
    ['pretty-printed documents one after another', (text: string) => `${text}\n\n${text}`],
  ])(
    'keeps evt.time exact in the output fields of %s, and the nearest double for the evaluator',
    (_title, wrap) => {
      const alert = readOne(wrap(alertText()));

      expect(alert.outputFields['evt.time']).toBe(BigInt(EXACT));
      expect(fieldValueToText(alert.outputFields['evt.time'])).toBe(EXACT);
      expect(alert.fields['evt.time']).toBe(1786584584319538044);
      expect(alert.notes.map((note) => note.code)).not.toContain('value_converted');
    },
  );

  it('takes an exact time from evt.time when the alert has no time', () => {
    const alert = readOne(alertText({ time: undefined }));

    expect(alert.time.epochNs).toBe(EXACT);
    expect(alert.time.iso).toBe('2026-08-13T01:29:44.319538044Z');
  });

  it('keeps exact integers inside list values and shows them digit for digit', () => {
    const alert = readOne(
      alertText().replace('"proc.tty":0', '"proc.tty":[1,18446744073709551615,-9223372036854775808]'),
    );

    expect(alert.outputFields['proc.tty']).toEqual([1, 18446744073709551615n, -9223372036854775808n]);
    expect(fieldValueToText(alert.outputFields['proc.tty'])).toBe(
      '[1,18446744073709551615,-9223372036854775808]',
    );
    expect(alert.fields['proc.tty']).toEqual([1, 18446744073709552000, -9223372036854776000]);
  });

  it('fingerprints an alert as before: from the evaluator view of its fields', () => {
    const fingerprint = createFingerprinter({ rules: { 'Read sensitive file untrusted': ['evt.time'] } });
    const exact = readOne(alertText());
    const rounded = readOne(JSON.stringify(alertFixture('029')));

    expect(fingerprint(exact).id).toBe(fingerprint(rounded).id);
    // Stored rows carry the exact output fields; fingerprinting them (for their identity fields) must not throw.
    expect(() => fingerprint({ ...exact, fields: exact.outputFields })).not.toThrow();
  });
});
