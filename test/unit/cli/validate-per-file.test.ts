/**
 * `falco-triage validate a.yaml b.yaml` judges file by file, as `falco -V a.yaml -V b.yaml` does: each file's own
 * verdict and warnings, Falco's stop at the first failing file before 0.33, and required_engine_version checked
 * against the chosen release. Driven through the real CLI entry point.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../../helpers/cli.js';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared');
const RULES = 'fixtures/rules/falco_rules.yaml';

interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

interface JsonOutput {
  ok: boolean;
  errors: JsonDiagnostic[];
  warnings: JsonDiagnostic[];
  files: {
    name: string;
    loaded: boolean;
    ok: boolean;
    errors: JsonDiagnostic[];
    warnings: JsonDiagnostic[];
  }[];
}

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'validate-per-file-'));
  writeFileSync(path.join(dir, 'lists.yaml'), '- list: shared_binaries\n  items: [cat]\n');
  writeFileSync(
    path.join(dir, 'uses.yaml'),
    '- rule: r\n  desc: d\n  condition: evt.type = open and proc.name in (shared_binaries)\n  output: o\n  priority: INFO\n',
  );
  writeFileSync(
    path.join(dir, 'broken.yaml'),
    '- rule: b\n  desc: d\n  condition: evt.type = open and nope\n  output: o\n  priority: INFO\n',
  );
  writeFileSync(
    path.join(dir, 'fine.yaml'),
    '- rule: f\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n',
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('falco-triage validate, file by file', () => {
  it('warns that a list is unused for the file that defines it, not for the file that uses it', async () => {
    const run = await cli(['validate', 'lists.yaml', 'uses.yaml'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('lists.yaml:1:3: warning: List not referred to by any other rule/macro\n');
    expect(run.stderr).toBe(
      'lists.yaml: Ok, with 1 warning\nuses.yaml: Ok\n' +
        'OK: 2 files as Falco 0.44.1: 0 errors, 1 warning; 1 rule (1 compiled)\n',
    );
    const json = await cli(['validate', '--json', 'lists.yaml', 'uses.yaml'], { cwd: dir });
    const output = JSON.parse(json.stdout) as JsonOutput;
    expect(output.files.map((f) => [f.name, f.ok, f.warnings.map((w) => w.code)])).toEqual([
      ['lists.yaml', true, ['LOAD_UNUSED_LIST']],
      ['uses.yaml', true, []],
    ]);
    expect(output.warnings.map((w) => w.code)).toEqual(['LOAD_UNUSED_LIST']);
  });

  it('in the Lua era the warning has the Lua words', async () => {
    const run = await cli(['validate', '--falco-version', '0.30.0', 'lists.yaml', 'uses.yaml'], { cwd: dir });
    expect(run.stdout).toBe(
      'lists.yaml:1:3: warning: list shared_binaries not refered to by any rule/macro/list\n',
    );
  });

  it('before 0.33 stops at the first file that fails; from 0.33 reports every file', async () => {
    const old = await cli(['validate', '--falco-version', '0.32.0', '--json', 'broken.yaml', 'fine.yaml'], {
      cwd: dir,
    });
    expect(old.status).toBe(1);
    const oldOutput = JSON.parse(old.stdout) as JsonOutput;
    expect(oldOutput.files.map((f) => [f.name, f.loaded, f.ok, f.errors.length])).toEqual([
      ['broken.yaml', true, false, 1],
      ['fine.yaml', false, true, 0],
    ]);
    const oldText = await cli(['validate', '--falco-version', '0.32.0', 'broken.yaml', 'fine.yaml'], {
      cwd: dir,
    });
    expect(oldText.stderr).toContain(
      'broken.yaml: Invalid: 1 error, 0 warnings\nfine.yaml: not loaded (Falco 0.32.0 stops at the first file that fails)\n',
    );

    const current = await cli(
      ['validate', '--falco-version', '0.33.0', '--json', 'broken.yaml', 'fine.yaml'],
      {
        cwd: dir,
      },
    );
    const output = JSON.parse(current.stdout) as JsonOutput;
    // Falco compiles everything loaded so far after each file: the broken rule fails again for fine.yaml.
    const error = {
      file: 'broken.yaml',
      line: 3,
      column: 34,
      code: 'LOAD_ERR_VALIDATE',
      message: "Undefined macro 'nope' used in filter.",
    };
    expect(output.files.map((f) => [f.name, f.loaded, f.ok, f.errors])).toEqual([
      ['broken.yaml', true, false, [error]],
      ['fine.yaml', true, false, [error]],
    ]);
    expect(output.errors).toEqual([error]);
    const text = await cli(['validate', '--falco-version', '0.33.0', 'broken.yaml', 'fine.yaml'], {
      cwd: dir,
    });
    expect(text.stdout).toBe("broken.yaml:3:34: error: Undefined macro 'nope' used in filter.\n");
    expect(text.stderr).toContain('fine.yaml: Invalid: 1 error, 0 warnings\n');
  });

  it('github annotations follow the same file order, each problem once', async () => {
    const run = await cli(['validate', '--format', 'github', 'lists.yaml', 'broken.yaml'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      '::warning file=lists.yaml,line=1,col=3::List not referred to by any other rule/macro\n' +
        "::error file=broken.yaml,line=3,col=34::Undefined macro 'nope' used in filter.\n",
    );
  });
});

describe('falco-triage validate and required_engine_version', () => {
  it.each([
    ['0.44.1', 0, ''],
    ['0.42.0', 0, ''],
    ['0.41.0', 1, '28:3: error: Rules require engine version 0.57.0, but engine version is 0.50.0'],
    ['0.36.2', 1, "28:28: error: Can't decode YAML scalar value"],
    ['0.32.0', 1, '28:3: error: Value of required_engine_version must be a number'],
    ['0.25.0', 1, '28:3: error: Value of required_engine_version must be a number'],
  ])("today's falco_rules.yaml (engine 0.57.0) on Falco %s", async (falco, status, line) => {
    const run = await cli(['validate', '--falco-version', falco, RULES], { cwd: SHARED });
    expect(run.status).toBe(status);
    expect(run.stdout).toBe(line === '' ? '' : `${RULES}:${line}\n`);
  });

  it('an integer requirement of the 0.26 era on the releases before and after', async () => {
    const old = 'fixtures/rules/falco_rules_0.26.2.yaml';
    const before = await cli(['validate', '--falco-version', '0.25.0', old], { cwd: SHARED });
    expect(before.stdout).toContain(
      `${old}:26:3: error: Rules require engine version 7, but engine version is 6\n`,
    );
    for (const falco of ['0.26.2', '0.36.2', '0.44.1'])
      expect((await cli(['validate', '--falco-version', falco, old], { cwd: SHARED })).stdout).not.toContain(
        'Rules require engine version',
      );
  });
});
