/**
 * `removeChange(text, change, options)`: takes one synthesised exception back out of a rules repository file, the
 * inverse of `applyChange` (used when an exception expires). In a Helm values file only the `customRules` entry
 * holding the change is edited; everything else stays byte for byte, and the entry is parsed back to prove it holds
 * exactly the intended text. An entry left empty goes, and `customRules` with it when that was its only entry.
 */
import { isMap, isScalar, parseAllDocuments, parseDocument, type Node } from 'yaml';
import { err, ok, type Result } from '../../result.js';
import type { RulesChange } from '../exceptions/index.js';
import { DEFAULT_ENTRY } from './apply.js';
import { readBlockScalar, type BlockScalar } from './block-scalar.js';
import { fileKind, readCustomRules, type FileKind, type HelmEntry } from './helm-values.js';
import { lineEnd, lineStart } from './insertions.js';
import { planRemoval, type RemoveAction, type RemoveProblem } from './remove-plan.js';
import { applyReplacements, type Replacement } from './remove-spans.js';

export type { RemoveAction, RemoveProblem } from './remove-plan.js';

export interface RemoveOptions {
  /** The `customRules` entry looked at first in a values file (default `custom_rules.yaml`); the others follow. */
  readonly entry?: string;
  /** The annotation written with the change: its comment line goes too, and it tells duplicates apart. */
  readonly annotation?: string;
}

export interface RemovedEdit {
  readonly text: string;
  readonly kind: FileKind;
  /** The `customRules` entry edited (values files). */
  readonly entry?: string;
  readonly action: RemoveAction | 'removed-entry';
}

const OPTIONS = { schema: 'failsafe', uniqueKeys: false, strict: false, prettyErrors: false } as const;

function problem(code: RemoveProblem['code'], message: string): Result<never, RemoveProblem> {
  return err({ code, message });
}

/** A value offset of the block as a file offset (line starts map to line starts, so whole lines go whole). */
function fileOffset(text: string, block: BlockScalar, offset: number): number {
  const before = block.value.slice(0, offset);
  const line = before.split('\n').length - 1;
  const column = offset - (before.lastIndexOf('\n') + 1);
  const start = block.lineStarts[line];
  if (start === undefined) {
    const last = block.lineStarts[block.lineStarts.length - 1] ?? text.length;
    return Math.min(text.length, lineEnd(text, last) + 1);
  }
  if (column === 0) return start;
  const lineText = text.slice(start, lineEnd(text, start));
  return start + Math.min(block.indent, lineText.length) + column;
}

function mapReplacement(text: string, block: BlockScalar, replacement: Replacement): Replacement {
  if (replacement.text.includes('\n')) throw new Error('removal replacements inside a block are single-line');
  return {
    from: fileOffset(text, block, replacement.from),
    to: fileOffset(text, block, replacement.to),
    text: replacement.text,
  };
}

function entryValueText(text: string, entry: string): string | undefined {
  const custom = readCustomRules(text);
  if (custom.kind !== 'map') return undefined;
  const value = custom.entries.find((candidate) => candidate.key === entry)?.value;
  return value !== undefined && isScalar(value) ? String(value.value) : undefined;
}

/** The end of the block's last line (before its newline). */
function blockEnd(text: string, block: BlockScalar): number {
  const last = block.lineStarts[block.lineStarts.length - 1] ?? text.length;
  return lineEnd(text, last);
}

/** Removes an entry left empty: its lines, or the whole `customRules` key when it was the only entry. */
function removeEntry(
  text: string,
  entries: readonly HelmEntry[],
  entry: HelmEntry,
  block: BlockScalar,
): Result<RemovedEdit, RemoveProblem> {
  const end = blockEnd(text, block);
  let edited: string;
  if (entries.length === 1) {
    const root = parseDocument(text, OPTIONS).contents;
    const pair = isMap(root)
      ? root.items.find((item) => isScalar(item.key) && item.key.value === 'customRules')
      : undefined;
    const keyStart = (pair?.key as Node | undefined)?.range?.[0];
    if (keyStart === undefined) return problem('edit_failed', 'customRules could not be located');
    const from = lineStart(text, keyStart);
    edited = text.slice(0, from) + text.slice(Math.min(text.length, end + 1));
  } else {
    const keyStart = lineStart(text, (entry.pair.key as Node).range?.[0] ?? 0);
    const from = keyStart > 0 ? keyStart - 1 : 0;
    edited = text.slice(0, from) + text.slice(keyStart > 0 ? end : Math.min(text.length, end + 1));
  }
  const doc = parseDocument(edited, OPTIONS);
  if (doc.errors.length > 0 || entryValueText(edited, entry.key) !== undefined)
    return problem('edit_failed', `removing the emptied customRules entry "${entry.key}" failed`);
  return ok({ text: edited, kind: 'helm-values', entry: entry.key, action: 'removed-entry' });
}

function removeFromValues(
  text: string,
  change: RulesChange,
  options: RemoveOptions,
): Result<RemovedEdit, RemoveProblem> {
  const custom = readCustomRules(text);
  if (custom.kind === 'invalid') return problem('file_unusable', custom.message);
  if (custom.kind !== 'map') return problem('not_found', 'the values file has no customRules entries');
  const first = options.entry ?? DEFAULT_ENTRY;
  const ordered = [
    ...custom.entries.filter((e) => e.key === first),
    ...custom.entries.filter((e) => e.key !== first),
  ];
  let lastProblem: RemoveProblem | undefined;
  for (const entry of ordered) {
    const block = readBlockScalar(text, entry.value, entry.key);
    if (!block.ok) {
      lastProblem = { code: 'entry_unusable', message: block.error };
      continue;
    }
    const plan = planRemoval(block.value.value, change, options.annotation);
    if (!plan.ok) {
      if (plan.error.code === 'not_found' || plan.error.code === 'file_unusable') {
        lastProblem ??= plan.error;
        continue;
      }
      return plan;
    }
    const expected = applyReplacements(block.value.value, plan.value.replacements);
    if (expected.trim() === '') return removeEntry(text, custom.entries, entry, block.value);
    const edited = applyReplacements(
      text,
      plan.value.replacements.map((replacement) => mapReplacement(text, block.value, replacement)),
    );
    if (parseDocument(edited, OPTIONS).errors.length > 0 || entryValueText(edited, entry.key) !== expected)
      return problem(
        'edit_failed',
        `the edited customRules entry "${entry.key}" does not read back as intended`,
      );
    return ok({ text: edited, kind: 'helm-values', entry: entry.key, action: plan.value.action });
  }
  return err(lastProblem ?? { code: 'not_found', message: 'the values file has no customRules entries' });
}

/** Removes `change` from `text` (a plain rules file or a Helm values file), or says why it cannot. */
export function removeChange(
  text: string,
  change: RulesChange,
  options: RemoveOptions = {},
): Result<RemovedEdit, RemoveProblem> {
  const kind = fileKind(text);
  if (kind === 'helm-values') return removeFromValues(text, change, options);
  const plan = planRemoval(text, change, options.annotation);
  if (!plan.ok) return plan;
  const edited = applyReplacements(text, plan.value.replacements);
  if (parseAllDocuments(edited, OPTIONS).some((doc) => 'errors' in doc && doc.errors.length > 0))
    return problem('edit_failed', 'the edited rules file is not valid YAML');
  return ok({ text: edited, kind, action: plan.value.action });
}
