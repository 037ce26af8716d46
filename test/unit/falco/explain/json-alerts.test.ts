/**
 * The same false positive on current Falco: JSON alerts 029 (in a container) and 030 (on the host) against the
 * current default rules at 0.44.1, plus a local rules file with an existing exception and a list override.
 */
import { describe, expect, it } from '@jest/globals';
import { explainWith, nodes, onlyReport, readShared, sharedInput } from './helpers.js';
import { alertFixture } from '../../../helpers/fixtures.js';

const CURRENT = [sharedInput('fixtures/rules/falco_rules.yaml')];

describe.each([
  ['029', 'cat', 'alpine'],
  ['030', 'cat', ''],
])('explain: JSON alert %s against falco_rules.yaml at 0.44.1', (prefix, program, image) => {
  const report = onlyReport(explainWith(CURRENT, '0.44.1', JSON.stringify(alertFixture(prefix))));

  it('takes the rule and the typed fields from the alert', () => {
    expect(report.input).toBe('json');
    expect(report.rule).toBe('Read sensitive file untrusted');
    expect(report.candidates).toEqual([
      expect.objectContaining({ rule: 'Read sensitive file untrusted', score: 1, match: 'rule-name' }),
    ]);
    expect(report.fields).toMatchObject({ 'proc.name': program, 'fd.name': '/etc/shadow', 'user.uid': 0 });
    expect(report.fields['container.image.repository']).toBe(image);
    expect(report.sources['proc.name']).toBe('output_fields');
  });

  it('finds nothing false in the condition of a rule that fired', () => {
    expect(report.explanation.result).not.toBe('false');
    const programs = nodes(report.explanation.tree).find(
      (node) => node.type === 'check' && node.text.startsWith('proc.name in (user_mgmt_binaries'),
    );
    expect(programs).toMatchObject({ result: 'false', reads: [{ field: 'proc.name', value: program }] });
  });

  it('offers a rule exception via override: exceptions: append first, then narrower-to-wider changes', () => {
    const [first] = report.suggestions;
    expect(first).toMatchObject({
      strategy: 'exception',
      target: 'Read sensitive file untrusted',
      alsoAffects: [],
    });
    expect(first?.yaml).toContain('override:\n    exceptions: append');
    expect(first?.fields).toEqual(['proc.name', 'fd.name']);
  });

  it('names the exception points with what else they silence', () => {
    const points = report.exceptionPoints;
    expect(points.some((point) => point.kind === 'list' && point.name === 'shell_binaries')).toBe(true);
    expect(points.find((point) => point.name === 'user_known_read_sensitive_files_activities')).toMatchObject(
      {
        kind: 'macro',
        silencesAlert: 'true',
      },
    );
  });
});

describe('explain: an existing exception of a local rules file', () => {
  const inputs = [
    sharedInput('fixtures/rules/falco_rules.yaml'),
    sharedInput('fixtures/rules-repo/falco_rules.local.yaml'),
  ];
  const shell = JSON.parse(
    readShared('fixtures/alerts/json/031_thirdparty_terminal_shell_in_container_iso8601.json'),
  ) as {
    output_fields: Record<string, unknown>;
  };

  it('lists the named exception as a point and says whether it matches', () => {
    const report = onlyReport(explainWith(inputs, '0.44.1', JSON.stringify(shell)));
    expect(report.explanation.exceptions).toEqual([
      expect.objectContaining({
        name: 'debug_images',
        fields: ['container.image.repository'],
        comps: ['in'],
        values: 1,
        matches: 'false',
      }),
    ]);
    expect(report.exceptionPoints[0]).toMatchObject({
      kind: 'exception',
      name: 'debug_images',
      field: 'container.image.repository',
      usedByRules: [],
    });
  });

  it('says the rule would not fire when the alert matches the exception', () => {
    const excepted = {
      ...shell,
      output_fields: {
        ...shell.output_fields,
        'container.image.repository': 'registry.example.com/debug-tools',
      },
    };
    const report = onlyReport(explainWith(inputs, '0.44.1', JSON.stringify(excepted)));
    expect(report.explanation.exceptions[0]?.matches).toBe('true');
    expect(report.explanation.result).toBe('false');
    expect(report.explanation.summary).toBe(
      'Would not fire with the loaded rules: the alert matches the exception "debug_images".',
    );
  });

  it('sees the appended list items (hids_binaries holds wazuh-agentd)', () => {
    const alert = {
      ...alertFixture('029'),
      output_fields: { ...(alertFixture('029')['output_fields'] as object), 'proc.name': 'wazuh-agentd' },
    };
    const report = onlyReport(explainWith(inputs, '0.44.1', JSON.stringify(alert)));
    const trusted = nodes(report.explanation.tree).find(
      (node) => node.type === 'check' && node.lists?.some((list) => list.name === 'hids_binaries') === true,
    );
    expect(trusted).toMatchObject({ result: 'true' });
    expect(trusted?.type === 'check' && trusted.lists?.find((l) => l.name === 'hids_binaries')?.matched).toBe(
      true,
    );
    expect(report.explanation.result).toBe('false');
    expect(report.explanation.summary).toMatch(
      /^Would not fire with the loaded rules: not proc\.name in \(…\) \[wazuh-agentd is in hids_binaries\]/,
    );
  });
});
