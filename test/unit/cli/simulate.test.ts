import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../../helpers/cli.js';
import { fixturePath, readFixture } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'falco-triage-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const RULES = fixturePath('rules', 'falco_rules.yaml');
const CUSTOM = write(
  'custom.yaml',
  [
    '- rule: Read sensitive file untrusted',
    '  exceptions:',
    '    - name: falco_triage_proc_name_fd_name',
    '      fields: [proc.name, fd.name]',
    '      comps: [=, =]',
    '      values:',
    '        - [cat, /etc/shadow]',
    '  override:',
    '    exceptions: append',
    '',
  ].join('\n'),
);
const a029 = JSON.parse(
  readFixture('alerts', 'json', '029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json'),
) as {
  output_fields: Record<string, unknown>;
};
const a030 = JSON.parse(
  readFixture('alerts', 'json', '030_thirdparty_read_sensitive_file_untrusted_host_0.44.1.json'),
) as {
  output_fields: Record<string, unknown>;
};
const other = { ...a030, output_fields: { ...a030.output_fields, 'proc.name': 'cot' } };
const noField = { ...a030, output_fields: { 'fd.name': '/etc/shadow' } };
const unknownRule = { ...a030, rule: 'Not a rule' };

interface SimulateJson {
  assumption: string;
  alerts: { line: number; rule: string; verdict: string; by?: { kind: string; name: string } }[];
  invalid: { line: number; problem: string }[];
  summary: { excepted: number; stillFires: number; unknown: number };
}

describe('falco-triage simulate', () => {
  it('shows per alert excepted / still-fires / unknown and the summary (JSON array)', async () => {
    const alerts = write('alerts.json', JSON.stringify([a029, other, noField, unknownRule]));
    const run = await cli(['simulate', '--rules', RULES, CUSTOM, '--alerts', alerts]);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /alerts taken as raised by .*falco_rules\.yaml; evaluating what .*custom\.yaml changes/,
    );
    expect(lines[1]).toMatch(
      /Read sensitive file untrusted +excepted +by exception falco_triage_proc_name_fd_name$/,
    );
    expect(lines[2]).toMatch(/Read sensitive file untrusted +still-fires$/);
    expect(lines[3]).toMatch(
      /Read sensitive file untrusted +unknown +the alert does not show whether .*proc\.name = cat/,
    );
    expect(lines[4]).toMatch(/Not a rule +unknown +rule "Not a rule" is not in the loaded rules/);
    expect(lines.at(-1)).toBe('{"excepted":1,"stillFires":1,"unknown":2}');
  });

  it('reads NDJSON and prints JSON', async () => {
    const alerts = write('alerts.ndjson', [a029, other].map((a) => JSON.stringify(a)).join('\n'));
    const run = await cli(['simulate', '--rules', RULES, '--rules', CUSTOM, '--alerts', alerts, '--json']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as SimulateJson;
    expect(json.summary).toEqual({ excepted: 1, stillFires: 1, unknown: 0 });
    expect(json.alerts.map((a) => [a.line, a.verdict, a.by?.kind])).toEqual([
      [1, 'excepted', 'exception'],
      [2, 'still-fires', undefined],
    ]);
  });

  it("reads text lines (the how-to's log) and names the list that excepts them", async () => {
    const seed = readFixture('alerts', 'seed-titanagent.txt').trim();
    const log = write(
      'falco.log',
      `${seed}\n${seed.replace('program=titanagent command=titanagent', 'program=cat command=cat')}\ngarbage line\n`,
    );
    const custom = write('custom-025.yaml', '- list: hids_binaries\n  append: true\n  items: [titanagent]\n');
    const rules025 = fixturePath('rules', 'falco_rules_0.25.0.yaml');
    const run = await cli([
      'simulate',
      '--rules',
      rules025,
      custom,
      '--falco-version',
      '0.25.0',
      '--alerts',
      log,
      '--json',
    ]);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as SimulateJson;
    expect(json.alerts.map((a) => [a.verdict, a.by?.name])).toEqual([
      ['excepted', 'hids_binaries'],
      ['still-fires', undefined],
    ]);
    expect(json.invalid).toHaveLength(1);
    expect(json.summary).toEqual({ excepted: 1, stillFires: 1, unknown: 0 });
  });

  it('with one rules file evaluates whole conditions', async () => {
    const alerts = write('one.json', JSON.stringify([a029]));
    const run = await cli(['simulate', '--rules', RULES, '--alerts', alerts, '--json']);
    const json = JSON.parse(run.stdout) as SimulateJson;
    expect(json.assumption).toBe('whole rule conditions evaluated on each alert');
    expect(json.summary.excepted + json.summary.stillFires + json.summary.unknown).toBe(1);
  });

  it('exits 1 when the rules do not load and 2 on bad usage', async () => {
    const broken = write(
      'broken.yaml',
      '- rule: x\n  condition: (\n  output: o\n  desc: d\n  priority: INFO\n',
    );
    const alerts = write('empty.json', '[]');
    const failed = await cli(['simulate', '--rules', broken, '--alerts', alerts]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/do not load/);
    expect((await cli(['simulate', '--alerts', alerts])).status).toBe(2);
    expect((await cli(['simulate', '--rules', RULES])).status).toBe(2);
    expect((await cli(['simulate', '--rules', RULES, '--alerts', 'nope.json'])).stderr).toMatch(
      /no such file/,
    );
  });
});
