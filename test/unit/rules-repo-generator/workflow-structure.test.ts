/**
 * The shape of the generated workflow, read back as YAML: triggers and path filters, job and check names, the
 * names the bot follows (tied to src/config.ts defaults), deploy guards, permissions and no expression in shell.
 */
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config.js';
import { generateWorkflow } from '../../../src/rules-repo-generator/workflow.js';
import { helmDefaults, plainDefaults, variants } from './workflow-fixtures.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name: string;
  needs?: string[];
  if?: string;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: {
    pull_request: { paths: string[] };
    push: { branches: string[]; paths: string[] };
    workflow_dispatch: unknown;
  };
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': string };
  env: Record<string, string>;
  defaults: { run: { shell: string } };
  jobs: Record<string, Job>;
}

const read = (text: string) => parse(text) as Workflow;
const scripts = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');

describe('workflow structure', () => {
  const helm = read(generateWorkflow(helmDefaults));
  const plain = read(generateWorkflow(plainDefaults));

  it('has the workflow and deploy job names the bot follows by default (src/config.ts)', () => {
    const loaded = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_DEFAULT_CHANNEL: 'C0123456789',
      INGEST_TOKEN: '0123456789abcdef',
      GITHUB_REPO: 'acme/falco-rules',
      GITHUB_TOKEN: 'token',
      RULES_FILE: 'values.yaml',
      FALCO_VERSION: '0.44.1',
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    for (const workflow of [helm, plain]) {
      expect(workflow.name).toBe(loaded.value.github?.deployWorkflow);
      expect(workflow.jobs['deploy']?.name).toBe(loaded.value.github?.deployJob);
    }
  });

  it('runs on pull requests and pushes to the deploy branch that touch the rules or the workflow, and by hand', () => {
    const paths = ['values.yaml', '.github/workflows/falco-rules.yaml'];
    expect(helm.on.pull_request).toEqual({ paths });
    expect(helm.on.push).toEqual({ branches: ['main'], paths });
    expect(helm.on).toHaveProperty('workflow_dispatch');
    expect(plain.on.pull_request.paths).toEqual([
      'falco_rules.local.yaml',
      '.github/workflows/falco-rules.yaml',
    ]);
  });

  it('names its checks for branch protection', () => {
    expect(Object.fromEntries(Object.entries(helm.jobs).map(([id, job]) => [id, job.name]))).toEqual({
      validate: 'falco-triage validate',
      falco: 'falco validate',
      helm: 'helm template',
      deploy: 'deploy',
    });
    expect(Object.keys(plain.jobs)).toEqual(['validate', 'falco', 'deploy']);
  });

  it('reads only the repository by default, runs bash with pipefail, and cancels superseded pull request runs', () => {
    expect(helm.permissions).toEqual({ contents: 'read' });
    expect(helm.defaults.run.shell).toBe('bash');
    expect(helm.concurrency.group).toContain('github.event.pull_request.number || github.ref');
    expect(helm.concurrency['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
  });

  it('deploys only from the deploy branch, after every check, one at a time, in an environment', () => {
    const deploy = helm.jobs['deploy']!;
    expect(deploy.needs).toEqual(['validate', 'falco', 'helm']);
    expect(deploy.if).toBe(
      "github.ref == 'refs/heads/main' && (github.event_name == 'push' || github.event_name == 'workflow_dispatch')",
    );
    expect(deploy.environment).toBe('production');
    expect(deploy.concurrency).toEqual({ group: 'falco-deploy-falco-falco', 'cancel-in-progress': false });
    expect(deploy.permissions).toBeUndefined();
    expect(plain.jobs['deploy']?.needs).toEqual(['validate', 'falco']);
  });

  it('helm-upgrades with -f values.yaml, --atomic --wait, and never reuses values', () => {
    const upgrade = scripts(helm.jobs['deploy']!);
    expect(upgrade).toMatch(/helm upgrade --install "\$RELEASE" "\$CHART" --version "\$CHART_VERSION"/);
    expect(upgrade).toContain('-f "$VALUES_FILE"');
    expect(upgrade).toContain('--atomic --wait');
    expect(helm.env['VALUES_FILE']).toBe('values.yaml');
    expect(helm.env['CHART_VERSION']).toBe('9.1.0');
    for (const workflow of [helm, plain]) {
      expect(JSON.stringify(workflow)).not.toMatch(/reuse-values/);
    }
  });

  it('validates with Falco of the configured version, default rules first', () => {
    expect(helm.env['FALCO_VERSION']).toBe('0.44.1');
    expect(helm.env['FALCO_IMAGE']).toBe('docker.io/falcosecurity/falco:0.44.1');
    const falco = scripts(helm.jobs['falco']!);
    expect(falco).toContain('args=(-o json_output=true -V /etc/falco/falco_rules.yaml)');
    expect(falco.indexOf('-V /etc/falco/falco_rules.yaml')).toBeLessThan(falco.indexOf('args+=(-V'));
    expect(scripts(helm.jobs['validate']!)).toContain(
      'falco-triage validate --falco-version "$FALCO_VERSION" --format github',
    );
  });

  it('installs falco-triage from a workflow-level variable, so users can point it elsewhere', () => {
    expect(helm.env['FALCO_TRIAGE_PACKAGE']).toBe('falco-triage@0.1.0');
    expect(
      read(generateWorkflow({ ...helmDefaults, triagePackage: 'github:acme/falco-triage#v1' })).env,
    ).toMatchObject({
      FALCO_TRIAGE_PACKAGE: 'github:acme/falco-triage#v1',
    });
    expect(scripts(helm.jobs['validate']!)).toContain(
      'npm install --global --no-audit --no-fund "$FALCO_TRIAGE_PACKAGE"',
    );
  });

  it('uses the driverless image of old Falco versions', () => {
    const old = read(generateWorkflow({ ...helmDefaults, falcoVersion: '0.38.2' }));
    expect(old.env['FALCO_IMAGE']).toBe('docker.io/falcosecurity/falco-no-driver:0.38.2');
  });

  it.each(variants)(
    '%s: actions pinned by major version, no ${{ }} inside shell scripts',
    (_name, options) => {
      const workflow = read(generateWorkflow(options));
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          if (step.uses !== undefined) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
          if (step.run !== undefined) expect(step.run).not.toContain('${{');
        }
      }
    },
  );

  it.each(['aws', 'gcp', 'azure'] as const)('%s OIDC: id-token write on the deploy job only', (auth) => {
    const workflow = read(generateWorkflow({ ...helmDefaults, clusterAuth: auth }));
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs['deploy']?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    for (const id of ['validate', 'falco', 'helm']) expect(workflow.jobs[id]?.permissions).toBeUndefined();
    expect(JSON.stringify(workflow.jobs['deploy'])).not.toContain('secrets.');
  });

  it('kubeconfig: reads the KUBECONFIG secret in the deploy job only', () => {
    const text = generateWorkflow(helmDefaults);
    expect(text.match(/\$\{\{ secrets\.[A-Z_]+ \}\}/g)).toEqual(['${{ secrets.KUBECONFIG }}']);
    expect(
      helm.jobs['deploy']?.steps.find((step) => step.env?.['KUBECONFIG_CONTENT'] !== undefined),
    ).toBeDefined();
  });

  it('follows the chosen branch, environment, release and namespace', () => {
    const custom = read(generateWorkflow(variants[6]![1]));
    expect(custom.on.push.branches).toEqual(['release/prod']);
    expect(custom.on.pull_request.paths[0]).toBe('clusters/prod-eu/falco-values.yaml');
    expect(custom.jobs['deploy']?.environment).toBe('prod-eu');
    expect(custom.jobs['deploy']?.if).toContain("github.ref == 'refs/heads/release/prod'");
    expect(custom.env).toMatchObject({
      RELEASE: 'falco-prod',
      NAMESPACE: 'security',
      CHART_VERSION: '4.8.3',
    });
  });
});
