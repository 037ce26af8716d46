import { describe, expect, it } from '@jest/globals';
import {
  describeImpact,
  evaluateAlert,
  planImpact,
  previewImpact,
  summarizeImpact,
  synthesize,
  type ImpactAlert,
  type Strategy,
} from '../../../../src/falco/exceptions/index.js';
import { loadRules } from '../../../../src/falco/rules/index.js';
import { applyChange } from '../../../../src/falco/rules-file-edit/index.js';
import { jsonAlert, loadShared, sharedInput, subject, version } from './helpers.js';

const RULE = 'Read sensitive file untrusted';
const TRUSTED = 'Read sensitive file trusted after startup';
const base = loadShared(['falco_rules.yaml'], '0.44.1');
const a029 = subject(jsonAlert('029'));
const a030 = subject(jsonAlert('030'));

function alerts(): ImpactAlert[] {
  return [
    { ...a029, hostname: 'h1' },
    { ...a029, hostname: 'h2' },
    { ...a030, fields: { ...a030.fields, 'fd.name': '/etc/gshadow' }, hostname: 'h2' },
    { ...a030, fields: { ...a030.fields, 'proc.name': 'titanagent' }, hostname: 'h3' },
    { rule: TRUSTED, fields: a029.fields, hostname: 'h4' },
    { rule: 'Terminal shell in container', fields: { 'proc.name': 'cat' }, hostname: 'h5' },
    { ...a029, fields: { 'fd.name': '/etc/shadow' }, hostname: 'h6' },
  ];
}

const CASES: readonly [Strategy, string | undefined, string[]][] = [
  ['exception', undefined, ['proc.name', 'fd.name']],
  ['condition', undefined, ['proc.name', 'fd.name']],
  ['macro', 'user_known_read_sensitive_files_activities', ['proc.name', 'fd.name']],
  ['list', 'hids_binaries', ['proc.name']],
];

describe('impact of a change on stored alerts', () => {
  it.each(CASES)(
    '%s: the preview (no reload) agrees with the plan over the edited rules',
    (strategy, target, fields) => {
      const synthesis = synthesize({
        strategy,
        ...(target === undefined ? {} : { target }),
        fields,
        alert: a029,
        ruleset: base.ruleset,
        falcoVersion: version('0.44.1'),
      });
      if (!synthesis.ok) throw new Error(synthesis.error.message);
      const edited = applyChange('', synthesis.value);
      if (!edited.ok) throw new Error(edited.error.message);
      const after = loadRules([
        sharedInput('fixtures/rules/falco_rules.yaml'),
        { name: 'c', content: edited.value.text },
      ]);
      const full = planImpact(base.ruleset, after.ruleset);
      const preview = previewImpact(synthesis.value, base.ruleset);
      for (const alert of alerts()) expect(evaluateAlert(preview, alert)).toEqual(evaluateAlert(full, alert));
      expect(summarizeImpact(preview, alerts())).toEqual(summarizeImpact(full, alerts()));
    },
  );

  it('counts alerts of this rule, hosts and other rules', () => {
    const synthesis = synthesize({
      strategy: 'macro',
      target: 'user_known_read_sensitive_files_activities',
      fields: ['proc.name', 'fd.name'],
      alert: a029,
      ruleset: base.ruleset,
      falcoVersion: version('0.44.1'),
    });
    if (!synthesis.ok) throw new Error(synthesis.error.message);
    const summary = summarizeImpact(previewImpact(synthesis.value, base.ruleset), alerts());
    expect(summary).toMatchObject({ excepted: 3, stillFires: 3, unknown: 1, exceptedHosts: 3 });
    expect(describeImpact(summary, RULE)).toBe(
      'would have silenced 2 alerts of this rule on 2 hosts, and 1 alert of 1 other rule (1 alert could not be decided)',
    );
  });

  it('says what is undecided, and treats unknown rules as unknown', () => {
    const synthesis = synthesize({
      strategy: 'exception',
      fields: ['proc.name', 'fd.name'],
      alert: a029,
      ruleset: base.ruleset,
      falcoVersion: version('0.44.1'),
    });
    if (!synthesis.ok) throw new Error(synthesis.error.message);
    const plan = previewImpact(synthesis.value, base.ruleset);
    const missing = evaluateAlert(plan, { rule: RULE, fields: { 'fd.name': '/etc/shadow' } });
    expect(missing).toMatchObject({ verdict: 'unknown', by: { kind: 'exception' } });
    expect(missing.reason).toMatch(/does not show whether .*proc\.name = cat/);
    expect(evaluateAlert(plan, { rule: 'nope', fields: {} })).toMatchObject({ verdict: 'unknown' });
  });

  it('reports a disabled rule as excepting all its alerts', () => {
    const after = loadRules([
      sharedInput('fixtures/rules/falco_rules.yaml'),
      { name: 'c', content: `- rule: ${RULE}\n  enabled: false\n  override:\n    enabled: replace\n` },
    ]);
    const plan = planImpact(base.ruleset, after.ruleset);
    expect(evaluateAlert(plan, a029)).toEqual({
      verdict: 'excepted',
      by: { kind: 'rule-disabled', name: RULE },
    });
  });
});

describe('the preview of a list append', () => {
  it('finds the list in the compiled rules when it holds quoted items (as user_mgmt_binaries does)', () => {
    const { ruleset } = loadShared(['falco_rules_0.25.0.yaml'], '0.25.0');
    expect(ruleset.lists.find((list) => list.name === 'user_mgmt_binaries')?.resolvedItems).toContain(
      '"(systemd)"',
    );
    const alert = { rule: RULE, fields: { 'proc.name': 'titanagent', 'fd.name': '/etc/shadow' } };
    const synthesis = synthesize({
      strategy: 'list',
      target: 'user_mgmt_binaries',
      fields: ['proc.name'],
      alert,
      ruleset,
      falcoVersion: version('0.25.0'),
    });
    if (!synthesis.ok) throw new Error(synthesis.error.message);
    const plan = previewImpact(synthesis.value, ruleset, { falcoVersion: version('0.25.0') });
    expect(evaluateAlert(plan, alert)).toMatchObject({
      verdict: 'excepted',
      by: { kind: 'list', name: 'user_mgmt_binaries' },
    });
  });
});
