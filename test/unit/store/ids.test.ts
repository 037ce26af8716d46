import { describe, expect, it } from '@jest/globals';
import { newId } from '../../../src/store/ids.js';

describe('newId', () => {
  it('makes RFC 9562 version 7 UUIDs carrying the millisecond timestamp', () => {
    const id = newId(Date.parse('2026-08-13T01:29:44.319Z'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(
      Date.parse('2026-08-13T01:29:44.319Z'),
    );
  });

  it('sorts by time and does not repeat', () => {
    const ids = Array.from({ length: 2000 }, (_, index) => newId(1_786_584_584_000 + Math.floor(index / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    const times = ids.map((id) => id.slice(0, 13));
    expect([...times].sort()).toEqual(times);
  });
});
