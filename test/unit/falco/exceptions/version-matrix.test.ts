/**
 * The same false positive across Falco eras: which strategies are offered, in which form, and that each item loads
 * after the era's own default rules without a new error or warning and excepts the alert.
 */
import { describe, expect, it } from '@jest/globals';
import { synthesize, verify, type Strategy } from '../../../../src/falco/exceptions/index.js';
import { applyChange } from '../../../../src/falco/rules-file-edit/index.js';
import { loadShared, sharedInput, TITANAGENT, version } from './helpers.js';

interface Era {
  readonly at: string;
  readonly rules: string;
  readonly exception: 'refused' | 'append' | 'override';
}

const ERAS: readonly Era[] = [
  { at: '0.25.0', rules: 'falco_rules_0.25.0.yaml', exception: 'refused' },
  { at: '0.28.1', rules: 'falco_rules_0.26.2.yaml', exception: 'refused' },
  // The Lua loader of 0.31 already took a new named exception by appending (0.31.0 rule_loader.lua L612-676).
  { at: '0.31.1', rules: 'falco_rules_0.26.2.yaml', exception: 'append' },
  { at: '0.32.0', rules: 'falco_rules_0.26.2.yaml', exception: 'append' },
  { at: '0.36.2', rules: 'falco_rules_0.26.2.yaml', exception: 'append' },
  // Today's falco_rules.yaml needs engine 0.57.0 (Falco 0.42+); 0.37 loads the rules of the 0.26 era.
  { at: '0.37.0', rules: 'falco_rules_0.26.2.yaml', exception: 'override' },
  { at: '0.44.1', rules: 'falco_rules.yaml', exception: 'override' },
];

const STRATEGIES: readonly { strategy: Strategy; target?: string; fields: string[] }[] = [
  { strategy: 'exception', fields: ['proc.name', 'fd.name'] },
  { strategy: 'list', target: 'hids_binaries', fields: ['proc.name'] },
  {
    strategy: 'macro',
    target: 'user_known_read_sensitive_files_activities',
    fields: ['proc.name', 'fd.name'],
  },
  { strategy: 'condition', fields: ['proc.name', 'fd.name'] },
];

describe.each(ERAS)('Falco $at', (era) => {
  const falcoVersion = version(era.at);
  const before = loadShared([era.rules], era.at);

  it.each(STRATEGIES.map((s) => [s.strategy, s] as const))('%s', (_name, choice) => {
    const result = synthesize({
      strategy: choice.strategy,
      ...(choice.target === undefined ? {} : { target: choice.target }),
      fields: choice.fields,
      alert: TITANAGENT,
      ruleset: before.ruleset,
      falcoVersion,
    });
    if (choice.strategy === 'exception' && era.exception === 'refused') {
      expect(!result.ok && result.error.code).toBe('unsupported_version');
      return;
    }
    if (!result.ok) throw new Error(result.error.message);
    const yaml = result.value.yaml;
    if (era.exception === 'override') {
      expect(yaml).toMatch(/\n {2}override:\n {4}(exceptions|items|condition): append\n$/);
      expect(yaml).not.toContain('append: true');
    } else {
      expect(yaml).toContain('\n  append: true\n');
      expect(yaml).not.toContain('override');
    }
    const edited = applyChange('', result.value);
    if (!edited.ok) throw new Error(edited.error.message);
    const verification = verify({
      base: [sharedInput(`fixtures/rules/${era.rules}`)],
      customName: 'custom_rules.yaml',
      customBefore: '',
      customAfter: edited.value.text,
      synthesis: result.value,
      alert: TITANAGENT,
      falcoVersion,
    });
    expect(verification.problems).toEqual([]);
    expect(verification.alert.verdict).toBe('excepted');
  });
});

describe('Falco 0.36 would silently replace a list given override:', () => {
  it('so the list item there uses append: true, and override only from 0.37', () => {
    const old = synthesize({
      strategy: 'list',
      target: 'hids_binaries',
      fields: ['proc.name'],
      alert: TITANAGENT,
      ruleset: loadShared(['falco_rules_0.26.2.yaml'], '0.36.2').ruleset,
      falcoVersion: version('0.36.2'),
    });
    expect(old.ok && old.value.yaml).toBe('- list: hids_binaries\n  append: true\n  items: [titanagent]\n');
    const current = synthesize({
      strategy: 'list',
      target: 'hids_binaries',
      fields: ['proc.name'],
      alert: TITANAGENT,
      ruleset: loadShared(['falco_rules_0.26.2.yaml'], '0.37.0').ruleset,
      falcoVersion: version('0.37.0'),
    });
    expect(current.ok && current.value.yaml).toBe(
      '- list: hids_binaries\n  items: [titanagent]\n  override:\n    items: append\n',
    );
  });
});
