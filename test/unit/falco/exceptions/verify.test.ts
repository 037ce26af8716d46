import { describe, expect, it } from '@jest/globals';
import { synthesize, verify, type Synthesis } from '../../../../src/falco/exceptions/index.js';
import { applyChange } from '../../../../src/falco/rules-file-edit/index.js';
import { jsonAlert, loadShared, sharedInput, subject, version } from './helpers.js';

const V = version('0.44.1');
const before = loadShared(['falco_rules.yaml'], '0.44.1');
const alert = subject(jsonAlert('029'));
const base = [sharedInput('fixtures/rules/falco_rules.yaml')];

function exception(): Synthesis {
  const result = synthesize({
    strategy: 'exception',
    fields: ['proc.name', 'fd.name'],
    alert,
    ruleset: before.ruleset,
    falcoVersion: V,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function check(customAfter: string, synthesis = exception()) {
  return verify({
    base,
    customName: 'custom.yaml',
    customBefore: '',
    customAfter,
    synthesis,
    alert,
    falcoVersion: V,
  });
}

describe('verify', () => {
  it('passes the synthesised edit and reports the impact over alerts', () => {
    const synthesis = exception();
    const edited = applyChange('', synthesis);
    if (!edited.ok) throw new Error(edited.error.message);
    const other = { ...alert, fields: { ...alert.fields, 'proc.name': 'less' } };
    const result = verify({
      base,
      customName: 'custom.yaml',
      customBefore: '',
      customAfter: edited.value.text,
      synthesis,
      alert,
      falcoVersion: V,
      alerts: [alert, other],
    });
    expect(result).toMatchObject({ ok: true, problems: [], alert: { verdict: 'excepted' } });
    expect(result.specificity.checked).toBeGreaterThan(4);
    expect(result.impact).toMatchObject({ excepted: 1, stillFires: 1, unknown: 0 });
  });

  it('fails an edit that excepts more than the chosen values', () => {
    const broad = exception().yaml.replace('comps: [=, =]', 'comps: [startswith, startswith]');
    const result = check(broad);
    expect(result.ok).toBe(false);
    expect(result.specificity.broader).toContainEqual({ field: 'proc.name', value: 'catx' });
    expect(result.problems.join('\n')).toMatch(/also excepts other values: proc\.name="catx"/);
  });

  it('fails an edit that adds an error or a warning', () => {
    const broken = check(
      `${exception().yaml}- rule: Broken\n  condition: proc.name =\n  output: x\n  desc: x\n  priority: INFO\n`,
    );
    expect(broken.ok).toBe(false);
    expect(broken.newErrors).toHaveLength(1);
    const deprecated = check(
      exception()
        .yaml.replace('  override:\n    exceptions: append\n', '')
        .replace('  exceptions:', '  append: true\n  exceptions:'),
    );
    expect(deprecated.newWarnings.map((w) => w.code)).toContain('LOAD_DEPRECATED_ITEM');
    expect(deprecated.problems.join('\n')).toMatch(/adds 1 warning/);
  });

  it('fails an edit that does not except the alert', () => {
    const wrong = exception().yaml.replace('[cat, /etc/shadow]', '[cat, /etc/passwd]');
    const result = check(wrong);
    expect(result.alert.verdict).toBe('still-fires');
    expect(result.problems.join('\n')).toMatch(/still fires/);
  });
});
