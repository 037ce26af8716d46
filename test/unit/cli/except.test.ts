import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffLines } from 'diff';
import { loadRules } from '../../../src/falco/rules/index.js';
import { cli } from '../../helpers/cli.js';
import { fixturePath, readFixture } from '../../helpers/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'falco-triage-except-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function copy(fixture: string, name: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, readFixture('rules-repo', fixture));
  return target;
}

const RULES_025 = fixturePath('rules', 'falco_rules_0.25.0.yaml');
const RULES = fixturePath('rules', 'falco_rules.yaml');
const SEED_LINE = readFixture('alerts', 'seed-titanagent.txt').trim();
const ALERT_029 = fixturePath(
  'alerts',
  'json',
  '029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json',
);

/** Every changed line between two texts is an added line. */
function onlyAdditions(before: string, after: string): boolean {
  return diffLines(before, after).every((part) => part.removed !== true);
}

describe('falco-triage except', () => {
  it('reproduces the how-to on 0.25: hids_binaries with append: true inside custom_rules.yaml, nothing else', async () => {
    const file = copy('values-seed.yaml', 'values-seed.yaml');
    const before = readFileSync(file, 'utf8');
    const args = ['except', '--rules', RULES_025, '--falco-version', '0.25.0', '--custom', file];
    const run = await cli([
      ...args,
      '--strategy',
      'list:hids_binaries',
      '--alert',
      SEED_LINE,
      '--fields',
      'proc.name',
      '--write',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Verification (Falco 0.25.0): passed');
    expect(run.stdout).toContain(
      '+    - list: hids_binaries\n+      append: true\n+      items: [titanagent]\n',
    );
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(
      before.replace(
        '      items: [/etc/titanagent]',
        '      items: [/etc/titanagent]\n    - list: hids_binaries\n      append: true\n      items: [titanagent]',
      ),
    );
    expect(after).not.toMatch(/override|exceptions/);
  });

  it('gives current Falco a rule exception via override, changing values-modern.yaml by added lines only', async () => {
    const file = copy('values-modern.yaml', 'values-modern.yaml');
    const before = readFileSync(file, 'utf8');
    const args = [
      'except',
      '--rules',
      RULES,
      '--falco-version',
      '0.44.1',
      '--custom',
      file,
      '--fields',
      'proc.name,fd.name',
    ];
    const run = await cli([...args, '--alert', ALERT_029, '--write', '--json']);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      ok: true,
      strategy: 'exception',
      form: 'override',
      entry: 'custom_rules.yaml',
      written: true,
      verification: {
        alert: { verdict: 'excepted', by: { kind: 'exception', name: 'falco_triage_proc_name_fd_name' } },
      },
    });
    const after = readFileSync(file, 'utf8');
    expect(onlyAdditions(before, after)).toBe(true);
    expect(after).toContain('      override:\n        exceptions: append\n');

    // A second false positive with the same fields: one more values row in the same exception.
    const second = JSON.stringify({
      rule: 'Read sensitive file untrusted',
      priority: 'Warning',
      time: '2026-08-13T01:29:44.319538044Z',
      output_fields: { 'proc.name': 'cat', 'fd.name': '/etc/gshadow' },
    });
    const again = await cli([...args, '--alert', second, '--write']);
    expect(again.status).toBe(0);
    const third = readFileSync(file, 'utf8');
    expect(onlyAdditions(after, third)).toBe(true);
    expect(
      diffLines(after, third)
        .filter((part) => part.added === true)
        .map((part) => part.value),
    ).toEqual(['            - [cat, /etc/gshadow]\n']);
    const loaded = loadRules([
      { name: 'r', content: readFileSync(RULES, 'utf8') },
      { name: 'v', content: third },
    ]);
    expect(loaded.errors).toEqual([]);
    const rule = loaded.ruleset.rules.find((r) => r.name === 'Read sensitive file untrusted');
    expect(rule?.exceptions.map((e) => [e.name, e.values.length])).toEqual([
      ['falco_triage_proc_name_fd_name', 2],
    ]);
  });

  it('edits a plain rules file, and creates one that does not exist', async () => {
    const file = copy('falco_rules.local.yaml', 'falco_rules.local.yaml');
    const before = readFileSync(file, 'utf8');
    const args = [
      'except',
      '--rules',
      RULES,
      '--falco-version',
      '0.44.1',
      '--fields',
      'proc.name,fd.name',
      '--alert',
      ALERT_029,
    ];
    const run = await cli([...args, '--custom', file, '--write']);
    expect(run.status).toBe(0);
    expect(onlyAdditions(before, readFileSync(file, 'utf8'))).toBe(true);
    const created = path.join(dir, 'new_rules.yaml');
    const fresh = await cli([...args, '--custom', created, '--write']);
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toContain('(new file)');
    expect(readFileSync(created, 'utf8')).toMatch(/^- rule: Read sensitive file untrusted\n/);
  });

  it('uses append: true for a rule exception on 0.31–0.36 and refuses one on 0.28–0.30', async () => {
    const rules = fixturePath('rules', 'falco_rules_0.26.2.yaml');
    const args = [
      'except',
      '--rules',
      rules,
      '--custom',
      path.join(dir, 'v.yaml'),
      '--fields',
      'proc.name,fd.name',
    ];
    const old = await cli([
      ...args,
      '--alert',
      ALERT_029,
      '--falco-version',
      '0.35.1',
      '--strategy',
      'exception',
      '--json',
    ]);
    expect(old.status).toBe(0);
    const json = JSON.parse(old.stdout) as { form: string; yaml: string };
    expect(json.form).toBe('append');
    expect(json.yaml).toContain('  append: true\n  exceptions:\n');
    const lua = await cli([
      ...args,
      '--alert',
      ALERT_029,
      '--falco-version',
      '0.30.0',
      '--strategy',
      'exception',
    ]);
    expect(lua.status).toBe(1);
    expect(lua.stderr).toMatch(/named exception .*0\.31/);
    // Without --strategy, 0.30 gets the best available fallback: a macro, list or condition with append: true.
    const fallback = await cli([...args, '--alert', ALERT_029, '--falco-version', '0.30.0', '--json']);
    expect(fallback.status).toBe(0);
    expect(JSON.parse(fallback.stdout)).toMatchObject({ form: 'append', verification: { ok: true } });
  });

  it('does not write when verification fails, and says why (a later entry replaces the macro)', async () => {
    const file = copy('values-modern.yaml', 'values-macro.yaml');
    const before = readFileSync(file, 'utf8');
    const run = await cli([
      'except',
      '--rules',
      RULES,
      '--falco-version',
      '0.44.1',
      '--custom',
      file,
      '--alert',
      ALERT_029,
      '--fields',
      'proc.name,fd.name',
      '--strategy',
      'macro:user_known_read_sensitive_files_activities',
      '--write',
    ]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('Verification (Falco 0.44.1): FAILED');
    expect(run.stdout).toMatch(/replaced later .*values-macro\.yaml:\d+/);
    expect(run.stdout).toContain('Not written');
    expect(readFileSync(file, 'utf8')).toBe(before);
    const fixed = await cli([
      'except',
      '--rules',
      RULES,
      '--falco-version',
      '0.44.1',
      '--custom',
      file,
      '--alert',
      ALERT_029,
      '--fields',
      'proc.name,fd.name',
      '--strategy',
      'macro:user_known_read_sensitive_files_activities',
      '--entry',
      'shared_tuning.yaml',
    ]);
    expect(fixed.status).toBe(0);
  });

  it('refuses an unsafe list item with the reason (exit 1)', async () => {
    const alert = JSON.stringify({
      rule: 'Read sensitive file untrusted',
      priority: 'Warning',
      time: '2026-08-13T01:29:44Z',
      output_fields: { 'proc.name': 'evil,sh', 'fd.name': '/etc/shadow' },
    });
    const run = await cli([
      'except',
      '--rules',
      RULES,
      '--falco-version',
      '0.44.1',
      '--custom',
      path.join(dir, 'x.yaml'),
      '--alert',
      alert,
      '--fields',
      'proc.name',
      '--strategy',
      'list:hids_binaries',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/contains ",".*without escaping/);
  });

  it.each([
    [['--falco-version', '0.44.1', '--custom', 'x', '--alert', '{}', '--fields', 'proc.name'], /--rules/],
    [
      ['--rules', 'r', '--custom', 'x', '--alert', '{}', '--fields', 'proc.name'],
      /--falco-version is required/,
    ],
    [
      ['--rules', 'r', '--falco-version', 'x', '--custom', 'x', '--alert', '{}', '--fields', 'a'],
      /invalid Falco version/,
    ],
    [
      [
        '--rules',
        'r',
        '--falco-version',
        '0.44.1',
        '--custom',
        'x',
        '--alert',
        '{}',
        '--fields',
        'a',
        '--strategy',
        'list',
      ],
      /--strategy/,
    ],
    [
      ['--rules', 'r', '--falco-version', '0.44.1', '--custom', 'x', '--alert', '{}', '--fields', 'a:regex'],
      /unknown match/,
    ],
    [
      [
        '--rules',
        'missing.yaml',
        '--falco-version',
        '0.44.1',
        '--custom',
        'x',
        '--alert',
        '{}',
        '--fields',
        'a',
      ],
      /no such file/,
    ],
  ])('exits 2 on bad usage %#', async (args, message) => {
    const run = await cli(['except', ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('scopes by the policy without --fields, and refuses when the alert carries no safe scope', async () => {
    const base = [
      'except',
      '--rules',
      RULES_025,
      '--falco-version',
      '0.25.0',
      '--custom',
      path.join(dir, 's.yaml'),
    ];
    const titanagent = await cli([...base, '--alert', SEED_LINE, '--json']);
    expect(titanagent.status).toBe(0);
    const result = JSON.parse(titanagent.stdout) as {
      fields: string[];
      alsoAffects: string[];
      firesMore: string[];
    };
    expect(result).toMatchObject({ fields: ['proc.name'], alsoAffects: [], firesMore: [] });

    // Container drift on 0.24 rules: the alert shows who (user) and how (mode), but no program, file or image.
    const drift = JSON.stringify({
      rule: 'Container Drift Detected (chmod)',
      priority: 'Error',
      time: '2026-08-13T01:29:44Z',
      output_fields: {
        'user.name': 'root',
        'evt.arg.mode': 'S_IXUSR',
        'evt.type': 'chmod',
        'container.id': '01cdef08d09b',
      },
    });
    const rules024 = fixturePath('rules', 'falco_rules_0.24.0.yaml');
    const args = [
      'except',
      '--rules',
      rules024,
      '--falco-version',
      '0.24.0',
      '--custom',
      path.join(dir, 'd.yaml'),
    ];
    const refused = await cli([...args, '--alert', drift]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/No safe default scope/);
    expect(refused.stderr).toMatch(/"container.id" cannot scope an exception: a container id changes/);
    expect(refused.stderr).toMatch(/user.name, evt.arg.mode, evt.type alone would turn the rule off/);
    const json = await cli([...args, '--alert', drift, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, refused: { code: 'no_safe_scope' } });

    // Asked for explicitly, a low-discrimination scope is built, with a warning that says what it silences.
    const asked = await cli([...args, '--alert', drift, '--fields', 'user.name']);
    expect(asked.stdout).toContain(
      'warning: user.name = root names no program, file, connection or image: the exception silences this rule for every event with that value.',
    );
  });

  it('matches a connection by its server end: a bare fd.name becomes a glob, with a note', async () => {
    const alert = JSON.stringify({
      rule: 'Contact K8S API Server From Container',
      priority: 'Notice',
      time: '2026-08-13T01:29:44Z',
      output_fields: {
        'proc.name': 'kubectl',
        'fd.name': '10.1.96.24:52342->10.152.183.1:443',
        'container.id': '01cdef08d09b',
      },
    });
    const args = [
      'except',
      '--rules',
      RULES,
      '--falco-version',
      '0.44.1',
      '--custom',
      path.join(dir, 'k.yaml'),
    ];
    const run = await cli([...args, '--alert', alert, '--fields', 'proc.name,fd.name']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Excepts:  proc.name = kubectl and fd.name glob *->10.152.183.1:443');
    expect(run.stdout).toContain(
      'note: fd.name matched as "*->10.152.183.1:443": the client end of the connection',
    );
    expect(run.stdout).toContain('Verification (Falco 0.44.1): passed');
    const verbatim = await cli([...args, '--alert', alert, '--fields', 'proc.name,fd.name:exact']);
    expect(verbatim.stdout).toContain('fd.name = 10.1.96.24:52342->10.152.183.1:443');
  });

  it('exits 2 when the alert cannot be read or its rule is unknown', async () => {
    const args = [
      'except',
      '--rules',
      RULES,
      '--falco-version',
      '0.44.1',
      '--custom',
      path.join(dir, 'y.yaml'),
      '--fields',
      'proc.name',
    ];
    expect((await cli([...args, '--alert', 'not an alert at all'])).status).toBe(2);
    const unknown = JSON.stringify({
      rule: 'Nope',
      priority: 'Warning',
      time: '2026-08-13T01:29:44Z',
      output_fields: { 'proc.name': 'a' },
    });
    const run = await cli([...args, '--alert', unknown]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/rule "Nope" is not in the loaded rules/);
  });
});
