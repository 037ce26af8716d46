import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseAlert, type Alert } from '../../../../src/falco/alert/index.js';
import {
  createTargetMatcher,
  parseTargetsFile,
  type TargetDefaults,
  type TargetSpec,
} from '../../../../src/triage/targets/index.js';
import { alertFixture } from '../../../helpers/fixtures.js';

const DEFAULTS: TargetDefaults = {
  baseBranch: 'main',
  deployWorkflow: 'Falco rules',
  deployJob: 'deploy',
  labels: ['falco-exception'],
  reviewers: [],
  fieldsFile: undefined,
};

const TWO_CLUSTERS = `# one bot, two clusters
targets:
  - name: staging
    match:
      output_fields: ["cluster=staging"]
    repository: acme/falco-rules-staging
    rules_file: rules/falco_rules.local.yaml
    falco_version: 0.36.2
    falco_rules: [/etc/falco/falco_rules-0.36.yaml]
    deploy_workflow: Deploy staging rules
  - name: production
    match:
      hostnames: ["prod-*"]
      source: syscall
    repository: acme/falco-rules
    base_branch: release
    rules_file: helm/values.yaml
    falco_version: "0.44.1"
    falco_rules: /etc/falco/falco_rules.yaml, /etc/falco/extra.yaml
    labels: [falco, prod]
  - name: lab
    falco_version: 0.44.1
    falco_rules: [/etc/falco/falco_rules.yaml]
`;

function parsed(text: string): readonly TargetSpec[] {
  const result = parseTargetsFile(text, DEFAULTS);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function problems(text: string) {
  const result = parseTargetsFile(text, DEFAULTS);
  if (result.ok) throw new Error('expected problems');
  return result.error;
}

function alert(changes: Record<string, unknown> = {}, fields: Record<string, unknown> = {}): Alert {
  const base = alertFixture('029') as { output_fields: Record<string, unknown> };
  const result = parseAlert({ ...base, ...changes, output_fields: { ...base.output_fields, ...fields } });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('parseTargetsFile', () => {
  it('reads every setting and fills the rest from the environment defaults', () => {
    const [staging, production, lab] = parsed(TWO_CLUSTERS);

    expect(staging).toMatchObject({
      name: 'staging',
      repository: { owner: 'acme', name: 'falco-rules-staging' },
      baseBranch: 'main',
      rulesFile: 'rules/falco_rules.local.yaml',
      falcoVersion: { major: 0, minor: 36, patch: 2 },
      falcoRules: ['/etc/falco/falco_rules-0.36.yaml'],
      deployWorkflow: 'Deploy staging rules',
      deployJob: 'deploy',
      labels: ['falco-exception'],
      match: { outputFields: [[{ field: 'cluster', operator: '=', value: 'staging' }]] },
    });
    expect(production).toMatchObject({
      baseBranch: 'release',
      rulesFile: 'helm/values.yaml',
      falcoRules: ['/etc/falco/falco_rules.yaml', '/etc/falco/extra.yaml'],
      labels: ['falco', 'prod'],
      match: { hostnames: ['prod-*'], sources: ['syscall'] },
    });
    expect(lab).toMatchObject({ name: 'lab', match: undefined, repository: undefined, rulesFile: undefined });
  });

  it('reads the example of docs/configuration.md', () => {
    const doc = readFileSync('docs/configuration.md', 'utf8');
    const example = /## Targets[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';

    expect(
      parsed(example).map((target) => [target.name, target.repository?.name, target.falcoVersion.minor]),
    ).toEqual([
      ['staging', 'falco-rules-staging', 36],
      ['production', 'falco-rules', 44],
    ]);
  });

  it('reads a bare list as the targets', () => {
    expect(parsed('- name: only\n  falco_version: 0.44.1\n  falco_rules: [a.yaml]\n')).toHaveLength(1);
  });

  it('reports every problem with its line and column', () => {
    const found = problems(
      [
        'targets:',
        '  - name: staging',
        '    repository: acme/rules',
        '    falco_version: 0.36.2',
        '    falco_rules: [a.yaml]',
        '  - name: "prod cluster"',
        '    falco_version: zero',
        '    falco_rules: []',
        '    match: { hostname: ["prod-*"] }',
        '  - name: Staging',
        '    falco_version: 0.44.1',
        '    falco_rules: [a.yaml]',
        '    match: { channels: ["#alerts"] }',
        '',
      ].join('\n'),
    );

    expect(found).toEqual(
      expect.arrayContaining([
        {
          line: 3,
          column: 17,
          message: expect.stringContaining(
            'targets.0.repository: a target with a repository needs rules_file',
          ),
        },
        { line: 6, column: 11, message: expect.stringContaining('targets.1.name: expected a short name') },
        { line: 7, column: 20, message: expect.stringContaining('invalid Falco version "zero"') },
        { line: 8, column: 18, message: expect.stringContaining('targets.1.falco_rules') },
        { line: 9, column: 12, message: expect.stringContaining('hostname') },
        { line: 13, column: 25, message: expect.stringContaining('channel ID') },
      ]),
    );
    expect(found).toHaveLength(6);
  });

  it('refuses two targets of the same name (alerts, groups and proposals are recorded by name)', () => {
    expect(
      problems(
        [
          'targets:',
          '  - name: staging',
          '    falco_version: 0.36.2',
          '    falco_rules: [a.yaml]',
          '  - name: Staging',
          '    falco_version: 0.44.1',
          '    falco_rules: [a.yaml]',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      { line: 5, column: 11, message: 'targets.1.name: another target is already named "Staging"' },
    ]);
  });

  it('reports YAML syntax errors and missing keys with a position', () => {
    expect(problems('targets:\n  - name: [x\n')[0]?.line).toBeGreaterThan(0);
    expect(problems('targets:\n  - name: x\n    falco_rules: [a]\n')).toEqual([
      { line: 2, column: 5, message: expect.stringContaining('targets.0.falco_version') },
    ]);
    expect(problems('targets: []\n')).toEqual([
      { line: 1, column: 10, message: 'targets: expected at least one target' },
    ]);
  });
});

describe('createTargetMatcher', () => {
  const match = createTargetMatcher(
    parsed(`${TWO_CLUSTERS.replace('  - name: lab\n    falco_version: 0.44.1\n    falco_rules: [/etc/falco/falco_rules.yaml]\n', '')}
  - name: platform
    match:
      channels: [C0PLATFORM1]
      rules: ["Read sensitive file *"]
    falco_version: 0.44.1
    falco_rules: [a.yaml]
`),
  );
  const nameOf = (a: Alert, channels: readonly string[] = ['C0ALERTS01']) => match(a, channels)?.name;

  it('takes a custom output field (Falcosidekick customfields, Falco append_output)', () => {
    expect(nameOf(alert({}, { cluster: 'staging' }))).toBe('staging');
    expect(nameOf(alert({}, { cluster: 'production' }))).toBeUndefined();
  });

  it('takes hostname globs and the source, all of a match', () => {
    expect(nameOf(alert({ hostname: 'prod-node-7' }))).toBe('production');
    expect(nameOf(alert({ hostname: 'prod-node-7', source: 'k8s_audit' }))).toBeUndefined();
    expect(nameOf(alert({ hostname: 'dev-node-1' }))).toBeUndefined();
  });

  it('takes the channel the alert is posted to', () => {
    expect(nameOf(alert(), ['C0PLATFORM1'])).toBe('platform');
    expect(nameOf(alert(), ['C0ALERTS01', 'C0PLATFORM1'])).toBe('platform');
    expect(nameOf(alert(), [])).toBeUndefined();
  });

  it('lets the first matching target win', () => {
    expect(nameOf(alert({ hostname: 'prod-node-7' }, { cluster: 'staging' }), ['C0PLATFORM1'])).toBe(
      'staging',
    );
  });

  it('gives a target without match every alert the ones before it left', () => {
    const catchAll = createTargetMatcher(parsed(TWO_CLUSTERS));
    expect(catchAll(alert({ hostname: 'dev-node-1' }), [])?.name).toBe('lab');
  });
});
