/**
 * What the same rules file means on different Falco versions: `override:` arrived in 0.37 (before, Falco ignores
 * it and the item replaces or fails), `append: true` works everywhere but warns from 0.37, exceptions arrived in
 * 0.28 and could only gain new names from 0.32, unknown keys warn from 0.44.
 */
import { describe, expect, it } from '@jest/globals';
import { loadRules } from '../../../../src/falco/rules/load.js';
import type { LoadResult } from '../../../../src/falco/rules/model.js';
import { version } from './fixtures.js';

const BASE = `
- list: hids_binaries
  items: [aide, osqueryd]

- rule: Read sensitive file untrusted
  desc: d
  condition: evt.type = open and fd.name = /etc/shadow and not proc.name in (hids_binaries)
  output: o
  priority: WARNING
`;

function load(falco: string, custom: string): LoadResult {
  return loadRules(
    [
      { name: 'falco_rules.yaml', content: BASE },
      { name: 'custom.yaml', content: custom },
    ],
    { falcoVersion: version(falco) },
  );
}

const LIST_OVERRIDE = `
- list: hids_binaries
  items: [titanagent]
  override:
    items: append
`;

const NEW_EXCEPTION_OVERRIDE = `
- rule: Read sensitive file untrusted
  exceptions:
    - name: slackbot_fp
      fields: [proc.name, fd.name]
      comps: [in, in]
      values:
        - [[titanagent], [/etc/shadow]]
  override:
    exceptions: append
`;

const NEW_EXCEPTION_APPEND = NEW_EXCEPTION_OVERRIDE.replace(
  '  override:\n    exceptions: append\n',
  '  append: true\n',
);

describe('override on a list', () => {
  it('appends on 0.37+', () => {
    const result = load('0.37.0', LIST_OVERRIDE);
    expect(result.errors).toEqual([]);
    expect(result.ruleset.lists[0]?.items).toEqual(['aide', 'osqueryd', 'titanagent']);
    expect(result.ruleset.lists[0]?.updates.map((u) => u.kind)).toEqual(['override-append']);
  });

  it('silently REPLACES the list on 0.36, and we say so', () => {
    const result = load('0.36.2', LIST_OVERRIDE);
    expect(result.errors).toEqual([]);
    expect(result.ruleset.lists[0]?.items).toEqual(['titanagent']);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'TRIAGE_IGNORED_BY_VERSION', file: 'custom.yaml', line: 4, column: 3 }),
    );
    expect(result.ruleset.rules[0]?.compiled?.text).toContain('not proc.name in (titanagent)');
  });

  it('append: true works on 0.25 and warns only from 0.37', () => {
    const custom = '- list: hids_binaries\n  items: [titanagent]\n  append: true\n';
    const old = load('0.25.0', custom);
    expect(old.ruleset.lists[0]?.items).toEqual(['aide', 'osqueryd', 'titanagent']);
    expect(old.warnings.filter((w) => w.code === 'LOAD_DEPRECATED_ITEM')).toEqual([]);
    const current = load('0.44.1', custom);
    expect(current.ruleset.lists[0]?.items).toEqual(['aide', 'osqueryd', 'titanagent']);
    expect(current.warnings).toContainEqual(
      expect.objectContaining({ code: 'LOAD_DEPRECATED_ITEM', file: 'custom.yaml', line: 1 }),
    );
  });
});

describe('adding a new named exception to an existing rule', () => {
  it('works with override on 0.37+', () => {
    const result = load('0.44.1', NEW_EXCEPTION_OVERRIDE);
    expect(result.errors).toEqual([]);
    expect(result.ruleset.rules[0]?.compiled?.text).toBe(
      '((evt.type = open and fd.name = /etc/shadow and not proc.name in (aide, osqueryd)) and not (proc.name in (titanagent) and fd.name in (/etc/shadow)))',
    );
    expect(result.ruleset.rules[0]?.exceptions[0]).toMatchObject({
      name: 'slackbot_fp',
      definedAt: { file: 'custom.yaml', line: 4, column: 7 },
    });
  });

  it('fails on 0.36 with override: the item has no enabled key (Falco ignores override)', () => {
    const result = load('0.36.2', NEW_EXCEPTION_OVERRIDE);
    expect(result.errors).toEqual([
      expect.objectContaining({
        file: 'custom.yaml',
        line: 2,
        message: "Item has no mapping for key 'enabled'",
      }),
    ]);
  });

  it('works with append: true on 0.32 to 0.36', () => {
    const result = load('0.32.0', NEW_EXCEPTION_APPEND);
    expect(result.errors).toEqual([]);
    expect(result.ruleset.rules[0]?.exceptions.map((e) => e.name)).toEqual(['slackbot_fp']);
  });

  it('is impossible on the Lua loader of 0.28 to 0.30: fields cannot be appended', () => {
    const result = load('0.28.1', NEW_EXCEPTION_APPEND);
    expect(result.errors[0]?.message).toBe('Can not append exception fields to existing rule, only values');
  });

  it('drops values for an unknown name on the Lua loader, with its warning', () => {
    const custom =
      '- rule: Read sensitive file untrusted\n  exceptions:\n    - name: nope\n      values: [[a]]\n  append: true\n';
    const result = load('0.30.0', custom);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.message)).toContain(
      'Rule Read sensitive file untrusted with append=true: no set of fields matching name nope',
    );
    expect(result.ruleset.rules[0]?.exceptions).toEqual([]);
  });

  it('is ignored before 0.28 (no exceptions at all), with a note', () => {
    const base = BASE.replace(
      '  priority: WARNING\n',
      '  priority: WARNING\n  exceptions:\n    - name: x\n      fields: [proc.name]\n',
    );
    const result = loadRules([{ name: 'r.yaml', content: base }], { falcoVersion: version('0.25.0') });
    expect(result.errors).toEqual([]);
    expect(result.ruleset.rules[0]?.exceptions).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toContain('TRIAGE_IGNORED_BY_VERSION');
  });
});

describe('appending values to an existing exception', () => {
  const withException = BASE.replace(
    '  priority: WARNING\n',
    '  priority: WARNING\n  exceptions:\n    - name: known\n      fields: [proc.name]\n      values: [[aide]]\n',
  );
  const appendValues =
    '- rule: Read sensitive file untrusted\n  exceptions:\n    - name: known\n      values: [[tripwire]]\n  override:\n    exceptions: append\n';

  it('adds the values', () => {
    const result = loadRules(
      [
        { name: 'a.yaml', content: withException },
        { name: 'b.yaml', content: appendValues },
      ],
      { falcoVersion: version('0.44.1') },
    );
    expect(result.errors).toEqual([]);
    expect(result.ruleset.rules[0]?.compiled?.text).toContain(
      'and not (proc.name = aide or proc.name = tripwire)',
    );
  });

  it('refuses fields for an existing name', () => {
    const bad = appendValues.replace('      values:', '      fields: [proc.pname]\n      values:');
    const result = loadRules([
      { name: 'a.yaml', content: withException },
      { name: 'b.yaml', content: bad },
    ]);
    expect(result.errors[0]?.message).toBe(
      'Can not append exception fields to existing exception, only values',
    );
  });
});

describe('unknown keys', () => {
  const typo =
    '- list: l\n  items: [a]\n  itmes: [b]\n- rule: r\n  desc: d\n  condition: evt.type = open and proc.name in (l)\n  output: o\n  priority: INFO\n';
  it('warn on 0.44 at the key', () => {
    const result = loadRules([{ name: 'r.yaml', content: typo }], { falcoVersion: version('0.44.0') });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        code: 'LOAD_UNKNOWN_KEY',
        message: "Unknown key 'itmes'",
        line: 3,
        column: 3,
      }),
    );
  });
  it('are silently ignored before', () => {
    const result = loadRules([{ name: 'r.yaml', content: typo }], { falcoVersion: version('0.43.0') });
    expect(result.warnings.filter((w) => w.code === 'LOAD_UNKNOWN_KEY')).toEqual([]);
  });
});

describe('priorities', () => {
  const rule = (priority: string) =>
    `- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: ${priority}\n`;
  it.each([
    ['INFO', 'Informational'],
    ['Info', 'Informational'],
    ['informational', 'Informational'],
    ['warning', 'Warning'],
    ['eRrOr', 'Error'],
  ])('C++ loader: %s is %s', (written, spelled) => {
    const result = loadRules([{ name: 'r.yaml', content: rule(written) }]);
    expect(result.ruleset.rules[0]?.priority).toBe(spelled);
  });
  it('the Lua loader only knew exact spellings', () => {
    const result = loadRules([{ name: 'r.yaml', content: rule('Info') }], {
      falcoVersion: version('0.25.0'),
    });
    expect(result.errors[0]?.message).toBe('Invalid priority level: Info');
  });
});
