/**
 * Real alerts (../shared/fixtures/alerts) against the real rules that raised them, loaded and compiled by the rules
 * loader. Falco raised each alert, so its rule's condition held for the event: evaluated on the alert it must never
 * be false. And an exception or list entry that covers the alert must make it false.
 */
import { describe, expect, it } from '@jest/globals';
import type { Expr } from '../../../../src/falco/condition/ast.js';
import {
  compileCondition,
  traceCondition,
  type CheckTraceNode,
  type FieldValues,
  type TraceNode,
} from '../../../../src/falco/eval/index.js';
import { loadRules } from '../../../../src/falco/rules/load.js';
import { parseFalcoVersion } from '../../../../src/falco/version.js';
import { alertFields, evaluateAll, readShared } from './helpers.js';

function ruleCondition(
  files: readonly { name: string; content: string }[],
  rule: string,
  version = '0.44.1',
): Expr {
  const falcoVersion = parseFalcoVersion(version);
  if (!falcoVersion.ok) throw new Error(falcoVersion.error.message);
  const loaded = loadRules(files, { falcoVersion: falcoVersion.value });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const compiled = loaded.ruleset.rules.find((r) => r.name === rule)?.compiled;
  if (!compiled) throw new Error(`rule not compiled: ${rule}`);
  return compiled.ast;
}

function rulesFile(name: string): { name: string; content: string } {
  return { name, content: readShared(`fixtures/rules/${name}`) };
}

function checks(node: TraceNode): CheckTraceNode[] {
  switch (node.type) {
    case 'check':
      return [node];
    case 'and':
    case 'or':
      return node.children.flatMap(checks);
    case 'not':
      return checks(node.child);
    case 'identifier':
      return [];
  }
}

const CURRENT = [rulesFile('falco_rules.yaml')];

describe('alerts Falco 0.44 raised, against the current rules', () => {
  it.each([
    ['029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json', 'Read sensitive file untrusted'],
    ['030_thirdparty_read_sensitive_file_untrusted_host_0.44.1.json', 'Read sensitive file untrusted'],
    ['032_thirdparty_read_sensitive_file_untrusted_iso8601.json', 'Read sensitive file untrusted'],
    ['031_thirdparty_terminal_shell_in_container_iso8601.json', 'Terminal shell in container'],
  ])('%s: %s is not false', (file, rule) => {
    const result = evaluateAll(ruleCondition(CURRENT, rule), alertFields(file));
    expect(['true', 'unknown']).toContain(result);
  });

  it('explains which trusted-program list check let cat through', () => {
    const expr = ruleCondition(CURRENT, 'Read sensitive file untrusted');
    const traced = checks(
      traceCondition(expr, alertFields('029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json')),
    );
    const programs = traced.find((c) => c.text.startsWith('proc.name in (login, systemd,'));
    expect(programs).toMatchObject({
      result: 'false',
      value: 'cat',
      reads: [{ key: 'proc.name', value: 'cat' }],
    });
    const file = traced.find((c) => c.text.startsWith('fd.name in (/etc/shadow'));
    expect(file).toMatchObject({ result: 'true', value: '/etc/shadow' });
    const unknown = traced.filter((c) => c.result === 'unknown').map((c) => c.field);
    expect(unknown).toContain('evt.is_open_read'); // the output did not print it
  });

  it('an exception for (cat, /etc/shadow) silences the alert, and only that', () => {
    const custom = {
      name: 'custom_rules.yaml',
      content: [
        '- rule: Read sensitive file untrusted',
        '  exceptions:',
        '    - name: bot_fp_proc_file',
        '      fields: [proc.name, fd.name]',
        '      comps: [=, in]',
        '      values:',
        '        - [cat, [/etc/shadow]]',
        '  override:',
        '    exceptions: append',
        '',
      ].join('\n'),
    };
    const expr = ruleCondition([...CURRENT, custom], 'Read sensitive file untrusted');
    const alert = alertFields('029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json');
    expect(evaluateAll(expr, alert)).toBe('false');
    expect(evaluateAll(expr, { ...alert, 'proc.name': 'vim', 'proc.cmdline': 'vim /etc/shadow' })).not.toBe(
      'false',
    );
    expect(evaluateAll(expr, { ...alert, 'fd.name': '/etc/sudoers' })).not.toBe('false');
  });
});

describe('the titanagent false positive (Falco 0.25 rules, the original how-to)', () => {
  // The seed alert line: "Sensitive file opened for reading by non-trusted program (user=<NA> program=titanagent
  // command=titanagent -d file=/etc/shadow parent=<NA> gparent=<NA> ggparent=<NA> gggparent=<NA> container_id=host
  // image=<NA>)", as output fields.
  const seed = readShared('fixtures/alerts/seed-titanagent.txt');
  const titanagent: FieldValues = {
    'user.name': null,
    'proc.name': 'titanagent',
    'proc.cmdline': 'titanagent -d',
    'fd.name': '/etc/shadow',
    'proc.pname': null,
    'proc.aname[2]': null,
    'proc.aname[3]': null,
    'proc.aname[4]': null,
    'container.id': 'host',
    'container.image.repository': null,
  };
  const v025 = [rulesFile('falco_rules_0.25.0.yaml')];

  it('matches the seed line', () => {
    expect(seed).toContain('program=titanagent command=titanagent -d file=/etc/shadow');
  });

  it('fires: titanagent is in none of the trusted-program lists', () => {
    const expr = ruleCondition(v025, 'Read sensitive file untrusted', '0.25.0');
    expect(['true', 'unknown']).toContain(evaluateAll(expr, titanagent, {}));
    const programs = checks(traceCondition(expr, titanagent)).find((c) => c.text.includes('ossec-syscheckd'));
    expect(programs).toMatchObject({ result: 'false', value: 'titanagent' });
  });

  it('appending titanagent to hids_binaries silences it', () => {
    const fix = {
      name: 'custom_rules.yaml',
      content: '- list: hids_binaries\n  items: [titanagent]\n  append: true\n',
    };
    const expr = ruleCondition([...v025, fix], 'Read sensitive file untrusted', '0.25.0');
    expect(evaluateAll(expr, titanagent)).toBe('false');
    expect(evaluateAll(expr, { ...titanagent, 'proc.name': 'titanagent2' })).not.toBe('false');
  });

  it('the compiled form agrees over every fixture alert', () => {
    const expr = ruleCondition(v025, 'Read sensitive file untrusted', '0.25.0');
    const compiled = compileCondition(expr);
    for (const file of [
      '029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json',
      '022_falcosidekick_write_below_binary_dir.json',
    ]) {
      expect(compiled(alertFields(file))).toBe(evaluateAll(expr, alertFields(file)));
    }
  });
});

describe('conditions copied from the rules files', () => {
  it.each([
    [
      "(fd.name contains '/.ssh/' and fd.name glob '/home/*/.ssh/*')",
      { 'fd.name': '/home/bob/.ssh/id_rsa' },
      'true',
    ],
    [
      "(fd.name contains '/.ssh/' and fd.name glob '/home/*/.ssh/*')",
      { 'fd.name': '/root/.ssh/id_rsa' },
      'false',
    ],
    [
      "(fd.nameraw contains '../' and fd.nameraw glob '*../*../*')",
      { 'fd.nameraw': '/var/www/../../etc/passwd' },
      'true',
    ],
    ['(proc.args="" or proc.args intersects ("-V", "-l", "-h"))', { 'proc.args': '-l' }, 'true'],
    ['(proc.args="" or proc.args intersects ("-V", "-l", "-h"))', { 'proc.args': '-e /bin/sh' }, 'false'],
    [
      '(evt.arg.newpath pmatch (/usr/lib/git-core, /etc/apt))',
      { 'evt.arg.newpath': '/etc/apt/sources.list' },
      'true',
    ],
    ['(evt.arg.newpath pmatch (/usr/lib/git-core, /etc/apt))', { 'evt.arg[newpath]': '/etc/aptx' }, 'false'],
    ['evt.buffer bcontains cafebabe', { 'evt.buffer': 'not java' }, 'false'],
  ] as const)('%s with %j → %s', (condition, fields, expected) => {
    expect(evaluateAll(condition, fields)).toBe(expected);
  });
});
