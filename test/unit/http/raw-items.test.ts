import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readAlertBatch } from '../../../src/falco/alert/read-alerts.js';
import { rawTexts } from '../../../src/http/raw-items.js';
import { alertFixture } from '../../helpers/fixtures.js';

/** An alert whose evt.time has 19 digits (JSON.parse rounds it) and a string with an escape. */
function alertText(n: number, spacing = ''): string {
  const base = alertFixture('029');
  const rest = JSON.stringify({ ...base, output_fields: undefined }).slice(1, -1);
  return `{"output_fields":{${spacing}"evt.time":178658458431953804${n},"proc.cmdline":"cat \\u0041 ${n}"},${rest}}`;
}

function raws(body: string): (string | undefined)[] {
  return rawTexts(body, readAlertBatch(body));
}

describe('rawTexts', () => {
  it('keeps a lone alert exactly as sent, every digit of evt.time included', () => {
    const body = `\n  ${alertText(4, ' ')}\n`;

    const [raw] = raws(body);

    expect(raw).toBe(alertText(4, ' '));
    expect(JSON.stringify(JSON.parse(body))).not.toContain('1786584584319538044');
    expect(raw).toContain('"evt.time":1786584584319538044');
  });

  it('slices the elements of a JSON array, skipping the invalid ones', () => {
    const body = `[${alertText(1)},\n 42,\n  {"rule": "no priority"},\n${alertText(2, '  ')}]`;

    const result = raws(body);

    expect(result).toEqual([alertText(1), undefined, undefined, alertText(2, '  ')]);
  });

  it('slices every valid element of an array exactly, whatever the blanks around and between them', () => {
    const blank = fc.stringMatching(/^[ \t\r\n]{0,3}$/);
    const element = fc.oneof(
      fc.integer({ min: 0, max: 9 }).map((n) => ({ text: alertText(n, ' '), valid: true })),
      fc.constantFrom('42', '"text"', '{"rule": "no priority"}', '[1, {"a": "}"}]', 'null').map((text) => ({
        text,
        valid: false,
      })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(blank, element, blank), { minLength: 1, maxLength: 6 }),
        blank,
        (items, outer) => {
          const body = `${outer}[${items.map(([before, { text }, after]) => `${before}${text}${after}`).join(',')}]${outer}`;
          expect(raws(body)).toEqual(items.map(([, { text, valid }]) => (valid ? text : undefined)));
        },
      ),
    );
  });

  it('matches NDJSON documents to their items, arrays among them expanded, garbage lines skipped', () => {
    const body = [
      alertText(1),
      'not json at all',
      `[${alertText(2)}, ${alertText(3)}]`,
      `{"rule": "broken", }`,
      alertText(5),
    ].join('\n');
    const read = readAlertBatch(body);

    const result = rawTexts(body, read);

    const valid = result.filter((raw, index) => read.items[index]?.ok === true);
    expect(valid).toEqual([alertText(1), alertText(2), alertText(3), alertText(5)]);
  });

  it('tells several documents on one line apart by their content', () => {
    const body = `{"rule": "bad", "priority": "nope"} ${alertText(7)}\n${alertText(8)}`;
    const read = readAlertBatch(body);

    const result = rawTexts(body, read);

    const validIndexes = read.items.flatMap((item, index) => (item.ok ? [index] : []));
    expect(validIndexes.map((index) => result[index])).toEqual([alertText(7), alertText(8)]);
  });
});
