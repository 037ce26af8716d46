import { describe, expect, it } from '@jest/globals';
import { parseAlert } from '../../../../src/falco/alert/schema.js';
import {
  isUnstorable,
  mayHoldUnstorable,
  storableAlert,
  storableText,
} from '../../../../src/falco/alert/storable-text.js';

describe('storable text', () => {
  it.each([
    ['a NUL', 'a\u0000b', 'a\\u0000b'],
    ['a lone high surrogate', 'x\ud800y', 'x\\ud800y'],
    ['a lone low surrogate', '\udc80', '\\udc80'],
    ['a high surrogate at the end', 'end\udbff', 'end\\udbff'],
    ['reversed surrogates', '\ude00\ud83d', '\\ude00\\ud83d'],
  ])('escapes %s visibly', (_title, text, escaped) => {
    expect(isUnstorable(text)).toBe(true);
    expect(storableText(text)).toBe(escaped);
    expect(isUnstorable(storableText(text))).toBe(false);
  });

  it('keeps text PostgreSQL holds as it is, a surrogate pair (an emoji) and other control characters included', () => {
    const text = 'smile \ud83d\ude00 \u0001\u001f tab\t é';

    expect(isUnstorable(text)).toBe(false);
    expect(storableText(text)).toBe(text);
  });

  it('finds every JSON text whose values may hold such characters, and passes plain alerts with one test', () => {
    expect(mayHoldUnstorable('{"a":"\\u0000"}')).toBe(true);
    expect(mayHoldUnstorable('{"a":"\\uD800"}')).toBe(true);
    expect(mayHoldUnstorable('{"a":"\\udfff"}')).toBe(true);
    expect(mayHoldUnstorable('plain text line with a NUL \u0000')).toBe(true);
    expect(mayHoldUnstorable('text with a lone \ud800')).toBe(true);
    expect(mayHoldUnstorable('{"a":"\\u0041 \\n é 😀"}')).toBe(false);
  });

  it('escapes every stored or shown text of an alert, field keys included', () => {
    const parsed = parseAlert(
      JSON.parse(
        '{"rule":"r\\u0000","priority":"Warning","time":"2026-08-13T01:29:44Z","hostname":"h\\ud800",' +
          '"tags":["t\\u0000"],"output":"o\\u0000","uuid":"u\\u0000",' +
          '"output_fields":{"k\\u0000":"v\\udc00","proc.args":["a\\u0000",1]}}',
      ) as unknown,
    );
    if (!parsed.ok) throw new Error(parsed.error.message);

    const alert = storableAlert(parsed.value);

    expect(alert).toMatchObject({
      rule: 'r\\u0000',
      hostname: 'h\\ud800',
      tags: ['t\\u0000'],
      output: 'o\\u0000',
      uuid: 'u\\u0000',
    });
    expect({ ...alert.outputFields }).toEqual({ 'k\\u0000': 'v\\udc00', 'proc.args': ['a\\u0000', 1] });
    expect(alert.fields).toBe(alert.outputFields);
    const texts: string[] = [];
    JSON.stringify(alert, (key, value: unknown) => {
      texts.push(key);
      if (typeof value === 'string') texts.push(value);
      return value;
    });
    expect(texts.filter(isUnstorable)).toEqual([]);
  });
});
