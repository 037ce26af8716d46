/**
 * `falco-triage validate` through the real CLI entry point: exit statuses, text / JSON / GitHub output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../../helpers/cli.js';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared');
const RULES = 'fixtures/rules/falco_rules.yaml';
const OLD_RULES = 'fixtures/rules/falco_rules_0.26.2.yaml';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'validate-'));
  writeFileSync(
    path.join(dir, 'custom.yaml'),
    '- list: hids_binaries\n  items: [titanagent]\n  override:\n    items: append\n',
  );
  writeFileSync(
    path.join(dir, 'broken.yaml'),
    '- rule: "Bad rule, with: colon"\n  desc: d\n  condition: (evt.type = open\n  output: o\n  priority: INFO\n- list: unused\n  items: [a]\n',
  );
  writeFileSync(path.join(dir, 'fields.txt'), 'evt.type\nproc.name\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface JsonOutput {
  ok: boolean;
  errors: { file: string; line: number; column: number; code: string; message: string }[];
  warnings: { file: string; line: number; column: number; code: string; message: string }[];
  rules: Record<string, unknown>[];
}

describe('falco-triage validate', () => {
  it('exits 0 for the default rules plus a custom file, printing a summary', async () => {
    const run = await cli(['validate', RULES, path.join(dir, 'custom.yaml')], { cwd: SHARED });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `${RULES}: Ok\n${path.join(dir, 'custom.yaml')}: Ok\n` +
        'OK: 2 files as Falco 0.44.1: 0 errors, 0 warnings; 25 rules (25 compiled)\n',
    );
  });

  it('exits 1 with file:line:column lines for errors', async () => {
    const run = await cli(['validate', 'broken.yaml'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("broken.yaml:3:30: error: expected a ')' token\n");
  });

  it('reports the old-version trap as a warning, still exit 0', async () => {
    // Falco 0.36 cannot load today's falco_rules.yaml (it requires engine 0.57.0): use the rules of its era.
    const run = await cli(
      ['validate', '--falco-version', '0.36.2', OLD_RULES, path.join(dir, 'custom.yaml')],
      {
        cwd: SHARED,
      },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `${path.join(dir, 'custom.yaml')}:3:3: warning: 'override' is not supported before Falco 0.37`,
    );
  });

  it('--json prints the contract shape, rules as described after overrides', async () => {
    const run = await cli(['validate', '--json', RULES, path.join(dir, 'custom.yaml')], { cwd: SHARED });
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as JsonOutput;
    expect(output.ok).toBe(true);
    expect(output.errors).toEqual([]);
    const rule = output.rules.find((r) => r.name === 'Read sensitive file untrusted');
    expect(Object.keys(rule ?? {})).toEqual([
      'name',
      'source',
      'enabled',
      'priority',
      'desc',
      'output',
      'tags',
      'capture',
      'capture_duration',
      'condition',
      'compiled',
    ]);
    expect(rule).toMatchObject({
      source: 'syscall',
      enabled: true,
      priority: 'Warning',
      capture: false,
      capture_duration: 0,
    });
    expect(rule?.compiled).toEqual(expect.stringContaining('titanagent'));
  });

  it('--format json is --json; errors carry code and position', async () => {
    const run = await cli(['validate', '--format', 'json', 'broken.yaml'], { cwd: dir });
    expect(run.status).toBe(1);
    const output = JSON.parse(run.stdout) as JsonOutput;
    expect(output.ok).toBe(false);
    expect(output.errors).toEqual([
      {
        file: 'broken.yaml',
        line: 3,
        column: 30,
        code: 'LOAD_ERR_COMPILE_CONDITION',
        message: "expected a ')' token",
      },
    ]);
    expect(output.rules.map((r) => [r.name, r.compiled])).toEqual([['Bad rule, with: colon', null]]);
  });

  it('--format github prints workflow commands with GitHub escaping', async () => {
    const commaDir = mkdtempSync(path.join(os.tmpdir(), 'val,id:'));
    writeFileSync(
      path.join(commaDir, 'r.yaml'),
      '- rule: r\n  desc: d\n  condition: evt.type = open and nope\n  output: 100%\n  priority: INFO\n',
    );
    try {
      const run = await cli(['validate', '--format', 'github', path.join(commaDir, 'r.yaml')], { cwd: dir });
      expect(run.status).toBe(1);
      const file = path.join(commaDir, 'r.yaml').replace(/,/g, '%2C').replace(/:/g, '%3A');
      expect(run.stdout).toBe(`::error file=${file},line=3,col=34::Undefined macro 'nope' used in filter.\n`);
    } finally {
      rmSync(commaDir, { recursive: true, force: true });
    }
  });

  it('--fields makes unknown fields errors', async () => {
    writeFileSync(
      path.join(dir, 'fields-rule.yaml'),
      '- rule: r\n  desc: d\n  condition: evt.type = open and fd.nam = x\n  output: o\n  priority: INFO\n',
    );
    const checked = await cli(['validate', '--fields', 'fields.txt', 'fields-rule.yaml'], { cwd: dir });
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain('error: filter_check called with nonexistent field fd.nam');
    const unchecked = await cli(['validate', 'fields-rule.yaml'], { cwd: dir });
    expect(unchecked.status).toBe(0);
  });

  it('recognises a Helm values file and reports at its lines', async () => {
    const run = await cli(['validate', RULES, 'fixtures/rules-repo/values-modern.yaml'], { cwd: SHARED });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      'fixtures/rules-repo/values-modern.yaml:36:7: warning: List not referred to by any other rule/macro\n',
    );
  });

  it.each([
    [[], 'no rules file given'],
    [['--bogus', 'x.yaml'], "Unknown option '--bogus'"],
    [['--format', 'xml', 'x.yaml'], 'unknown format "xml"'],
    [['--json', '--format', 'github', 'x.yaml'], '--json conflicts with --format github'],
    [['--falco-version', 'latest', 'x.yaml'], 'invalid Falco version'],
    [['missing.yaml'], 'cannot read missing.yaml: no such file'],
    [['--fields', 'missing.txt', 'broken.yaml'], 'cannot read missing.txt'],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const run = await cli(['validate', ...args], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage: falco-triage validate');
  });

  it('prints its usage on --help', async () => {
    const run = await cli(['validate', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--format FORMAT');
  });
});
