import { describe, expect, it } from '@jest/globals';
import { MAX_DEPTH, nestingDepth } from '../../../../src/falco/alert/alert-limits.js';
import { readAlertBatch } from '../../../../src/falco/alert/read-alerts.js';
import { parseAlert } from '../../../../src/falco/alert/schema.js';

const minimal = {
  rule: 'Read sensitive file untrusted',
  priority: 'Warning',
  time: '2026-08-13T01:29:44.319538044Z',
  output_fields: { 'proc.name': 'cat' },
};

/** An array nested `levels` deep: `[[[…]]]`. */
function nested(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < levels; level++) value = [value];
  return value;
}

function problemOf(input: unknown): { code: string; field: string | undefined; message: string } {
  const result = parseAlert(input);
  if (result.ok) throw new Error('expected the alert to be refused');
  return result.error;
}

describe('alert limits', () => {
  it('counts nesting levels without recursion, and stops counting past the limit', () => {
    expect(nestingDepth('text', 32)).toBe(0);
    expect(nestingDepth({}, 32)).toBe(1);
    expect(nestingDepth({ a: [1, { b: [] }] }, 32)).toBe(4);
    expect(nestingDepth(nested(100_000), 32)).toBe(33);
  });

  it(`accepts ${MAX_DEPTH} levels (the alert object is the first) and refuses one more, naming the reason`, () => {
    const atLimit = { ...minimal, output_fields: { 'fd.types': nested(MAX_DEPTH - 2) } };
    const overLimit = { ...minimal, output_fields: { 'fd.types': nested(MAX_DEPTH - 1) } };

    expect(parseAlert(atLimit).ok).toBe(true);
    expect(problemOf(overLimit)).toMatchObject({
      code: 'too_deep',
      message: expect.stringContaining(`more than ${MAX_DEPTH} levels deep`),
    });
  });

  it('refuses a value nested a hundred thousand levels deep with a reason instead of overflowing the stack', () => {
    const body = JSON.stringify({ ...minimal, output_fields: { 'proc.args': 'x' } }).replace(
      '"x"',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );

    const [item] = readAlertBatch(body).items;

    expect(item).toMatchObject({ ok: false, problem: { code: 'too_deep' } });
  });

  it('refuses more than 1,000 output fields and accepts 1,000', () => {
    const fields = (count: number): Record<string, number> =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`evt.arg.a${index}`, index]));

    expect(parseAlert({ ...minimal, output_fields: fields(1000) }).ok).toBe(true);
    expect(problemOf({ ...minimal, output_fields: fields(1001) })).toMatchObject({
      code: 'too_many_fields',
      field: 'output_fields',
      message: '"output_fields": has 1001 fields; at most 1000 are accepted',
    });
  });

  it.each([
    ['rule', 'r'.repeat(1025), 1025],
    ['rule', 'é'.repeat(513), 1026],
    ['uuid', 'u'.repeat(2000), 2000],
  ])('refuses a %s over 1,024 bytes of UTF-8', (key, value, bytes) => {
    expect(problemOf({ ...minimal, [key]: value })).toMatchObject({
      code: 'too_long',
      field: key,
      message: `"${key}": is ${bytes} bytes long; at most 1024 are accepted`,
    });
  });

  it('accepts a rule of exactly 1,024 bytes', () => {
    expect(parseAlert({ ...minimal, rule: 'é'.repeat(512) }).ok).toBe(true);
  });

  it.each([
    ['0001-01-01T00:30:00+01:00', 'before the year 1 in UTC'],
    ['9999-12-31T23:30:00-01:00', 'after the year 9999 in UTC'],
  ])('refuses the time %s (%s): the store cannot hold it', (time) => {
    expect(problemOf({ ...minimal, time })).toMatchObject({
      code: 'time_invalid',
      message: expect.stringContaining('outside the years 0001 to 9999'),
    });
  });
});
