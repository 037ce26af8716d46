import { describe, expect, it } from '@jest/globals';
import { checkRulesRepoOptions, type RulesRepoOptions } from '../../../src/rules-repo-generator/options.js';
import { chartMismatch, falcoImage } from '../../../src/rules-repo-generator/versions.js';
import { helmDefaults, plainDefaults } from './workflow-fixtures.js';

function problems(options: RulesRepoOptions): string[] {
  const checked = checkRulesRepoOptions(options);
  return checked.ok ? [] : checked.error;
}

describe('checkRulesRepoOptions', () => {
  it('accepts the defaults of both layouts', () => {
    expect(problems(helmDefaults)).toEqual([]);
    expect(problems(plainDefaults)).toEqual([]);
  });

  it.each([
    ['0.44', '--falco-version: "0.44" is not a Falco version'],
    ['v0.44.1', '--falco-version: "v0.44.1" is not a Falco version'],
    ['0.44.1; rm -rf /', 'is not a Falco version'],
    ['0.25.0', 'Falco 0.25.0 is older than 0.35.0'],
  ])('rejects Falco version %s', (version, message) => {
    expect(problems({ ...helmDefaults, falcoVersion: version }).join('\n')).toContain(message);
  });

  it.each([['9.1'], ['latest'], ['9.1.0 --set x=y']])('rejects chart version %s', (version) => {
    const layout = { ...helmDefaults.layout, chartVersion: version } as RulesRepoOptions['layout'];
    expect(problems({ ...helmDefaults, layout })[0]).toContain('--chart-version');
  });

  it.each([
    ['/etc/values.yaml'],
    ['../values.yaml'],
    ['falco/../../values.yaml'],
    ['values.json'],
    ['my values.yaml'],
    ['.github/values.yaml'],
    ['a//values.yaml'],
    ['$(id).yaml'],
  ])('rejects the path %s', (path) => {
    const layout = { ...helmDefaults.layout, valuesFile: path } as RulesRepoOptions['layout'];
    expect(problems({ ...helmDefaults, layout })[0]).toMatch(/^--values: /);
  });

  it('reports every problem at once', () => {
    const all = problems({
      ...plainDefaults,
      falcoVersion: 'x',
      namespace: 'Falco',
      branch: 'a..b',
      environment: 'prod env',
      owners: ['security'],
      botUrl: 'ftp://bot',
      layout: { kind: 'rules', rulesFile: 'r.txt', daemonSet: 'Falco', configMap: 'cm' },
    });
    expect(all.map((problem) => problem.split(':')[0])).toEqual([
      '--falco-version',
      '--rules-file',
      '--daemonset',
      '--namespace',
      '--branch',
      '--environment',
      '--owner',
      '--bot-url',
    ]);
  });

  it('accepts team, user and e-mail code owners', () => {
    expect(problems({ ...helmDefaults, owners: ['@acme/sec-team', '@alice', 'sec@acme.example'] })).toEqual(
      [],
    );
  });
});

describe('versions', () => {
  it('validates old Falco versions in the falco-no-driver image, 0.40 and later in falcosecurity/falco', () => {
    expect(falcoImage('0.39.2')).toBe('docker.io/falcosecurity/falco-no-driver:0.39.2');
    expect(falcoImage('0.40.0')).toBe('docker.io/falcosecurity/falco:0.40.0');
  });

  it('warns when a known chart release ships another Falco version', () => {
    expect(chartMismatch('9.1.0', '0.44.1')).toBeUndefined();
    expect(chartMismatch('9.1.0', '0.43.0')).toContain('chart 9.1.0 ships Falco 0.44.1, not 0.43.0');
    expect(chartMismatch('4.8.3', '0.38.2')).toBeUndefined();
  });
});
