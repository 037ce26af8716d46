/**
 * Attacker-controlled values, generated: for every strategy and Falco era, a value either yields YAML that loads
 * cleanly with the base rules and excepts exactly the alert (the same alert with any other value still fires), or
 * is refused with a reason. Values: spaces, quotes, commas, parentheses, newlines, `#`, `: `, leading `-`, globs,
 * list and field names, 2,000-character values, non-ASCII, control characters, random Unicode.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  evaluateAlert,
  planImpact,
  synthesize,
  verify,
  type AlertSubject,
  type Strategy,
} from '../../../../src/falco/exceptions/index.js';
import { readsBackAs } from '../../../../src/falco/exceptions/round-trip.js';
import { loadRules } from '../../../../src/falco/rules/index.js';
import { applyChange } from '../../../../src/falco/rules-file-edit/index.js';
import { version } from './helpers.js';
import { MINI_RULE, MINI_RULES } from './mini-rules.js';

const PIECES = [
  ' ',
  '"',
  "'",
  ',',
  '(',
  ')',
  '\n',
  '\r\n',
  '\t',
  '#',
  ': ',
  ' #',
  '-',
  '- ',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '\\',
  '=',
  '==',
  '!',
  '&',
  '|',
  '>',
  '%',
  '@',
  '`',
  '~',
  'hids_binaries',
  'shell_binaries',
  'proc.name',
  'proc.pname',
  'fd.name',
  'tolower(',
  'val(',
  'and',
  'or',
  'not',
  'in',
  'é',
  '日本語',
  '🙂',
  '\u00a0',
  '\u2028',
  '\u0085',
  '\u0000',
  '\u007f',
  '0',
  '1e3',
  '0x1F',
  'true',
  'null',
  'yes',
  '<<',
  '/etc/',
  '..',
  '"quoted"',
  "'single'",
  '\\"',
  ' and ',
] as const;

const value = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), {
        minLength: 1,
        maxLength: 8,
      })
      .map((parts) => parts.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.string({ minLength: 1990, maxLength: 2010 }).map((text) => `x${text}`) },
);

interface Case {
  readonly strategy: Strategy;
  readonly target?: string;
  readonly fields: readonly string[];
  /** The field that holds the generated value. */
  readonly field: 'proc.name' | 'fd.name';
}

const CASES: readonly Case[] = [
  { strategy: 'exception', fields: ['proc.name', 'fd.name'], field: 'proc.name' },
  { strategy: 'exception', fields: ['proc.name', 'fd.name'], field: 'fd.name' },
  { strategy: 'condition', fields: ['proc.name', 'fd.name'], field: 'fd.name' },
  {
    strategy: 'macro',
    target: 'user_known_read_sensitive_files_activities',
    fields: ['proc.name', 'fd.name'],
    field: 'proc.name',
  },
  { strategy: 'list', target: 'hids_binaries', fields: ['proc.name'], field: 'proc.name' },
];

const VALUES_FILE =
  'customRules:\n  custom_rules.yaml: |-\n    - list: safe_etc_dirs\n      items: [/etc/titanagent]\n';

const VERSIONS = ['0.44.1', '0.37.0', '0.35.1', '0.30.0', '0.25.0'] as const;

const RUNS = Number(process.env.FC_RUNS ?? 60);

describe.each(VERSIONS)('adversarial values on Falco %s', (at) => {
  const falcoVersion = version(at);
  const beforeByFile = new Map<string, ReturnType<typeof loadRules>>();
  const loadBefore = (custom: string): ReturnType<typeof loadRules> => {
    let loaded = beforeByFile.get(custom);
    if (loaded === undefined) {
      loaded = loadRules([MINI_RULES, { name: 'custom.yaml', content: custom }], { falcoVersion });
      beforeByFile.set(custom, loaded);
    }
    return loaded;
  };

  it.each(CASES.map((c) => [`${c.strategy}${c.target ? `:${c.target}` : ''} on ${c.field}`, c] as const))(
    '%s: verified, or refused with a reason',
    (_name, testCase) => {
      const refusals = new Map<string, number>();
      let verified = 0;
      fc.assert(
        fc.property(value, value, fc.boolean(), (generated, otherValue, useValuesFile) => {
          const fields: Record<string, string> = { 'proc.name': 'titanagent', 'fd.name': '/etc/shadow' };
          fields[testCase.field] = generated;
          const alert: AlertSubject = { rule: MINI_RULE, fields, hostname: 'h1' };
          const custom = useValuesFile ? VALUES_FILE : '';
          const before = loadBefore(custom);
          expect(before.errors).toEqual([]);
          const synthesis = synthesize({
            strategy: testCase.strategy,
            ...(testCase.target === undefined ? {} : { target: testCase.target }),
            fields: testCase.fields,
            alert,
            ruleset: before.ruleset,
            falcoVersion,
          });
          if (!synthesis.ok) {
            expect(synthesis.error.message.length).toBeGreaterThan(10);
            refusals.set(synthesis.error.code, (refusals.get(synthesis.error.code) ?? 0) + 1);
            return;
          }
          // The whole item reads back as the change (synthesis proves it scalar by scalar).
          expect(readsBackAs(synthesis.value.yaml, synthesis.value.change)).toBe(true);
          const edited = applyChange(custom, synthesis.value);
          if (!edited.ok) throw new Error(edited.error.message);
          const verification = verify({
            base: [MINI_RULES],
            customName: 'custom.yaml',
            customBefore: custom,
            customAfter: edited.value.text,
            synthesis: synthesis.value,
            alert,
            falcoVersion,
            before,
          });
          if (!verification.ok)
            throw new Error(`${JSON.stringify(generated)}: ${verification.problems.join('; ')}`);
          verified++;
          // The same alert with any other value of the field still fires.
          fc.pre(otherValue !== generated);
          const plan = planImpact(before.ruleset, verification.after.ruleset, { falcoVersion });
          const altered = { ...alert, fields: { ...fields, [testCase.field]: otherValue } };
          expect(evaluateAlert(plan, altered).verdict).not.toBe('excepted');
          expect(evaluateAlert(plan, alert).verdict).toBe('excepted');
        }),
        { numRuns: RUNS },
      );
      // Refusals are the exception, not the rule: every strategy verifies most generated values...
      if (testCase.strategy !== 'list' && synthesizeSupported(testCase.strategy, at))
        expect(verified).toBeGreaterThan(RUNS / 2);
      // ...and only lists refuse for the characters Falco cannot escape.
      if (testCase.strategy !== 'list')
        expect(
          [...refusals.keys()].filter((code) => code !== 'value_unsafe' && code !== 'unsupported_version'),
        ).toEqual([]);
    },
    120_000,
  );
});

function synthesizeSupported(strategy: Strategy, at: string): boolean {
  return strategy !== 'exception' || !['0.30.0', '0.25.0'].includes(at);
}
