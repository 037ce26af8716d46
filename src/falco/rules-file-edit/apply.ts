/**
 * `applyChange(text, change, options)`: adds a synthesised exception to a rules repository file, a plain rules file or
 * a Helm values file's `customRules` entry (default `custom_rules.yaml`, created if missing). Edits are insertions
 * at computed offsets, never a re-serialisation, so comments, key order, blank lines, block styles and the other
 * entries stay byte for byte; the result is parsed back to prove the entry now holds exactly the intended text.
 */
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { err, ok, type Result } from '../../result.js';
import { yamlScalar } from '../exceptions/index.js';
import { indentContinuations, mapInsertion, normaliseForBlock, readBlockScalar } from './block-scalar.js';
import { fileKind, readCustomRules, type FileKind, type HelmEntry } from './helm-values.js';
import { applyInsertions, lineEnd, lineStart, type Insertion } from './insertions.js';
import { planTextEdit, type ChangeToApply, type EditAction, type EditProblem } from './rules-text-edit.js';

export const DEFAULT_ENTRY = 'custom_rules.yaml';

export interface ApplyOptions {
  /** The `customRules` entry to edit in a values file (default `custom_rules.yaml`). */
  readonly entry?: string;
}

export interface AppliedEdit {
  readonly text: string;
  readonly kind: FileKind;
  /** The `customRules` entry edited (values files). */
  readonly entry?: string;
  readonly action: EditAction | 'created-entry';
}

function problem(code: EditProblem['code'], message: string): Result<never, EditProblem> {
  return err({ code, message });
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** `key: |-` and the rules text indented below it, each line ending with a newline. */
function entryBlock(key: string, rules: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const body = indentContinuations(`\n${rules.replace(/\n$/, '')}`, `${pad}  `);
  return `${pad}${yamlScalar(key)}: |-${body}\n`;
}

function entryValueText(text: string, entry: string): string | undefined {
  const custom = readCustomRules(text);
  if (custom.kind !== 'map') return undefined;
  const found = custom.entries.find((candidate) => candidate.key === entry);
  const value = found?.value;
  return value !== undefined && isScalar(value) ? String(value.value) : undefined;
}

function isEmptyValue(value: Node | undefined): boolean {
  return value === undefined || (isScalar(value) && (value.value === null || value.value === ''));
}

/** Inserts into an entry's existing literal block. */
function editEntry(
  text: string,
  entry: HelmEntry,
  apply: ChangeToApply,
): Result<{ insertions: Insertion[]; action: EditAction; expected: string }, EditProblem> {
  const block = readBlockScalar(text, entry.value, entry.key);
  if (!block.ok) return problem('entry_unusable', block.error);
  const plan = planTextEdit(block.value.value, apply);
  if (!plan.ok) return plan;
  const inner = plan.value.insertions.map((insertion) => normaliseForBlock(block.value, insertion));
  return ok({
    insertions: inner.map((insertion) => mapInsertion(block.value, text, insertion)),
    action: plan.value.action,
    expected: applyInsertions(block.value.value, inner),
  });
}

function editValues(text: string, apply: ChangeToApply, key: string): Result<AppliedEdit, EditProblem> {
  const custom = readCustomRules(text);
  if (custom.kind === 'invalid') return problem('file_unusable', custom.message);
  const rules = apply.yaml.replace(/\n$/, '');
  let insertions: Insertion[];
  let action: AppliedEdit['action'] = 'created-entry';
  let entryKey = key;
  let expected = rules;
  if (custom.kind === 'absent') {
    const separator = text === '' || text.endsWith('\n') ? '' : '\n';
    insertions = [{ offset: text.length, text: `${separator}customRules:\n${entryBlock(key, rules, 2)}` }];
  } else if (custom.kind === 'empty') {
    const keyNode = custom.pair.key as Node;
    const keyStart = keyNode.range?.[0] ?? 0;
    const indent = columnOf(text, keyStart) + 2;
    const value = custom.pair.value as Node | null;
    const colon = text.indexOf(':', keyNode.range?.[1] ?? keyStart);
    if (value !== null && isMap(value) && value.range) {
      return finish(text, [], action, key, expected, [
        {
          from: colon + 1,
          to: value.range[1],
          text: `\n${entryBlock(key, rules, indent).replace(/\n$/, '')}`,
        },
      ]);
    }
    insertions = [
      { offset: lineEnd(text, colon), text: `\n${entryBlock(key, rules, indent).replace(/\n$/, '')}` },
    ];
  } else {
    // A later false positive goes to our exception (or list append) wherever it already is.
    const ordered = [
      ...custom.entries.filter((e) => e.key === key),
      ...custom.entries.filter((e) => e.key !== key),
    ];
    if (apply.change.kind === 'exception' || apply.change.kind === 'list') {
      for (const candidate of ordered) {
        const value = candidate.value;
        if (value === undefined || !isScalar(value) || value.type !== 'BLOCK_LITERAL') continue;
        const probe = planTextEdit(String(value.value), apply);
        if (!probe.ok) return probe;
        if (probe.value.action !== 'appended-item') {
          entryKey = candidate.key;
          break;
        }
      }
    }
    const target = custom.entries.find((candidate) => candidate.key === entryKey);
    if (target === undefined) {
      const last = custom.entries[custom.entries.length - 1];
      const firstKey = custom.entries[0]?.pair.key as Node | undefined;
      const indent = columnOf(text, firstKey?.range?.[0] ?? 0);
      const lastEnd =
        last?.value?.range?.[1] ?? (last?.pair.key as Node | undefined)?.range?.[1] ?? text.length;
      const contentEnd = text.slice(0, lastEnd).trimEnd().length;
      insertions = [
        { offset: lineEnd(text, contentEnd), text: `\n${entryBlock(key, rules, indent).replace(/\n$/, '')}` },
      ];
    } else if (isEmptyValue(target.value)) {
      const keyNode = target.pair.key as Node;
      const colon = text.indexOf(':', keyNode.range?.[1] ?? 0);
      const indent = columnOf(text, keyNode.range?.[0] ?? 0);
      const body = indentContinuations(`\n${rules}`, ' '.repeat(indent + 2));
      return finish(text, [], 'created-entry', entryKey, expected, [
        { from: colon + 1, to: lineEnd(text, colon), text: ` |-${body}` },
      ]);
    } else {
      const edited = editEntry(text, target, apply);
      if (!edited.ok) return edited;
      insertions = edited.value.insertions;
      action = edited.value.action;
      expected = edited.value.expected;
    }
  }
  return finish(text, insertions, action, entryKey, expected, []);
}

interface Replacement {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** Applies the edit and proves the entry now holds exactly `expected`. */
function finish(
  text: string,
  insertions: readonly Insertion[],
  action: AppliedEdit['action'],
  entry: string,
  expected: string,
  replacements: readonly Replacement[],
): Result<AppliedEdit, EditProblem> {
  let edited = applyInsertions(text, insertions);
  for (const replacement of replacements)
    edited = edited.slice(0, replacement.from) + replacement.text + edited.slice(replacement.to);
  const doc = parseDocument(edited, { schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length > 0)
    return problem(
      'edit_failed',
      `the edited values file is not valid YAML: ${doc.errors[0]?.message ?? ''}`,
    );
  if (entryValueText(edited, entry) !== expected)
    return problem('edit_failed', `the edited customRules entry "${entry}" does not read back as intended`);
  return ok({ text: edited, kind: 'helm-values', entry, action });
}

/** Adds the change to `text` (a plain rules file or a Helm values file). */
export function applyChange(
  text: string,
  apply: ChangeToApply,
  options: ApplyOptions = {},
): Result<AppliedEdit, EditProblem> {
  const kind = fileKind(text);
  if (kind === 'helm-values') return editValues(text, apply, options.entry ?? DEFAULT_ENTRY);
  const plan = planTextEdit(text, apply);
  if (!plan.ok) return plan;
  const edited = applyInsertions(text, plan.value.insertions);
  const doc = parseDocument(edited, { schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length > 0 && parseDocument(text, { schema: 'failsafe' }).errors.length === 0)
    return problem('edit_failed', `the edited rules file is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  return ok({ text: edited, kind, action: plan.value.action });
}
