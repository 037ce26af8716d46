import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'yaml';
import { renderItem, type ChangeForm, type RulesChange } from '../../../../src/falco/exceptions/index.js';
import {
  applyChange,
  removeChange,
  type ChangeToApply,
  type RemovedEdit,
} from '../../../../src/falco/rules-file-edit/index.js';
import { readShared } from '../exceptions/helpers.js';

const SEED = readShared('fixtures/rules-repo/values-seed.yaml');
const MODERN = readShared('fixtures/rules-repo/values-modern.yaml');
const LOCAL = readShared('fixtures/rules-repo/falco_rules.local.yaml');

const EXCEPTION_NAME = 'falco_triage_proc_name_fd_name';

function exceptionChange(row: readonly string[], exists = false): RulesChange {
  return {
    kind: 'exception',
    rule: 'Read sensitive file untrusted',
    name: EXCEPTION_NAME,
    fields: ['proc.name', 'fd.name'],
    comps: ['=', '='],
    row,
    exists,
  };
}

const CHANGES: Record<string, RulesChange> = {
  exception: exceptionChange(['titanagent', '/etc/shadow']),
  list: { kind: 'list', list: 'hids_binaries', items: ['titanagent'] },
  macro: {
    kind: 'macro',
    macro: 'user_known_read_sensitive_files_activities',
    condition: 'or (proc.name = titanagent and fd.name = /etc/shadow)',
  },
  condition: {
    kind: 'condition',
    rule: 'Read sensitive file untrusted',
    condition: 'and not (proc.name = titanagent and fd.name = /etc/shadow)',
  },
};

function toApply(change: RulesChange, annotation?: string, form: ChangeForm = 'override'): ChangeToApply {
  return { change, yaml: renderItem(change, form, annotation), ...(annotation ? { annotation } : {}) };
}

function apply(text: string, change: ChangeToApply, entry?: string): string {
  const result = applyChange(text, change, entry === undefined ? {} : { entry });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.text;
}

function remove(text: string, change: RulesChange, annotation?: string): RemovedEdit {
  const result = removeChange(text, change, annotation === undefined ? {} : { annotation });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const FILES = { 'values-seed.yaml': SEED, 'values-modern.yaml': MODERN, 'falco_rules.local.yaml': LOCAL };
const ANNOTATION = 'falco-triage proposal 0190a1b2-0000-7000-8000-000000000001, expires 2026-09-01';

describe('removeChange undoes applyChange', () => {
  for (const [file, original] of Object.entries(FILES)) {
    for (const [kind, change] of Object.entries(CHANGES)) {
      for (const form of ['override', 'append'] as const) {
        it(`${kind} (${form}) in ${file}: apply then remove gives the original bytes`, () => {
          const applied = apply(original, toApply(change, ANNOTATION, form));
          expect(applied).not.toBe(original);
          const removed = remove(applied, change, ANNOTATION);
          expect(removed.text).toBe(original);
        });
      }
    }
  }

  it('removes a customRules it created from nothing, and an entry it added beside others', () => {
    const bare = 'image:\n  tag: 0.44.1\n';
    const created = apply(bare, toApply(CHANGES.list as RulesChange, ANNOTATION));
    expect(created).toContain('customRules:');
    expect(remove(created, CHANGES.list as RulesChange, ANNOTATION)).toMatchObject({
      text: bare,
      action: 'removed-entry',
    });
    const beside = apply(MODERN, toApply(CHANGES.list as RulesChange, ANNOTATION), 'falco_triage.yaml');
    expect(remove(beside, CHANGES.list as RulesChange, ANNOTATION).text).toBe(MODERN);
  });
});

describe('removeChange removes exactly one exception', () => {
  it('keeps the other values rows of the same named exception', () => {
    const first = exceptionChange(['titanagent', '/etc/shadow']);
    const secondRow = ['backup-agent', '/etc/gshadow'];
    const second = exceptionChange(secondRow, true);
    for (const original of [SEED, LOCAL]) {
      const both = apply(apply(original, toApply(first, 'first')), toApply(second, 'second'));
      expect(both).toContain('backup-agent');
      const removed = remove(both, first, 'first');
      expect(removed.action).toBe('removed-values-row');
      expect(removed.text).not.toContain('[titanagent, /etc/shadow]');
      expect(removed.text).not.toContain('# first');
      // Exactly what applying the second one alone would have written.
      expect(removed.text).toBe(apply(original, toApply(exceptionChange(secondRow), 'second')));
      // The second one removed afterwards gives the original back.
      expect(remove(removed.text, second, 'second').text).toBe(original);
    }
  });

  it('removes the last row of an exception defined by someone else only with its entry', () => {
    const text = [
      '- rule: Read sensitive file untrusted',
      '  exceptions:',
      '    - name: ours',
      '      fields: [proc.name]',
      '      values:',
      '        - [titanagent]',
      '    - name: theirs',
      '      fields: [proc.name]',
      '      values: [[cat]]',
      '  override:',
      '    exceptions: append',
      '',
    ].join('\n');
    const change: RulesChange = {
      kind: 'exception',
      rule: 'Read sensitive file untrusted',
      name: 'ours',
      fields: ['proc.name'],
      comps: ['='],
      row: ['titanagent'],
      exists: false,
    };
    const removed = remove(text, change);
    expect(removed.action).toBe('removed-exception');
    expect(removed.text).toBe(
      text.replace(
        '    - name: ours\n      fields: [proc.name]\n      values:\n        - [titanagent]\n',
        '',
      ),
    );
  });

  it('removes one row of a flow values list, keeping the others as written', () => {
    const text = `- rule: R\n  exceptions:\n    - name: n\n      fields: [proc.name, fd.name]\n      values: [[a, "/x y"], [titanagent, /etc/shadow], [c, d]]\n`;
    const change: RulesChange = {
      kind: 'exception',
      rule: 'R',
      name: 'n',
      fields: ['proc.name', 'fd.name'],
      comps: ['=', '='],
      row: ['titanagent', '/etc/shadow'],
      exists: true,
    };
    expect(remove(text, change).text).toBe(text.replace(', [titanagent, /etc/shadow]', ''));
    const first = { ...change, row: ['a', '/x y'] };
    expect(remove(text, first).text).toBe(text.replace('[a, "/x y"], ', ''));
  });

  it("removes only the bot's items from a list item that holds others", () => {
    const text = `- list: hids_binaries\n  items: [wazuh-agentd, titanagent, ossec]\n  override:\n    items: append\n`;
    expect(remove(text, CHANGES.list as RulesChange)).toMatchObject({
      text: text.replace('wazuh-agentd, titanagent, ossec', 'wazuh-agentd, ossec'),
      action: 'removed-list-items',
    });
    const block = `- list: hids_binaries\n  append: true\n  items:\n    - wazuh-agentd\n    - titanagent\n`;
    expect(remove(block, CHANGES.list as RulesChange).text).toBe(block.replace('    - titanagent\n', ''));
    // A list defined (not appended to) is not the bot's: nothing to remove.
    const defined = `- list: hids_binaries\n  items: [titanagent]\n`;
    expect(removeChange(defined, CHANGES.list as RulesChange)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('removes one or (...) part of a macro and keeps the rest', () => {
    const part = (CHANGES.macro as Extract<RulesChange, { kind: 'macro' }>).condition;
    const text = `- macro: user_known_read_sensitive_files_activities\n  condition: or (proc.name = backup) ${part}\n  override:\n    condition: append\n`;
    expect(remove(text, CHANGES.macro as RulesChange)).toMatchObject({
      text: text.replace(` ${part}`, ''),
      action: 'removed-condition-part',
    });
    const quoted = `- macro: user_known_read_sensitive_files_activities\n  condition: "${part} or (proc.name = \\"x y\\")"\n  append: true\n`;
    const edited = remove(quoted, CHANGES.macro as RulesChange).text;
    expect(parse(edited)).toEqual([
      {
        macro: 'user_known_read_sensitive_files_activities',
        condition: 'or (proc.name = "x y")',
        append: true,
      },
    ]);
  });

  it('picks the annotated duplicate, and says what is missing', () => {
    const change = CHANGES.macro as RulesChange;
    const twice = apply(apply(LOCAL, toApply(change, 'older')), toApply(change, 'newer'));
    const removed = remove(twice, change, 'older');
    expect(removed.text).not.toContain('# older');
    expect(removed.text).toContain('# newer');
    expect(remove(twice, change, 'newer').text).toBe(apply(LOCAL, toApply(change, 'older')));
    expect(removeChange(LOCAL, CHANGES.list as RulesChange)).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: 'the file has no appended item(s) ["titanagent"] of list "hids_binaries"',
      },
    });
    expect(removeChange(SEED, CHANGES.list as RulesChange)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(removeChange('- list: [unclosed\n', change)).toMatchObject({
      ok: false,
      error: { code: 'file_unusable' },
    });
  });
});

describe('removeChange round trip (property)', () => {
  const value = fc
    .string({ minLength: 1, maxLength: 20 })
    .filter((text) => text.trim() === text && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text));

  it('apply then remove is the identity for any values, in a plain file and a values file', () => {
    fc.assert(
      fc.property(
        fc.tuple(value, value),
        value,
        fc.constantFrom(SEED, MODERN, LOCAL),
        fc.constantFrom<ChangeForm>('override', 'append'),
        (row, item, original, form) => {
          const exception = exceptionChange(row);
          const withException = apply(original, toApply(exception, ANNOTATION, form));
          expect(remove(withException, exception, ANNOTATION).text).toBe(original);
          const list: RulesChange = { kind: 'list', list: 'hids_binaries', items: [item] };
          const withList = apply(original, toApply(list, ANNOTATION, form));
          expect(remove(withList, list, ANNOTATION).text).toBe(original);
        },
      ),
      { numRuns: 150 },
    );
  });
});
