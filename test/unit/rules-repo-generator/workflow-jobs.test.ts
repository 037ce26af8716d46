/**
 * The scripts of the `falco-triage validate`, `helm template` and `deploy` jobs, run in bash with stand-ins for
 * docker, helm, kubectl and falco-triage (see run-job.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateWorkflow } from '../../../src/rules-repo-generator/workflow.js';
import { runJob } from './run-job.js';
import { helmDefaults, plainDefaults } from './workflow-fixtures.js';

function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rules-repo-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const helmWorkflow = generateWorkflow(helmDefaults);
const plainWorkflow = generateWorkflow(plainDefaults);

describe('falco-triage validate job', () => {
  it('copies the default rules out of the Falco image and validates them before the values file', () => {
    const repo = repoWith({ 'values.yaml': 'customRules: {}\n', 'defaults.yaml': '- rule: A\n- rule: B\n' });
    const run = runJob(helmWorkflow, 'validate', {
      cwd: repo,
      env: { FAKE_DEFAULT_RULES: path.join(repo, 'defaults.yaml') },
    });
    expect(run.status).toBe(0);
    expect(run.calls('npm')).toEqual([
      ['install', '--global', '--no-audit', '--no-fund', 'falco-triage@0.1.0'],
    ]);
    expect(run.calls('docker').map((call) => call[0])).toEqual(['create', 'cp', 'rm']);
    expect(run.stdout).toContain('Default rules of docker.io/falcosecurity/falco:0.44.1: 2 rules');
    expect(run.calls('falco-triage')).toEqual([
      [
        'validate',
        '--falco-version',
        '0.44.1',
        '--format',
        'github',
        path.join(run.runnerTemp, 'falco', 'falco_rules.yaml'),
        'values.yaml',
      ],
    ]);
  });

  it('fails when falco-triage finds errors', () => {
    const repo = repoWith({ 'falco_rules.local.yaml': '[]\n', 'defaults.yaml': '[]\n' });
    const run = runJob(plainWorkflow, 'validate', {
      cwd: repo,
      env: { FAKE_DEFAULT_RULES: path.join(repo, 'defaults.yaml'), FAKE_TRIAGE_STATUS: '1' },
    });
    expect(run.status).not.toBe(0);
    expect(run.calls('falco-triage')[0]?.at(-1)).toBe('falco_rules.local.yaml');
  });
});

describe('falco-triage validate job, with the real falco-triage CLI', () => {
  const defaultRules = path.resolve(process.cwd(), '../shared/fixtures/rules/falco_rules.yaml');
  const exampleValues = readFileSync(path.resolve(process.cwd(), 'examples/rules-repo/values.yaml'), 'utf8');
  const run = (values: string) =>
    runJob(helmWorkflow, 'validate', {
      cwd: repoWith({ 'values.yaml': values }),
      env: { FAKE_DEFAULT_RULES: defaultRules, USE_REAL_TRIAGE: '1' },
    });

  it('passes on the example repository as generated', () => {
    const result = run(exampleValues);
    expect(result.stdout).not.toContain('::error');
    expect(result.status).toBe(0);
  });

  it("annotates a broken exception on the values file's line", () => {
    const broken = `${exampleValues}\n    - list: no_such_list\n      items: [titanagent]\n      override:\n        items: append\n`;
    const line = broken.split('\n').indexOf('    - list: no_such_list') + 1;
    const result = run(broken);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(new RegExp(`::error file=values\\.yaml,line=${line},col=\\d+`));
  });
});

function rendered(image: string): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: falco-rules }',
    '---',
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: { name: falco }',
    'spec:',
    '  template:',
    '    spec:',
    '      initContainers:',
    '        - name: falcoctl-artifact-install',
    '          image: docker.io/falcosecurity/falcoctl:0.12.2',
    '      containers:',
    '        - name: falco',
    `          image: ${image}`,
    '        - name: falcoctl-artifact-follow',
    '          image: docker.io/falcosecurity/falcoctl:0.12.2',
    '',
  ].join('\n');
}

describe('helm template job', () => {
  function runHelmJob(manifest: string) {
    const repo = repoWith({ 'values.yaml': 'customRules: {}\n', 'rendered.yaml': manifest });
    return runJob(helmWorkflow, 'helm', {
      cwd: repo,
      env: { FAKE_RENDERED: path.join(repo, 'rendered.yaml') },
    });
  }

  it('renders the configured chart version with the values file', () => {
    const run = runHelmJob(rendered('docker.io/falcosecurity/falco:0.44.1'));
    expect(run.status).toBe(0);
    expect(run.calls('helm')).toEqual([
      ['repo', 'add', 'falcosecurity', 'https://falcosecurity.github.io/charts'],
      [
        'template',
        'falco',
        'falcosecurity/falco',
        '--version',
        '9.1.0',
        '--namespace',
        'falco',
        '-f',
        'values.yaml',
      ],
    ]);
    expect(run.stdout).toContain('Falco 0.44.1, the version CI validates with');
  });

  it.each([['docker.io/falcosecurity/falco:0.44.1-debian'], ['registry.example:5000/mirror/falco:0.44.1']])(
    'accepts %s',
    (image) => {
      expect(runHelmJob(rendered(image)).status).toBe(0);
    },
  );

  it('fails when the chart deploys another Falco version than CI validates with', () => {
    const run = runHelmJob(rendered('docker.io/falcosecurity/falco:0.43.0'));
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('the chart deploys docker.io/falcosecurity/falco:0.43.0, but CI validates');
  });

  it('warns, without failing, when the image is pinned by digest', () => {
    const run = runHelmJob(rendered('docker.io/falcosecurity/falco@sha256:0123abcd'));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('::warning file=values.yaml::the Falco image is pinned by digest');
  });

  it('fails when no container named falco is rendered', () => {
    const run = runHelmJob(rendered('x').replace('- name: falco\n', '- name: other\n'));
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('no container named falco');
  });
});

const kubeconfig = 'apiVersion: v1\nkind: Config\nclusters: []\n';

describe('deploy job (Helm)', () => {
  it.each([
    ['plain text', kubeconfig],
    ['base64', Buffer.from(kubeconfig).toString('base64')],
  ])(
    'writes the KUBECONFIG secret (%s) and runs helm upgrade with the values file, atomically',
    (_kind, secret) => {
      const repo = repoWith({ 'values.yaml': 'customRules: {}\n' });
      const run = runJob(helmWorkflow, 'deploy', { cwd: repo, env: { KUBECONFIG_CONTENT: secret } });
      expect(run.status).toBe(0);
      expect(readFileSync(path.join(run.runnerTemp, 'kubeconfig'), 'utf8').trim()).toBe(kubeconfig.trim());
      const upgrade = run.calls('helm').find((call) => call[0] === 'upgrade');
      expect(upgrade).toEqual([
        'upgrade',
        '--install',
        'falco',
        'falcosecurity/falco',
        '--version',
        '9.1.0',
        '--namespace',
        'falco',
        '--create-namespace',
        '-f',
        'values.yaml',
        '--atomic',
        '--wait',
        '--timeout',
        '10m',
        '--description',
        'falco-rules 0123456789abcdef0123456789abcdef01234567 (run 812)',
      ]);
      expect(run.calls('helm').some((call) => call[0] === 'history')).toBe(true);
      expect(run.summary).toContain('### helm history falco (namespace falco)');
    },
  );

  it('stops before helm when the KUBECONFIG secret is missing, saying where to add it', () => {
    const run = runJob(helmWorkflow, 'deploy', { cwd: repoWith({ 'values.yaml': '{}\n' }), env: {} });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(
      "The KUBECONFIG secret is empty or missing: add it to the 'production' environment",
    );
    expect(run.calls('helm').some((call) => call[0] === 'upgrade')).toBe(false);
  });
});

describe('deploy job (plain rules)', () => {
  function gitRepo(): string {
    const repo = repoWith({ 'falco_rules.local.yaml': '# version 1\n' });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'v1');
    writeFileSync(path.join(repo, 'falco_rules.local.yaml'), '# version 2\n');
    git('commit', '-q', '-am', 'v2');
    return repo;
  }

  it('applies the rules as a ConfigMap and restarts Falco', () => {
    const repo = gitRepo();
    const run = runJob(plainWorkflow, 'deploy', { cwd: repo, env: { KUBECONFIG_CONTENT: kubeconfig } });
    expect(run.status).toBe(0);
    const kubectl = run.calls('kubectl').map((call) => call.slice(0, 2).join(' '));
    // create | apply is one pipeline: the two start together, so their order in the log is not fixed.
    expect(kubectl.slice(0, 2).sort()).toEqual(['apply -f', 'create configmap']);
    expect(kubectl.slice(2)).toEqual(['annotate configmap', 'rollout restart', 'rollout status']);
    expect(readFileSync(path.join(run.log, 'configmap-data'), 'utf8')).toBe('# version 2\n');
    expect(run.calls('kubectl').find((call) => call[0] === 'create')).toEqual(
      expect.arrayContaining([
        'falco-custom-rules',
        '--from-file=falco_rules.local.yaml=falco_rules.local.yaml',
      ]),
    );
    expect(run.steps.map((step) => step.name)).not.toContain('Roll back to the previous rules');
  });

  it('puts the previous rules back when the rollout fails, and still fails the job', () => {
    const run = runJob(plainWorkflow, 'deploy', {
      cwd: gitRepo(),
      env: { KUBECONFIG_CONTENT: kubeconfig, FAKE_ROLLOUT_FAIL: '1' },
    });
    expect(run.status).not.toBe(0);
    expect(run.steps.map((step) => [step.name, step.status])).toEqual([
      ['Connect to the cluster (kubeconfig secret)', 0],
      ['Apply the rules and restart Falco', 1],
      ['Roll back to the previous rules', 0],
    ]);
    expect(readFileSync(path.join(run.log, 'configmap-data'), 'utf8')).toBe('# version 1\n');
    expect(run.stdout).toContain('the rules of the previous commit are back in place');
  });
});
