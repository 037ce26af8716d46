/**
 * `falco-triage explain` through the real CLI entry point: every flag, JSON and text output, --alerts order, stdin,
 * --alert FILE, Helm values, load errors, and exit statuses 0 / 1 / 2.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli/run-cli.js';
import { cli } from '../../helpers/cli.js';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared');
const OLD = 'fixtures/rules/falco_rules_0.25.0.yaml';
const CURRENT = 'fixtures/rules/falco_rules.yaml';
const SEED = readFileSync(path.join(SHARED, 'fixtures/alerts/seed-titanagent.txt'), 'utf8').trim();
const ALERT_029 = 'fixtures/alerts/json/029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json';
const ALERT_031 = 'fixtures/alerts/json/031_thirdparty_terminal_shell_in_container_iso8601.json';

let dir = '';

function compact(file: string): string {
  return JSON.stringify(JSON.parse(readFileSync(path.join(SHARED, file), 'utf8')));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'explain-'));
  const unknown = JSON.stringify({ ...JSON.parse(compact(ALERT_029)), rule: 'Read sensitive file untrustd' });
  writeFileSync(
    path.join(dir, 'alerts.ndjson'),
    [compact(ALERT_029), '{"rule": 1}', compact(ALERT_031), unknown, ''].join('\n'),
  );
  writeFileSync(path.join(dir, 'good.ndjson'), [compact(ALERT_031), compact(ALERT_029), ''].join('\n'));
  writeFileSync(
    path.join(dir, 'broken.yaml'),
    '- rule: r\n  desc: d\n  condition: (evt.type = open\n  output: o\n  priority: INFO\n',
  );
  const line = (n: number) =>
    `10:00:${String(n % 60).padStart(2, '0')}.000000000: Warning Sensitive file opened for reading by non-trusted program ` +
    `(user=root program=agent${n} command=agent${n} -d file=/etc/shadow parent=<NA> gparent=<NA> ggparent=<NA> ` +
    'gggparent=<NA> container_id=host image=<NA>)';
  writeFileSync(
    path.join(dir, 'falco.log'),
    `${Array.from({ length: 120 }, (_, n) => line(n)).join('\n')}\n`,
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Report {
  rule: string;
  candidates: { rule: string; score: number }[];
  priority: string;
  fields: Record<string, unknown>;
  explanation: { summary: string; tree: unknown; result: string };
  exceptionPoints: { kind: string; name: string; field: string | null; usedByRules: string[] }[];
  suggestions: {
    strategy: string;
    target: string;
    fields: string[];
    yaml: string;
    alsoAffects: string[];
    firesMore: string[];
  }[];
}

describe('falco-triage explain', () => {
  it('explains the how-to line on Falco 0.25 (--json)', async () => {
    const run = await cli(['explain', '--rules', OLD, '--falco-version', '0.25.0', '--json', SEED], {
      cwd: SHARED,
    });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.rule).toBe('Read sensitive file untrusted');
    expect(report.candidates[0]).toMatchObject({ rule: 'Read sensitive file untrusted' });
    expect(report.priority).toBe('Warning');
    expect(report.fields).toMatchObject({
      'proc.name': 'titanagent',
      'fd.name': '/etc/shadow',
      'proc.cmdline': 'titanagent -d',
    });
    expect(report.exceptionPoints).toContainEqual(
      expect.objectContaining({ kind: 'list', name: 'hids_binaries', field: 'proc.name', usedByRules: [] }),
    );
    expect(report.exceptionPoints).toContainEqual(
      expect.objectContaining({
        name: 'shell_binaries',
        usedByRules: expect.arrayContaining(['Terminal shell in container']),
      }),
    );
    expect(report.suggestions).toContainEqual(
      expect.objectContaining({
        strategy: 'list',
        target: 'hids_binaries',
        yaml: '- list: hids_binaries\n  append: true\n  items: [titanagent]\n',
      }),
    );
    expect(run.stderr).toMatch(/warnings? \(falco-triage validate lists them\)/);
  });

  it('tells both directions: the first suggestion changes no other rule, a list used positively fires more', async () => {
    const json = await cli(['explain', '--rules', OLD, '--falco-version', '0.25.0', '--json', SEED], {
      cwd: SHARED,
    });
    const report = JSON.parse(json.stdout) as Report;
    expect(report.suggestions[0]).toMatchObject({ alsoAffects: [], firesMore: [] });
    expect(report.suggestions).toContainEqual(
      expect.objectContaining({
        target: 'user_mgmt_binaries',
        alsoAffects: [],
        firesMore: ['System procs network activity', 'User mgmt binaries'],
      }),
    );
    expect(report.exceptionPoints).toContainEqual(
      expect.objectContaining({
        name: 'user_mgmt_binaries',
        silences: [],
        widens: ['System procs network activity', 'User mgmt binaries'],
      }),
    );

    const text = await cli(['explain', '--rules', OLD, '--falco-version', '0.25.0', SEED], { cwd: SHARED });
    expect(text.stdout).toMatch(/ {2}1\. list \S+ \(proc\.name\): changes no other rule/);
    expect(text.stdout).toContain(
      'list user_mgmt_binaries (proc.name): makes System procs network activity, User mgmt binaries fire more',
    );
    expect(text.stdout).not.toContain('affects no other rule');
  });

  it('prints a readable report without --json', async () => {
    const run = await cli(['explain', '--rules', OLD, '--falco-version', '0.25.0', SEED], { cwd: SHARED });
    expect(run.status).toBe(0);
    for (const section of [
      'Rule: Read sensitive file untrusted',
      'Why',
      'Fields',
      'Condition evaluated',
      'Exception points',
      'Suggestions',
    ])
      expect(run.stdout).toContain(section);
    expect(run.stdout).toMatch(/✓ sensitive_files\n/);
    expect(run.stdout).toMatch(
      /✗ proc\.name in \(user_mgmt_binaries.*\[proc\.name=titanagent; in none of its 12 lists\]/,
    );
    expect(run.stdout).toMatch(/\? open_read\n/);
    expect(run.stdout).toContain('list hids_binaries on proc.name, 7 items: no other rule uses it');
    expect(run.stdout).toContain('         append: true\n         items: [titanagent]');
  });

  it('explains a line whose title the current rules word differently, and says how it matched', async () => {
    const line =
      '20:33:20.106511423: Warning Shell history had been deleted or renamed (user=root user_loginuid=0 ' +
      'type=unlink command=zsh fd.name=<NA> name=<NA> path=/root/.zsh_history.LOCK oldpath=<NA> host (id=host))';
    const run = await cli(['explain', '--rules', 'fixtures/rules/falco-incubating_rules.yaml', line], {
      cwd: SHARED,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Rule: Delete or rename shell history');
    expect(run.stdout).toContain('reworded output title and its labels');
    expect(run.stdout).toContain('prints "Shell history deleted or renamed", the same title reworded');
  });

  describe('damaged text lines', () => {
    const OUTPUT = SEED.replace(/^\S+ Warning /, '');
    /** A 0.2x shell line as Falco 0.25 printed it (real line, plaintext.json). */
    const SHELL =
      '23:39:44.834631763: Notice A shell was spawned in a container with an attached terminal (user=root ' +
      'k8s.ns=default k8s.pod=alpine container=5892b41bcf46 shell=sh parent=<NA> cmdline=sh -c ls -al ' +
      'terminal=34817 container_id=5892b41bcf46 image=alpine)';
    const old = (...args: string[]) =>
      cli(['explain', '--rules', OLD, '--falco-version', '0.25.0', ...args], { cwd: SHARED });

    it('explains the output alone (no time, no priority), saying what it assumed', async () => {
      const json = await old('--json', OUTPUT);
      expect(json.status).toBe(0);
      const report = JSON.parse(json.stdout) as Report & { reading: unknown; notes: string[] };
      expect(report.rule).toBe('Read sensitive file untrusted');
      expect(report.priority).toBe('Warning');
      expect(report.fields).toMatchObject({ 'proc.name': 'titanagent', 'proc.cmdline': 'titanagent -d' });
      expect(report.reading).toEqual({ header: 'none', skipped: '', others: [] });
      expect(report.notes[0]).toMatch(/^the text has no time or priority, only the alert's output/);
      const text = await old(OUTPUT);
      expect(text.status).toBe(0);
      expect(text.stdout).toContain('  priority Warning (the text has none), source syscall');
      expect(text.stdout).toContain("  - the text has no time or priority, only the alert's output");
    });

    it('skips a grep -n prefix before the header', async () => {
      const run = await old('--json', `/var/log/falco.log:4711:${SEED}`);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        rule: 'Read sensitive file untrusted',
        reading: { header: 'time-and-priority', skipped: '/var/log/falco.log:4711:', others: [] },
      });
    });

    it('answers two alerts of different rules on one line with both, and exit 1', async () => {
      const json = await old('--json', `${SEED}${SHELL}`);
      expect(json.status).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        kind: 'ambiguous',
        reason: 'several-alerts',
        candidates: [
          { rule: 'Read sensitive file untrusted', priority: 'Warning', text: SEED },
          { rule: 'Terminal shell in container', priority: 'Notice', text: SHELL },
        ],
      });
      const text = await old(`${SEED}${SHELL}`);
      expect(text.status).toBe(1);
      expect(text.stdout).toBe('');
      expect(text.stderr).toContain(
        'falco-triage explain: cannot tell which rule raised the alert: this line holds 2 alerts of different ' +
          'rules run together (joined by a log collector, or pasted together): "Read sensitive file untrusted", ' +
          '"Terminal shell in container"; paste one alert at a time to explain it.\n' +
          '  1. Read sensitive file untrusted (Warning): 20:46:45.519621929: Warning Sensitive file opened',
      );
      expect(text.stderr).toContain(
        '\n  2. Terminal shell in container (Notice): 23:39:44.834631763: Notice A shell',
      );
    });

    it('explains the first of two alerts of one rule on one line, and says so first', async () => {
      const second = SEED.replace('titanagent -d', 'titanagent --scan');
      const run = await old(`${SEED} ${second}`);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(
        /^Rule: Read sensitive file untrusted\n {2}priority Warning, .*\n {2}! This line holds 2 alerts of "Read sensitive file untrusted" run together \(joined by a log collector, or pasted together\); this explanation is for the first of them: explain the others on their own for their values\.\n/,
      );
      expect(run.stdout).toContain('proc.cmdline                titanagent -d\n');
      const json = JSON.parse((await old('--json', `${SEED} ${second}`)).stdout) as { reading: unknown };
      expect(json.reading).toMatchObject({
        others: [{ text: second, rule: 'Read sensitive file untrusted' }],
      });
    });
  });

  it('reads the alert from stdin (-) and from --alert FILE, on current rules', async () => {
    const stdin = await cli(['explain', '--rules', CURRENT, '--json', '-'], {
      cwd: SHARED,
      stdin: compact(ALERT_029),
    });
    const file = await cli(['explain', '--rules', CURRENT, '--json', '--alert', ALERT_029], { cwd: SHARED });
    for (const run of [stdin, file]) {
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.rule).toBe('Read sensitive file untrusted');
      expect(report.fields['user.uid']).toBe(0);
      expect(report.suggestions[0]).toMatchObject({
        strategy: 'exception',
        fields: ['proc.name', 'fd.name'],
      });
      expect(report.suggestions[0]?.yaml).toContain('override:\n    exceptions: append');
    }
    const alertStdin = await cli(['explain', '--rules', CURRENT, '--json', '--alert', '-'], {
      cwd: SHARED,
      stdin: compact(ALERT_029),
    });
    expect(alertStdin.status).toBe(0);
  });

  it('--alerts: one JSON object per line, in order, failures included; exit 1 when any fails', async () => {
    const run = await cli(
      ['explain', '--rules', CURRENT, '--json', '--alerts', path.join(dir, 'alerts.ndjson')],
      { cwd: SHARED },
    );
    expect(run.status).toBe(1);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line['rule'] ?? line['kind'])).toEqual([
      'Read sensitive file untrusted',
      'invalid',
      'Terminal shell in container',
      'Read sensitive file untrustd',
    ]);
    expect(lines[1]).toMatchObject({ kind: 'invalid', line: 2 });
    expect(lines[3]).toMatchObject({ kind: 'unknown-rule', rule: 'Read sensitive file untrustd' });
    expect((lines[3] as { hints: string[] }).hints[0]).toBe('Read sensitive file untrusted');
    expect(run.stderr).toContain('2 of 4 alerts could not be explained');
  });

  it('--alerts with only good alerts exits 0 and loads the rules once', async () => {
    const run = await cli(
      ['explain', '--rules', CURRENT, '--json', '--alerts', path.join(dir, 'good.ndjson')],
      { cwd: SHARED },
    );
    expect(run.status).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as Report).rule),
    ).toEqual(['Terminal shell in container', 'Read sensitive file untrusted']);
  });

  it('--alerts reads a Falco log and shows progress on a terminal', async () => {
    let stdout = '';
    let stderr = '';
    const status = await runCli(
      [
        'explain',
        '--rules',
        OLD,
        '--falco-version',
        '0.25.0',
        '--json',
        '--alerts',
        path.join(dir, 'falco.log'),
      ],
      {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        readStdin: () => Promise.resolve(''),
        cwd: SHARED,
        isTty: true,
      },
    );
    expect(status).toBe(0);
    const reports = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Report);
    expect(reports).toHaveLength(120);
    expect(reports[7]?.fields['proc.name']).toBe('agent7');
    expect(stderr).toContain('\rexplained 100/120');
    expect(stderr).toContain('\rexplained 120/120\n');
  });

  it('takes several rules files (repeated --rules or listed) and Helm values files', async () => {
    const line =
      '12:00:00.000000000: Error Unauthorized process (cat /var/run/secrets/serviceaccount/token) running in (abc123)';
    const run = await cli(
      ['explain', '--rules', CURRENT, 'fixtures/rules-repo/values-modern.yaml', '--json', line],
      { cwd: SHARED },
    );
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.rule).toBe('Unauthorized process');
    expect(report.fields).toMatchObject({
      'proc.cmdline': 'cat /var/run/secrets/serviceaccount/token',
      'container.id': 'abc123',
    });
    const repeated = await cli(
      [
        'explain',
        '--rules',
        CURRENT,
        '--rules',
        'fixtures/rules-repo/falco_rules.local.yaml',
        '--json',
        '--alert',
        ALERT_031,
      ],
      { cwd: SHARED },
    );
    expect(repeated.status).toBe(0);
    expect((JSON.parse(repeated.stdout) as Report).exceptionPoints[0]).toMatchObject({
      kind: 'exception',
      name: 'debug_images',
    });
  });

  it('--fields types text values from the catalog', async () => {
    const line =
      '11:07:54.233793746: Warning Sensitive file opened for reading by non-trusted program (user=root user_loginuid=-1 program=cat command=cat /etc/shadow file=/etc/shadow parent=bash gparent=<NA> ggparent=<NA> gggparent=<NA> container_id=host image=<NA>)';
    const run = await cli(
      [
        'explain',
        '--rules',
        'fixtures/rules/falco_rules_0.26.2.yaml',
        '--falco-version',
        '0.26.2',
        '--fields',
        'fixtures/falco/fields.json',
        '--json',
        line,
      ],
      { cwd: SHARED },
    );
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as Report).fields).toMatchObject({
      'user.loginuid': -1,
      'proc.name': 'cat',
    });
  });

  it('exits 1 with a helpful message for an alert it cannot identify or parse', async () => {
    const unknown = await cli(
      [
        'explain',
        '--rules',
        OLD,
        '--falco-version',
        '0.25.0',
        '12:00:00.000000000: Warning Something nobody wrote (x=1)',
      ],
      { cwd: SHARED },
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(
      /cannot identify the alert: no loaded rule's output starts like "Something nobody wrote"/,
    );
    const garbage = await cli(['explain', '--rules', OLD, 'hello world'], { cwd: SHARED });
    expect(garbage.status).toBe(1);
    expect(garbage.stderr).toContain(
      'cannot identify the alert: not a Falco alert line (no time and priority), and no loaded rule\'s output starts like "hello world"',
    );
    const empty = await cli(['explain', '--rules', OLD, '-'], { cwd: SHARED, stdin: '  \n' });
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('no alert in the input');
    const json = await cli(
      [
        'explain',
        '--rules',
        OLD,
        '--json',
        '{"rule":"Nope","priority":"Warning","time":"2026-01-01T00:00:00Z"}',
      ],
      { cwd: SHARED },
    );
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'unknown-rule', rule: 'Nope' });
  });

  it('exits 1 when the rules do not load, with positions on stderr', async () => {
    const run = await cli(['explain', '--rules', 'broken.yaml', SEED], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^broken\.yaml:3:\d+: error: /);
    expect(run.stderr).toContain('the rules do not load');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['explain', SEED], /--rules: no rules file given/],
    [['explain', '--rules', OLD], /no alert given/],
    [['explain', '--rules', OLD, '--bogus', SEED], /Unknown option '--bogus'/],
    [['explain', '--rules', OLD, '--alert', 'a', '--alerts', 'b'], /give --alert or --alerts, not both/],
    [['explain', '--rules', 'missing.yaml', SEED], /cannot read missing\.yaml: no such file/],
    [['explain', '--rules', OLD, '--falco-version', 'banana', SEED], /banana/],
    [['explain', '--rules', OLD, '--alert', 'missing.json'], /cannot read missing\.json/],
    [['explain', '--rules', OLD, '--fields', 'missing.json', SEED], /cannot read missing\.json/],
  ])('exits 2 on bad usage: %j', async (argv, message) => {
    const run = await cli(argv, { cwd: SHARED });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: falco-triage explain');
  });

  it('prints its usage on --help', async () => {
    const run = await cli(['explain', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Usage: falco-triage explain --rules FILE... [--falco-version V] [--fields FILE] [--json] ALERT',
    );
  });
});
