/** Where a syntax error is, for people: line, column, and a caret under the offset. */
import { describe, expect, it } from '@jest/globals';
import { errorExcerpt } from '../../../../src/falco/condition/error-excerpt.js';

describe('errorExcerpt', () => {
  it('points into a one-line condition', () => {
    expect(errorExcerpt('proc.name = (a', 12)).toEqual({
      line: 1,
      column: 13,
      text: 'proc.name = (a',
      caret: '            ^',
    });
  });

  it('finds the line in multi-line text with LF or CRLF, and keeps tabs under the caret', () => {
    expect(errorExcerpt('a and\r\n\tb.c = = d', 14)).toEqual({
      line: 2,
      column: 8,
      text: '\tb.c = = d',
      caret: '\t      ^',
    });
    expect(errorExcerpt('a\nb\nc and', 7)).toMatchObject({ line: 3, column: 4 });
  });

  it('points just past the end when the error is at the end', () => {
    expect(errorExcerpt('a and', 5)).toEqual({ line: 1, column: 6, text: 'a and', caret: '     ^' });
  });

  it('cuts long lines to a window with ellipses, keeping the caret on the right character', () => {
    const text = `${'x'.repeat(500)}!${'y'.repeat(500)}`;
    const excerpt = errorExcerpt(text, 500);
    expect(excerpt.text.startsWith('…')).toBe(true);
    expect(excerpt.text.endsWith('…')).toBe(true);
    expect(excerpt.text.length).toBeLessThanOrEqual(122);
    expect(excerpt.text[excerpt.caret.length - 1]).toBe('!');
  });

  it('clamps offsets outside the text', () => {
    expect(errorExcerpt('abc', 99)).toMatchObject({ line: 1, column: 4 });
    expect(errorExcerpt('abc', -3)).toMatchObject({ line: 1, column: 1, caret: '^' });
  });
});
