/**
 * The fake's merge button (and the in-memory double's) merges like git: each side's changes since the common
 * ancestor apply when they are apart, and conflict when they overlap or touch, the case of two exception pull
 * requests appending to the end of the same `customRules` block.
 */
import { describe, expect, it } from '@jest/globals';
import { mergeThreeWay } from '../../../../src/stand-ins/github/three-way-merge.js';

const BASE = 'a\nb\nc\nd\ne\n';

describe('three-way merge (as GitHub merges)', () => {
  it('applies changes of both sides that are apart', () => {
    expect(mergeThreeWay(BASE, 'A\nb\nc\nd\ne\n', 'a\nb\nc\nd\nE\n')).toBe('A\nb\nc\nd\nE\n');
    expect(mergeThreeWay(BASE, 'a\nb\nc\nd\ne\nours\n', BASE)).toBe('a\nb\nc\nd\ne\nours\n');
  });

  it('refuses two insertions at the same place (both appending at the end)', () => {
    expect(mergeThreeWay(BASE, `${BASE}ours\n`, `${BASE}theirs\n`)).toBeUndefined();
  });

  it('refuses changes of the same or adjacent lines, and keeps one copy of identical changes', () => {
    expect(mergeThreeWay(BASE, 'a\nB\nc\nd\ne\n', 'a\nb2\nc\nd\ne\n')).toBeUndefined();
    expect(mergeThreeWay(BASE, 'a\nB\nc\nd\ne\n', 'a\nb\nC\nd\ne\n')).toBeUndefined();
    expect(mergeThreeWay(BASE, 'a\nB\nc\nd\ne\n', 'a\nB\nc\nd\ne\n')).toBe('a\nB\nc\nd\ne\n');
  });

  it('handles a file without a final newline', () => {
    expect(mergeThreeWay('x\ny\nz', 'X\ny\nz', 'x\ny\nZ')).toBe('X\ny\nZ');
  });
});
