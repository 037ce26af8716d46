/** Kleene's three-valued and/or/not, absent versus <NA>, unexpanded names. */
import { describe, expect, it } from '@jest/globals';
import type { FieldValues, Truth } from '../../../../src/falco/eval/index.js';
import { evaluateAll } from './helpers.js';

const ALERT: FieldValues = { 'proc.name': 'cat', 'k8s.ns.name': null };
const ATOM: Readonly<Record<Truth, string>> = {
  true: 'proc.name = cat',
  false: 'proc.name = dog',
  unknown: 'missing.field = x',
};
const VALUES: readonly Truth[] = ['true', 'false', 'unknown'];

function kleeneAnd(a: Truth, b: Truth): Truth {
  if (a === 'false' || b === 'false') return 'false';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'true';
}
function kleeneOr(a: Truth, b: Truth): Truth {
  if (a === 'true' || b === 'true') return 'true';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'false';
}

const pairs = VALUES.flatMap((a) => VALUES.map((b) => [a, b] as const));

describe('Kleene logic', () => {
  it.each(pairs.map(([a, b]) => [`${ATOM[a]} and ${ATOM[b]}`, kleeneAnd(a, b)]))(
    '%s → %s',
    (condition, expected) => {
      expect(evaluateAll(condition, ALERT)).toBe(expected);
    },
  );

  it.each(pairs.map(([a, b]) => [`${ATOM[a]} or ${ATOM[b]}`, kleeneOr(a, b)]))(
    '%s → %s',
    (condition, expected) => {
      expect(evaluateAll(condition, ALERT)).toBe(expected);
    },
  );

  it.each([
    [`not ${ATOM.true}`, 'false'],
    [`not ${ATOM.false}`, 'true'],
    [`not ${ATOM.unknown}`, 'unknown'],
    [`not not ${ATOM.unknown}`, 'unknown'],
    [`not (${ATOM.true} and ${ATOM.unknown})`, 'unknown'],
    [`not (${ATOM.false} and ${ATOM.unknown})`, 'true'],
    [`${ATOM.unknown} and ${ATOM.unknown} or ${ATOM.true}`, 'true'],
    [`${ATOM.true} and (${ATOM.false} or ${ATOM.unknown})`, 'unknown'],
  ] as const)('%s → %s', (condition, expected) => {
    expect(evaluateAll(condition, ALERT)).toBe(expected);
  });
});

describe('absent versus <NA>', () => {
  it.each([
    ['k8s.ns.name = x', 'false'], // Falco evaluated it: extraction failed, the check is false
    ['not k8s.ns.name = x', 'true'],
    ['k8s.ns.name exists', 'false'],
    ['k8s.pod.name = x', 'unknown'], // not in the alert: we cannot know
    ['not k8s.pod.name = x', 'unknown'],
    ['k8s.pod.name exists', 'unknown'],
  ] as const)('%s → %s', (condition, expected) => {
    expect(evaluateAll(condition, ALERT)).toBe(expected);
  });

  it('treats an undefined value like a missing key', () => {
    expect(evaluateAll('proc.name = cat', { 'proc.name': undefined })).toBe('unknown');
  });
});

describe('unexpanded names', () => {
  it.each([
    ['some_macro', 'unknown'],
    ['not some_macro', 'unknown'],
    [`some_macro or ${ATOM.true}`, 'true'],
    [`some_macro and ${ATOM.false}`, 'false'],
  ] as const)('%s → %s', (condition, expected) => {
    expect(evaluateAll(condition, ALERT)).toBe(expected);
  });
});
