import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseJson, stringifyJson } from '../../../../src/falco/alert/exact-json.js';
import { plainObject, writeJson } from '../../../helpers/json-text.js';

/** JSON values whose integers may be beyond 2^53 (as bigints), with strings full of digits and escapes. */
const exactValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
    fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{10,25}$/), fc.constant('a"\\u0041 12345678901234567890')),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constant('evt.time'), fc.constant('__proto__')), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** The value as parseJson should give it back: integers within 2^53 are numbers, beyond it bigints. */
function expected(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)
      ? value
      : Number(value);
  }
  if (Array.isArray(value)) return value.map(expected);
  if (typeof value === 'object' && value !== null)
    return plainObject(Object.entries(value).map(([key, item]) => [key, expected(item)] as const));
  return value;
}

/** No number in the text is an integer beyond 2^53 (what parseJson reads as a bigint). */
function withinSafeIntegers(text: string): boolean {
  const safe = (value: unknown): boolean => {
    if (typeof value === 'number') return !Number.isInteger(value) || Number.isSafeInteger(value);
    if (typeof value === 'object' && value !== null) return Object.values(value).every(safe);
    return true;
  };
  return safe(JSON.parse(text));
}

describe('exact JSON', () => {
  it('keeps every integer literal beyond 2^53 exact, as a bigint', () => {
    const value = parseJson(
      '{"output_fields":{"evt.time":1786584584319538044,"n":-9007199254740993,"ok":9007199254740991}}',
    );

    expect(value).toEqual({
      output_fields: { 'evt.time': 1786584584319538044n, n: -9007199254740993n, ok: 9007199254740991 },
    });
    expect(JSON.parse('1786584584319538044')).toBe(1786584584319538000);
  });

  it('leaves numbers with a fraction or an exponent, and digits inside strings, as JSON.parse reads them', () => {
    const text =
      '[12345678901234567890.5, 1e400, 1.5e300, "12345678901234567890", "\\"123456789012345678\\""]';

    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it('keeps the last of duplicate keys, as JSON.parse does', () => {
    expect(parseJson('{"a":12345678901234567890,"a":5}')).toEqual({ a: 5 });
    expect(parseJson('{"a":{"b":12345678901234567890},"\\u0061":{"b":1}}')).toEqual({ a: { b: 1 } });
    expect(parseJson('{"a":1,"a":12345678901234567890}')).toEqual({ a: 12345678901234567890n });
  });

  it('keeps a duplicate that replaced a big integer with the same double as that double', () => {
    expect(parseJson('{"a":{"b":12345678901234567890},"a":{"b":1.2345678901234567e19}}')).toEqual({
      a: { b: 12345678901234567000 },
    });
    expect(parseJson('{"r":1,"r":2,"a":{"b":12345678901234567890}}')).toEqual({
      r: 2,
      a: { b: 12345678901234567890n },
    });
    expect(parseJson('[{"x":1,"x":{"y":99999999999999999999}}]')).toEqual([
      { x: { y: 99999999999999999999n } },
    ]);
  });

  it('reads what a sender wrote exactly, however it is spaced, and writes it back digit for digit', () => {
    fc.assert(
      fc.property(exactValue, fc.constantFrom('', ' ', '\n  '), (value, space) => {
        const text = writeJson(value, space);

        const parsed = parseJson(text);

        expect(parsed).toEqual(expected(value));
        expect(stringifyJson(parsed)).toBe(writeJson(expected(value), ''));
      }),
      { numRuns: 300 },
    );
  });

  it('is JSON.parse and JSON.stringify when no integer is beyond 2^53', () => {
    fc.assert(
      fc.property(fc.json().filter(withinSafeIntegers), (text) => {
        expect(parseJson(text)).toEqual(JSON.parse(text));
        expect(stringifyJson(JSON.parse(text))).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a deeply nested text without recursion', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}12345678901234567890${']'.repeat(depth)}`;

    let value = parseJson(text);
    for (let level = 0; level < depth; level++) value = (value as unknown[])[0];

    expect(value).toBe(12345678901234567890n);
  });
});
