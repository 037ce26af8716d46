import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../../helpers/cli.js';

const workflowPath = '.github/workflows/falco-rules.yaml';
const fixture = (name: string) =>
  readFileSync(path.resolve(process.cwd(), '../shared/fixtures/rules-repo', name), 'utf8');
const ownVersion = (
  JSON.parse(readFileSync(path.resolve(process.cwd(), 'package.json'), 'utf8')) as { version: string }
).version;

function emptyDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'init-rules-repo-'));
}

function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesIn(dir, path.posix.join(prefix, entry.name))
        : [path.posix.join(prefix, entry.name)],
    )
    .sort();
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('falco-triage init-rules-repo', () => {
  it('writes the workflow, starter values, CODEOWNERS and README into an empty directory', async () => {
    const dir = emptyDir();
    const run = await cli(['init-rules-repo', '--dir', dir]);
    expect(run.status).toBe(0);
    expect(filesIn(dir)).toEqual(['.github/CODEOWNERS', workflowPath, 'README.md', 'values.yaml']);
    for (const file of filesIn(dir))
      expect(run.stdout).toMatch(new RegExp(`wrote +${file.replace('.', '\\.')}`));
    expect(read(dir, workflowPath)).toContain(`FALCO_TRIAGE_PACKAGE: falco-triage@${ownVersion}\n`);
    expect(read(dir, 'values.yaml')).toContain('custom_rules.yaml: |-');
    expect(run.stderr).toBe('');
  });

  it('prints the secrets, settings and bot variables to configure', async () => {
    const run = await cli(['init-rules-repo', '--dir', emptyDir()]);
    for (const text of [
      'Environments > "production"',
      'secret   KUBECONFIG',
      'kubectl create secret generic falco-triage-ingest --namespace falco',
      'status checks: falco-triage validate, falco validate, helm template',
      'GITHUB_REPO=OWNER/REPO',
      'RULES_FILE=values.yaml',
      'FALCO_VERSION=0.44.1',
      'GITHUB_DEPLOY_WORKFLOW="Falco rules"',
      'GITHUB_WEBHOOK_SECRET=',
      'https://BOT/github/webhook',
      '"Pull requests", "Pushes" and "Workflow runs"',
    ]) {
      expect(run.stdout).toContain(text);
    }
  });

  it('prints the OIDC variables instead of a secret with --cluster-auth', async () => {
    const dir = emptyDir();
    const run = await cli(['init-rules-repo', '--dir', dir, '--cluster-auth', 'aws']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/variable +AWS_ROLE_ARN/);
    expect(run.stdout).not.toContain('KUBECONFIG');
    expect(read(dir, workflowPath)).toContain('id-token: write');
  });

  it('is a quiet success when run again, and refuses to overwrite a changed workflow without --force', async () => {
    const dir = emptyDir();
    await cli(['init-rules-repo', '--dir', dir]);
    const again = await cli(['init-rules-repo', '--dir', dir]);
    expect(again.status).toBe(0);
    expect(again.stdout.match(/unchanged/g)).toHaveLength(4);

    const generated = read(dir, workflowPath);
    writeFileSync(path.join(dir, workflowPath), `${generated}# our change\n`);
    writeFileSync(path.join(dir, 'README.md'), '# ours\n');
    const refused = await cli(['init-rules-repo', '--dir', dir, '--owner', '@acme/security']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('nothing written');
    expect(refused.stderr).toContain('--force');
    expect(refused.stdout).toMatch(/CONFLICT +\.github\/workflows\/falco-rules\.yaml/);
    expect(read(dir, workflowPath)).toBe(`${generated}# our change\n`);
    expect(read(dir, '.github/CODEOWNERS')).not.toContain('@acme/security');

    const forced = await cli(['init-rules-repo', '--dir', dir, '--force']);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/replaced +\.github\/workflows\/falco-rules\.yaml/);
    expect(read(dir, workflowPath)).toBe(generated);
    expect(read(dir, 'README.md')).not.toBe('# ours\n');
  });

  it('keeps an existing values file, even with --force, and reports what it holds', async () => {
    const dir = emptyDir();
    mkdirSync(path.join(dir, 'falco'));
    writeFileSync(path.join(dir, 'falco/values.yaml'), fixture('values-modern.yaml'));
    const run = await cli(['init-rules-repo', '--dir', dir, '--values', 'falco/values.yaml', '--force']);
    expect(run.status).toBe(0);
    expect(read(dir, 'falco/values.yaml')).toBe(fixture('values-modern.yaml'));
    expect(run.stdout).toMatch(/kept +falco\/values\.yaml/);
    expect(run.stdout).toContain('falco/values.yaml: customRules: custom_rules.yaml, shared_tuning.yaml');
    expect(read(dir, workflowPath)).toContain('VALUES_FILE: falco/values.yaml');
  });

  it('warns when an existing file looks like the other kind', async () => {
    const dir = emptyDir();
    writeFileSync(path.join(dir, 'values.yaml'), fixture('falco_rules.local.yaml'));
    const run = await cli(['init-rules-repo', '--dir', dir]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('warning: values.yaml is a list, like a rules file');
  });

  it('sets up a plain rules file, deployed as a ConfigMap', async () => {
    const dir = emptyDir();
    const run = await cli([
      'init-rules-repo',
      '--dir',
      dir,
      '--rules-file',
      'falco_rules.local.yaml',
      '--daemonset',
      'falco-sensor',
    ]);
    expect(run.status).toBe(0);
    expect(filesIn(dir)).toContain('falco_rules.local.yaml');
    expect(read(dir, workflowPath)).toContain('FALCO_DAEMONSET: falco-sensor');
    expect(read(dir, workflowPath)).not.toContain('helm');
    expect(run.stdout).toContain('status checks: falco-triage validate, falco validate.');
  });

  it('accepts an absolute path inside the repository and creates a missing --dir', async () => {
    const dir = path.join(emptyDir(), 'new', 'repo');
    const run = await cli([
      'init-rules-repo',
      '--dir',
      dir,
      '--values',
      path.join(dir, 'deploy', 'values.yaml'),
    ]);
    expect(run.status).toBe(0);
    expect(existsSync(path.join(dir, 'deploy', 'values.yaml'))).toBe(true);
  });

  it("sends alerts through Falcosidekick's webhook with --falcosidekick, not through Falco's http_output", async () => {
    const dir = emptyDir();
    const run = await cli(['init-rules-repo', '--dir', dir, '--falcosidekick']);
    expect(run.status).toBe(0);
    const values = read(dir, 'values.yaml');
    expect(values).toContain(
      'address: "http://falco-triage.falco-triage.svc.cluster.local:3001/falco/alerts"',
    );
    expect(values).not.toContain('http_output:');
    expect(run.stdout).toContain('alerts through Falcosidekick');
    expect(run.stdout).toContain("INGEST_TOKEN for Falcosidekick's webhook output");
    expect(read(dir, 'README.md')).toContain(
      'Falcosidekick sends every alert to falco-triage (its webhook output',
    );
  });

  it('takes Falcosidekick from an existing values file, and warns when http_output.url would starve it', async () => {
    const dir = emptyDir();
    const existing = [
      'falcosidekick:',
      '  enabled: true',
      'falco:',
      '  http_output: { enabled: true, url: "http://falco-triage:3000/falco/alerts" }',
      'customRules: {}',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'values.yaml'), existing);
    const run = await cli(['init-rules-repo', '--dir', dir]);
    expect(run.status).toBe(0);
    expect(read(dir, 'values.yaml')).toBe(existing);
    expect(run.stdout).toContain('alerts through Falcosidekick');
    expect(run.stderr).toContain(
      'warning: values.yaml sets falco.http_output.url with falcosidekick.enabled',
    );
    expect(read(dir, 'README.md')).toContain('Leave `falco.http_output.url` unset');
  });

  it('writes nothing with --dry-run', async () => {
    const dir = emptyDir();
    const run = await cli(['init-rules-repo', '--dir', dir, '--dry-run']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/would write +values\.yaml/);
    expect(filesIn(dir)).toEqual([]);
  });

  it('warns when the chart release ships another Falco version', async () => {
    const dir = emptyDir();
    const run = await cli(['init-rules-repo', '--dir', dir, '--falco-version', '0.43.0']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('warning: chart 9.1.0 ships Falco 0.44.1, not 0.43.0');
    expect(read(dir, 'values.yaml')).toContain('tag: "0.43.0"');
  });

  it.each([
    [
      ['--values', 'values.yaml', '--rules-file', 'rules.yaml'],
      'use either --values (a Helm values file) or --rules-file',
    ],
    [['--falco-version', '0.44'], '--falco-version: "0.44" is not a Falco version'],
    [['--falco-version', '0.25.0'], 'older than 0.35.0'],
    [['--chart-version', 'latest'], '--chart-version: "latest" is not a chart version'],
    [['--rules-file', 'r.yaml', '--chart-version', '9.1.0'], '--chart-version only apply with Helm values'],
    [['--daemonset', 'falco'], '--daemonset only apply with --rules-file'],
    [
      ['--values', '../outside.yaml'],
      '--values: "../outside.yaml" must be a .yaml or .yml path inside the repository',
    ],
    [['--cluster-auth', 'ssh'], '--cluster-auth: "ssh" is not one of kubeconfig, aws, gcp, azure'],
    [['--owner', 'security'], '--owner: "security" is not a code owner'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['extra'], 'extra'],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const dir = emptyDir();
    const run = await cli(['init-rules-repo', '--dir', dir, ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage: falco-triage init-rules-repo');
    expect(filesIn(dir)).toEqual([]);
  });

  it('explains itself with --help and is listed by falco-triage --help', async () => {
    const help = await cli(['init-rules-repo', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('[--values PATH | --rules-file PATH]');
    expect(help.stdout).toContain(
      'Exit status: 0 written or already up to date, 1 the workflow exists and differs, 2 bad usage.',
    );
    expect((await cli(['--help'])).stdout).toContain('init-rules-repo');
  });
});
