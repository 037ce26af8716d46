/**
 * The `falco validate` job's scripts, run in bash with a stand-in for docker that answers as `falco -V` does
 * (`{"falco_load_results": [...]}` on stdout). Checks the customRules split, the -V order, and that errors,
 * warnings and a missing result all fail the check.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { generateWorkflow } from '../../../src/rules-repo-generator/workflow.js';
import { runJob } from './run-job.js';
import { helmDefaults, plainDefaults } from './workflow-fixtures.js';

const shared = path.resolve(process.cwd(), '../shared/fixtures/rules-repo');

interface LoadResult {
  name: string;
  successful: boolean;
  errors?: { code: string; message: string }[];
  warnings?: { code: string; message: string }[];
}

function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rules-repo-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Runs the falco job; the fake falco answers with `results` (or `raw` output) and exits with `status`. */
function runFalcoJob(
  workflow: string,
  repo: string,
  answer: { results?: LoadResult[]; raw?: string; status?: number } = {},
) {
  const output = path.join(repo, '.falco-output');
  writeFileSync(
    output,
    answer.raw ??
      `Validating rules file(s):\n${JSON.stringify({
        falco_load_results: answer.results ?? [
          { name: '/etc/falco/falco_rules.yaml', successful: true, errors: [], warnings: [] },
        ],
      })}\n`,
  );
  return runJob(workflow, 'falco', {
    cwd: repo,
    env: { FAKE_FALCO_OUTPUT: output, FAKE_FALCO_STATUS: String(answer.status ?? 0) },
  });
}

const helmWorkflow = generateWorkflow(helmDefaults);
const valuesWithTwoFiles = [
  'falco:',
  '  json_output: true',
  'customRules:',
  '  z_tuning.yaml: |-',
  '    - macro: user_known_read_sensitive_files_activities',
  '      condition: (proc.name = backup-agent)',
  '      override:',
  '        condition: replace',
  '  custom_rules.yaml: |-',
  '    - list: hids_binaries',
  '      items: [titanagent]',
  '      override:',
  '        items: append',
  '',
].join('\n');

describe('falco validate job (Helm values)', () => {
  it('splits every customRules entry into its own file and validates them after the default rules, in name order', () => {
    const repo = repoWith({ 'values.yaml': valuesWithTwoFiles });
    const run = runFalcoJob(helmWorkflow, repo);
    expect(run.status).toBe(0);
    expect(readdirSync(path.join(run.runnerTemp, 'rules.d')).sort()).toEqual([
      'custom_rules.yaml',
      'z_tuning.yaml',
    ]);
    expect(readFileSync(path.join(run.runnerTemp, 'rules.d', 'custom_rules.yaml'), 'utf8')).toBe(
      '- list: hids_binaries\n  items: [titanagent]\n  override:\n    items: append',
    );
    const [call] = run.calls('docker');
    expect(call?.slice(0, 1)).toEqual(['run']);
    const validateArgs = call?.slice(call.indexOf('docker.io/falcosecurity/falco:0.44.1') + 1);
    expect(validateArgs).toEqual([
      '-o',
      'json_output=true',
      '-V',
      '/etc/falco/falco_rules.yaml',
      '-V',
      '/etc/falco/rules.d/custom_rules.yaml',
      '-V',
      '/etc/falco/rules.d/z_tuning.yaml',
    ]);
    expect(call).toEqual(expect.arrayContaining(['--entrypoint', '/usr/bin/falco']));
    expect(run.stdout).toContain('2 custom rules files: no errors, no warnings');
    expect(run.summary).toContain('| /etc/falco/falco_rules.yaml | ok | 0 | 0 |');
  });

  it("splits the shared fixture values-modern.yaml exactly as the chart's ConfigMap would hold it", () => {
    const text = readFileSync(path.join(shared, 'values-modern.yaml'), 'utf8');
    const repo = repoWith({ 'values.yaml': text });
    const run = runFalcoJob(helmWorkflow, repo);
    expect(run.status).toBe(0);
    const expected = (parse(text) as { customRules: Record<string, string> }).customRules;
    for (const [name, rules] of Object.entries(expected)) {
      expect(readFileSync(path.join(run.runnerTemp, 'rules.d', name), 'utf8')).toBe(rules);
    }
  });

  it('fails on warnings, with one annotation per warning (newlines escaped)', () => {
    const repo = repoWith({ 'values.yaml': valuesWithTwoFiles });
    const run = runFalcoJob(helmWorkflow, repo, {
      results: [
        { name: '/etc/falco/falco_rules.yaml', successful: true, errors: [], warnings: [] },
        {
          name: '/etc/falco/rules.d/custom_rules.yaml',
          successful: true,
          errors: [],
          warnings: [
            { code: 'LOAD_DEPRECATED_ITEM', message: "The 'append' key is deprecated.\nUse override." },
          ],
        },
      ],
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(
      "::warning title=Falco 0.44.1 /etc/falco/rules.d/custom_rules.yaml::LOAD_DEPRECATED_ITEM The 'append' key is deprecated.%0AUse override.",
    );
    expect(run.stdout).toContain('Warnings fail this check as well');
  });

  it('fails on errors even when falco exits 0', () => {
    const repo = repoWith({ 'values.yaml': valuesWithTwoFiles });
    const run = runFalcoJob(helmWorkflow, repo, {
      results: [
        {
          name: '/etc/falco/rules.d/custom_rules.yaml',
          successful: false,
          errors: [{ code: 'LOAD_ERR_COMPILE_CONDITION', message: 'undefined macro: nope, 50%' }],
        },
      ],
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(
      '::error title=Falco 0.44.1 /etc/falco/rules.d/custom_rules.yaml::LOAD_ERR_COMPILE_CONDITION undefined macro: nope, 50%25',
    );
  });

  it('fails when falco exits non-zero although it reported success', () => {
    const run = runFalcoJob(helmWorkflow, repoWith({ 'values.yaml': valuesWithTwoFiles }), { status: 1 });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('falco exited with status 1');
  });

  it('fails with a clear message when falco prints no results (a crash, a wrong image)', () => {
    const run = runFalcoJob(helmWorkflow, repoWith({ 'values.yaml': valuesWithTwoFiles }), {
      raw: 'Error: unknown option -V\n',
      status: 1,
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('printed no validation results (exit status 1)');
  });

  it('validates the default rules alone when the values have no customRules', () => {
    const run = runFalcoJob(helmWorkflow, repoWith({ 'values.yaml': 'falco:\n  json_output: true\n' }));
    expect(run.status).toBe(0);
    const [call] = run.calls('docker');
    expect(call?.slice(-2)).toEqual(['-V', '/etc/falco/falco_rules.yaml']);
  });

  it.each([
    [
      'a key that is a path',
      'customRules:\n  ../../etc/evil.yaml: "- list: x\\n  items: []"\n',
      'is not a plain file name',
    ],
    ['a key with a space', 'customRules:\n  "my rules.yaml": "[]"\n', 'is not a plain file name'],
    [
      'an entry that is a YAML list',
      'customRules:\n  custom.yaml:\n    - list: x\n      items: [a]\n',
      'must be rules text',
    ],
    ['customRules that is a list', 'customRules:\n  - custom.yaml\n', 'customRules must map file names'],
    ['YAML that does not parse', 'customRules: [\n', 'is not valid YAML'],
  ])('rejects %s before running Falco', (_name, values, message) => {
    const run = runFalcoJob(helmWorkflow, repoWith({ 'values.yaml': values }));
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(`::error file=values.yaml::`);
    expect(run.stdout).toContain(message);
    expect(run.calls('docker')).toEqual([]);
  });
});

describe('falco validate job (plain rules file)', () => {
  it('validates the rules file after the default rules', () => {
    const rules = readFileSync(path.join(shared, 'falco_rules.local.yaml'), 'utf8');
    const repo = repoWith({ 'falco_rules.local.yaml': rules });
    const run = runFalcoJob(generateWorkflow(plainDefaults), repo);
    expect(run.status).toBe(0);
    const [call] = run.calls('docker');
    expect(call?.slice(-4)).toEqual([
      '-V',
      '/etc/falco/falco_rules.yaml',
      '-V',
      '/etc/falco/rules.d/falco_rules.local.yaml',
    ]);
    expect(readFileSync(path.join(run.runnerTemp, 'rules.d', 'falco_rules.local.yaml'), 'utf8')).toBe(rules);
  });
});
