import { describe, expect, it } from '@jest/globals';
import {
  PRIORITIES,
  comparePriority,
  isAtLeast,
  isPriority,
  parsePriority,
  severity,
  syslogSeverity,
} from '../../../../src/falco/alert/priority.js';

describe('parsePriority', () => {
  it.each([
    ['Warning', 'Warning'],
    ['WARNING', 'Warning'],
    ['warn', 'Warning'],
    ['Info', 'Informational'],
    ['informational', 'Informational'],
    ['INFORMATIONAL', 'Informational'],
    [' critical ', 'Critical'],
    ['crit', 'Critical'],
    ['err', 'Error'],
    ['emerg', 'Emergency'],
    ['debug', 'Debug'],
    ['Notice', 'Notice'],
    ['ALERT', 'Alert'],
  ])('reads %j as %s', (text, expected) => {
    expect(parsePriority(text)).toBe(expected);
  });

  it.each(['Severe', '', 'warnings', 'information', '4'])('refuses %j', (text) => {
    expect(parsePriority(text)).toBeUndefined();
  });
});

describe('priority order', () => {
  it('numbers severity from Debug 0 to Emergency 7 and syslog the other way', () => {
    expect(PRIORITIES.map(severity)).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
    expect(PRIORITIES.map(syslogSeverity)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('sorts ascending from Debug to Emergency and answers "at least"', () => {
    const sorted = [...PRIORITIES].sort(comparePriority);
    expect(sorted[0]).toBe('Debug');
    expect(sorted.at(-1)).toBe('Emergency');
    expect(isAtLeast('Critical', 'Warning')).toBe(true);
    expect(isAtLeast('Warning', 'Warning')).toBe(true);
    expect(isAtLeast('Notice', 'Warning')).toBe(false);
  });

  it('recognises only Falco spellings as stored priorities', () => {
    expect(isPriority('Informational')).toBe(true);
    expect(isPriority('Info')).toBe(false);
    expect(isPriority(3)).toBe(false);
  });
});
