import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import type { RulesChange } from '../../../../src/falco/exceptions/index.js';
import { renderItem } from '../../../../src/falco/exceptions/index.js';
import { applyChange, unifiedDiff, type ChangeToApply } from '../../../../src/falco/rules-file-edit/index.js';
import { readShared } from '../exceptions/helpers.js';

const SEED = readShared('fixtures/rules-repo/values-seed.yaml');
const MODERN = readShared('fixtures/rules-repo/values-modern.yaml');
const LOCAL = readShared('fixtures/rules-repo/falco_rules.local.yaml');

function exception(row: readonly string[], annotation?: string): ChangeToApply {
  const change: RulesChange = {
    kind: 'exception',
    rule: 'Read sensitive file untrusted',
    name: 'falco_triage_proc_name_fd_name',
    fields: ['proc.name', 'fd.name'],
    comps: ['=', '='],
    row,
    exists: false,
  };
  return { change, yaml: renderItem(change, 'override', annotation), ...(annotation ? { annotation } : {}) };
}

function list(item: string, form: 'append' | 'override' = 'append'): ChangeToApply {
  const change: RulesChange = { kind: 'list', list: 'hids_binaries', items: [item] };
  return { change, yaml: renderItem(change, form) };
}

function apply(text: string, change: ChangeToApply, entry?: string): string {
  const result = applyChange(text, change, entry === undefined ? {} : { entry });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.text;
}

/** The lines of a unified diff that change something (not headers, not context). */
function changedLines(before: string, after: string): string[] {
  return unifiedDiff('f', before, after)
    .split('\n')
    .filter((line) => /^[+-]/.test(line) && !/^(\+\+\+|---) /.test(line));
}

function entry(text: string, key: string): string {
  return (parse(text) as { customRules: Record<string, string> }).customRules[key] ?? '';
}

describe('applyChange on Helm values files', () => {
  it("adds the how-to's list item inside custom_rules.yaml: |- and changes nothing else", () => {
    const after = apply(SEED, list('titanagent'));
    expect(after).toBe(
      SEED.replace(
        '      items: [/etc/titanagent]',
        '      items: [/etc/titanagent]\n    - list: hids_binaries\n      append: true\n      items: [titanagent]',
      ),
    );
    expect(entry(after, 'custom_rules.yaml')).toMatch(
      /- list: hids_binaries\n  append: true\n  items: \[titanagent\]$/,
    );
  });

  it('adds a second list item to the earlier append, flow or block', () => {
    const once = apply(SEED, list('titanagent'));
    const twice = applyChange(once, list('wazuh-agentd'));
    if (!twice.ok) throw new Error(twice.error.message);
    expect(twice.value.action).toBe('added-list-item');
    expect(twice.value.text).toBe(once.replace('items: [titanagent]', 'items: [titanagent, wazuh-agentd]'));
    const block = '- list: hids_binaries\n  items:\n    - a\n  override:\n    items: append\n';
    expect(apply(block, list('b', 'override'))).toBe(block.replace('    - a\n', '    - a\n    - b\n'));
    // A definition of the list (not an append) is left alone: the item goes after it.
    const defined = '- list: hids_binaries\n  items: [a]\n';
    expect(apply(defined, list('b'))).toBe(
      `${defined}\n- list: hids_binaries\n  append: true\n  items: [b]\n`,
    );
  });

  it('only adds lines to values-modern.yaml, leaving the other entry and the comments byte for byte', () => {
    const after = apply(MODERN, exception(['cat', '/etc/shadow']));
    const changed = changedLines(MODERN, after);
    expect(changed.length).toBeGreaterThan(5);
    for (const line of changed) expect(line.startsWith('+')).toBe(true);
    expect(entry(after, 'shared_tuning.yaml')).toBe(entry(MODERN, 'shared_tuning.yaml'));
    expect(entry(after, 'custom_rules.yaml').startsWith(entry(MODERN, 'custom_rules.yaml'))).toBe(true);
    const rules = parse(entry(after, 'custom_rules.yaml')) as { exceptions?: { values: string[][] }[] }[];
    expect(rules.at(-1)?.exceptions?.[0]?.values).toEqual([['cat', '/etc/shadow']]);
  });

  it('adds a second false positive as a values row of the same exception, with its comment', () => {
    const once = apply(MODERN, exception(['cat', '/etc/shadow']));
    const result = applyChange(once, exception(['cat', '/etc/gshadow'], 'proposal 7, expires 2026-09-01'));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.action).toBe('added-values-row');
    expect(changedLines(once, result.value.text)).toEqual([
      '+            # proposal 7, expires 2026-09-01',
      '+            - [cat, /etc/gshadow]',
    ]);
    const rules = parse(entry(result.value.text, 'custom_rules.yaml')) as {
      exceptions?: { values: string[][] }[];
    }[];
    expect(rules.filter((item) => item.exceptions !== undefined)).toHaveLength(1);
    expect(rules.at(-1)?.exceptions?.[0]?.values).toEqual([
      ['cat', '/etc/shadow'],
      ['cat', '/etc/gshadow'],
    ]);
  });

  it('finds our exception in another entry than the one asked for', () => {
    const once = apply(MODERN, exception(['cat', '/etc/shadow']), 'shared_tuning.yaml');
    const result = applyChange(once, exception(['cat', '/etc/gshadow']));
    expect(result.ok && result.value.entry).toBe('shared_tuning.yaml');
  });

  it('creates a missing entry after the last one, and customRules when absent or empty', () => {
    const created = applyChange(MODERN, list('titanagent'), { entry: 'zz_exceptions.yaml' });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.action).toBe('created-entry');
    for (const line of changedLines(MODERN, created.value.text)) expect(line.startsWith('+')).toBe(true);
    expect(entry(created.value.text, 'zz_exceptions.yaml')).toBe(
      '- list: hids_binaries\n  append: true\n  items: [titanagent]',
    );

    const noCustom = 'driver:\n  kind: modern_ebpf\n';
    expect(entry(apply(noCustom, list('x')), 'custom_rules.yaml')).toBe(
      '- list: hids_binaries\n  append: true\n  items: [x]',
    );
    const empty = 'customRules: {}\nother: 1\n';
    const filled = apply(empty, list('x'));
    expect(entry(filled, 'custom_rules.yaml')).toBe('- list: hids_binaries\n  append: true\n  items: [x]');
    expect((parse(filled) as { other: number }).other).toBe(1);
    const nothing = apply('customRules:\nother: 1\n', list('x'));
    expect(entry(nothing, 'custom_rules.yaml')).toBe('- list: hids_binaries\n  append: true\n  items: [x]');
    const blank = apply('customRules:\n  custom_rules.yaml: ""\n', list('x'));
    expect(entry(blank, 'custom_rules.yaml')).toBe('- list: hids_binaries\n  append: true\n  items: [x]');
  });

  it.each([
    ['|', 'customRules:\n  a.yaml: |\n    - list: a\n      items: [b]\nnext: 1\n'],
    ['|+', 'customRules:\n  a.yaml: |+\n    - list: a\n      items: [b]\n\nnext: 1\n'],
    ['|2-', 'customRules:\n  a.yaml: |2-\n      - list: a\n        items: [b]\nnext: 1\n'],
    ['comment after the header', 'customRules:\n  a.yaml: |- # rules\n    - list: a\n      items: [b]\n'],
  ])('edits a %s block in place', (_name, text) => {
    const after = apply(text, list('x'), 'a.yaml');
    for (const line of changedLines(text, after)) expect(line.startsWith('+')).toBe(true);
    const rules = parse(entry(after, 'a.yaml')) as { list: string; items: string[] }[];
    expect(rules.map((item) => item.list)).toEqual(['a', 'hids_binaries']);
    expect(rules[1]?.items).toEqual(['x']);
  });

  it('refuses a folded block and an exception of the same name with other fields', () => {
    const folded = applyChange('customRules:\n  custom_rules.yaml: >\n    - list: a\n', list('x'));
    expect(!folded.ok && folded.error.message).toMatch(/folded/);
    const other =
      'customRules:\n  custom_rules.yaml: |-\n    - rule: Read sensitive file untrusted\n      exceptions:\n        - name: falco_triage_proc_name_fd_name\n          fields: [proc.name]\n          values: [[a]]\n      override:\n        exceptions: append\n';
    const refused = applyChange(other, exception(['cat', '/etc/shadow']));
    expect(!refused.ok && refused.error.code).toBe('exception_differs');
  });
});

describe('applyChange on plain rules files', () => {
  it('appends the exception after a blank line, then adds rows to it', () => {
    const once = apply(LOCAL, exception(['cat', '/etc/shadow']));
    expect(once).toBe(`${LOCAL}\n${exception(['cat', '/etc/shadow']).yaml}`);
    const twice = apply(once, exception(['cat', '/etc/gshadow']));
    expect(changedLines(once, twice)).toEqual(['+        - [cat, /etc/gshadow]']);
  });

  it('adds to a flow values list, and starts an empty file without a separator', () => {
    const flow =
      '- rule: Read sensitive file untrusted\n  exceptions:\n    - name: falco_triage_proc_name_fd_name\n      fields: [proc.name, fd.name]\n      values: [[a, b]]\n  override:\n    exceptions: append\n';
    const after = apply(flow, exception(['cat', '/etc/shadow']));
    expect(after).toContain('values: [[a, b], [cat, /etc/shadow]]');
    expect(apply('', list('x'))).toBe('- list: hids_binaries\n  append: true\n  items: [x]\n');
    expect(apply('- list: a\n  items: [b]', list('x'))).toBe(
      '- list: a\n  items: [b]\n\n- list: hids_binaries\n  append: true\n  items: [x]\n',
    );
  });
});
