import { describe, expect, it } from '@jest/globals';
import {
  defaultScope,
  fieldOptions,
  synthesize,
  verify,
  type AlertSubject,
  type FieldChoice,
} from '../../../../src/falco/exceptions/index.js';
import { applyChange } from '../../../../src/falco/rules-file-edit/index.js';
import { jsonAlert, loadShared, sharedInput, subject, version } from './helpers.js';

const V = version('0.44.1');
const { ruleset } = loadShared(['falco_rules.yaml'], '0.44.1');
const RULE = 'Read sensitive file untrusted';

const sidekick: AlertSubject = {
  rule: RULE,
  fields: {
    'proc.name': 'cat',
    'fd.name': `/etc/${'x'.repeat(502)}[...]`,
    'proc.cmdline': null,
    'fd.types': ['file', 'ipv4'],
    environment: 'prod',
    'container.image.repository': '',
  },
  truncatedFieldKeys: ['fd.name'],
  nonFalcoFieldKeys: ['environment'],
};

function refusal(alert: AlertSubject, fields: readonly (string | FieldChoice)[]): string {
  const result = synthesize({ strategy: 'exception', fields, alert, ruleset, falcoVersion: V });
  return result.ok ? '' : result.error.message;
}

describe('field choices', () => {
  it('defaults to actor plus target', () => {
    const fields = (alert: AlertSubject) => {
      const scope = defaultScope(alert);
      return scope.ok ? scope.value.fields.map((choice) => choice.field) : [];
    };
    expect(fields(subject(jsonAlert('029')))).toEqual(['proc.name', 'fd.name']);
    expect(
      fields({ rule: 'r', fields: { 'proc.name': 'sh', 'container.image.repository': 'alpine' } }),
    ).toEqual(['container.image.repository', 'proc.name']);
    expect(fields(sidekick)).toEqual(['proc.name']);
  });

  it('refuses truncated, sender-added, <NA> and multi-valued fields with reasons', () => {
    expect(refusal(sidekick, ['fd.name'])).toMatch(/Falcosidekick shortened/);
    expect(refusal(sidekick, ['environment'])).toMatch(/not a Falco field/);
    expect(refusal(sidekick, ['proc.cmdline'])).toMatch(/<NA>/);
    expect(refusal(sidekick, ['fd.types'])).toMatch(/several values/);
    expect(refusal(sidekick, ['proc.pname'])).toMatch(/has no "proc.pname" field/);
    expect(refusal(sidekick, [])).toMatch(/at least one field/);
    const options = fieldOptions(sidekick);
    expect(options[0]).toMatchObject({ field: 'proc.name', preselected: true, usable: true });
    expect(options.find((o) => o.field === 'fd.name')).toMatchObject({ usable: false, pathLike: true });
    // An empty image (a host alert) is a usable exact value, offered as scope but not preselected.
    expect(options.find((o) => o.field === 'container.image.repository')).toMatchObject({
      usable: true,
      value: '',
    });
  });

  it('checks prefix choices: only on paths, a real prefix, not everything, no glob in pmatch', () => {
    const alert = subject(jsonAlert('029'));
    expect(refusal(alert, [{ field: 'proc.name', match: 'startswith', value: 'ca' }])).toMatch(/not a path/);
    expect(refusal(alert, [{ field: 'fd.name', match: 'startswith', value: '/usr' }])).toMatch(
      /not a prefix/,
    );
    expect(refusal(alert, [{ field: 'fd.name', match: 'startswith', value: '' }])).toMatch(/every value/);
    expect(refusal(alert, [{ field: 'fd.name', match: 'pmatch', value: '/' }])).toMatch(/every path/);
    expect(refusal(alert, [{ field: 'fd.name', match: 'pmatch', value: '/e*' }])).toMatch(/glob/);
    expect(refusal(alert, [{ field: 'fd.name', match: 'pmatch', value: '/et' }])).toMatch(
      /not a path prefix/,
    );
    expect(refusal(alert, [{ field: 'proc.name', value: 'dog' }])).toMatch(/not the alert's value/);
  });

  it.each([
    ['startswith', '/etc/sha', 'falco_triage_proc_name_fd_name_startswith'],
    ['pmatch', '/etc', 'falco_triage_proc_name_fd_name_pmatch'],
  ] as const)(
    'a %s prefix verifies: it excepts the alert and not a path outside the prefix',
    (match, value, name) => {
      const alert = subject(jsonAlert('029'));
      const result = synthesize({
        strategy: 'exception',
        fields: ['proc.name', { field: 'fd.name', match, value }],
        alert,
        ruleset,
        falcoVersion: V,
      });
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value.change).toMatchObject({ name, comps: ['=', match] });
      const edited = applyChange('', result.value);
      if (!edited.ok) throw new Error(edited.error.message);
      const verification = verify({
        base: [sharedInput('fixtures/rules/falco_rules.yaml')],
        customName: 'c.yaml',
        customBefore: '',
        customAfter: edited.value.text,
        synthesis: result.value,
        alert,
        falcoVersion: V,
        alerts: [
          alert,
          { ...alert, fields: { ...alert.fields, 'fd.name': '/etc/shadow-' } },
          { ...alert, fields: { ...alert.fields, 'fd.name': '/etcx/shadow' } },
        ],
      });
      expect(verification.problems).toEqual([]);
      // startswith /etc/sha covers /etc/shadow-; pmatch /etc covers it too; neither covers /etcx.
      expect(verification.impact).toMatchObject({ excepted: 2, stillFires: 1 });
    },
  );

  it("compares values Falco 0.38+ would take for a field or transformer with 'in', and says so in the name", () => {
    const alert: AlertSubject = {
      rule: RULE,
      fields: { 'proc.name': 'proc.pname', 'fd.name': '/etc/shadow' },
    };
    const result = synthesize({
      strategy: 'exception',
      fields: ['proc.name', 'fd.name'],
      alert,
      ruleset,
      falcoVersion: V,
    });
    expect(result.ok && result.value.change).toMatchObject({
      name: 'falco_triage_proc_name_in_fd_name',
      comps: ['in', '='],
    });
    const old = synthesize({
      strategy: 'exception',
      fields: ['proc.name', 'fd.name'],
      alert,
      ruleset,
      falcoVersion: version('0.37.1'),
    });
    expect(old.ok && old.value.change).toMatchObject({ comps: ['=', '='] });
  });
});
