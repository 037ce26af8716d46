/**
 * A literal block scalar (`|-`, `|`, `|+`, `|2-`) in a YAML file, and the mapping between offsets of its value (the
 * rules text) and offsets of the file: value line k is file line `first + k`, minus the block's indentation. An
 * insertion into the value becomes an insertion into the file, its new lines indented like the block, so nothing
 * else in the file moves.
 */
import { isScalar, type Node } from 'yaml';
import { err, ok, type Result } from '../../result.js';
import type { Insertion } from './insertions.js';

export interface BlockScalar {
  /** The rules text (the scalar's value). */
  readonly value: string;
  /** Offsets in the file of the starts of the value's lines. */
  readonly lineStarts: readonly number[];
  readonly indent: number;
}

function lineStartsFrom(text: string, from: number, count: number): number[] {
  const starts: number[] = [];
  let at = from;
  for (let k = 0; k < count; k++) {
    starts.push(at);
    const next = text.indexOf('\n', at);
    at = next === -1 ? text.length : next + 1;
  }
  return starts;
}

/** The block scalar at `node`, or why the entry cannot be edited in place. */
export function readBlockScalar(
  text: string,
  node: Node | undefined,
  key: string,
): Result<BlockScalar, string> {
  if (node === undefined || !isScalar(node) || node.range === undefined || node.range === null)
    return err(`customRules entry "${key}" is not text`);
  if (node.type === 'BLOCK_FOLDED')
    return err(
      `customRules entry "${key}" is a folded block (>), which joins lines; change it to a literal block (|-) first`,
    );
  if (node.type !== 'BLOCK_LITERAL') return err(`customRules entry "${key}" is not a literal block (|-)`);
  const value = String(node.value);
  const headerEnd = text.indexOf('\n', node.range[0]);
  if (headerEnd === -1) return err(`customRules entry "${key}" has no content lines`);
  const header = text
    .slice(node.range[0], headerEnd)
    .replace(/\s+#.*$/, '')
    .trim();
  const lines = (value.endsWith('\n') ? value.slice(0, -1) : value).split('\n');
  const lineStarts = lineStartsFrom(text, headerEnd + 1, lines.length);
  const explicit = /^\|[-+]?([1-9])|^\|([1-9])/.exec(header);
  let indent: number;
  if (explicit !== null) {
    const keyLineStart = text.lastIndexOf('\n', node.range[0]) + 1;
    const parentIndent = /^ */.exec(text.slice(keyLineStart))?.[0].length ?? 0;
    indent = parentIndent + Number(explicit[1] ?? explicit[2]);
  } else {
    const firstContent = lines.findIndex((line) => line !== '');
    const start = lineStarts[firstContent] ?? lineStarts[0] ?? 0;
    indent = /^ */.exec(text.slice(start))?.[0].length ?? 0;
  }
  // Check the mapping: every value line must be the file line minus the indentation.
  for (let k = 0; k < lines.length; k++) {
    const start = lineStarts[k] ?? text.length;
    const fileLine = text.slice(
      start,
      text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start),
    );
    const expected = lines[k] ?? '';
    if (expected === '' ? fileLine.trim() !== '' : fileLine !== ' '.repeat(indent) + expected)
      return err(`customRules entry "${key}" could not be mapped line by line (tabs or unusual indentation)`);
  }
  return ok({ value, lineStarts, indent });
}

/** Indents every non-empty line after the first of inserted text. */
export function indentContinuations(text: string, indent: string): string {
  return text.replace(/\n(?=[^\n])/g, `\n${indent}`);
}

/**
 * The insertion as the block will hold it: in a value without a final newline (`|-` strips it), text appended at the
 * end loses its own final newline too, since the file's newline after the block is not part of the value.
 */
export function normaliseForBlock(block: BlockScalar, insertion: Insertion): Insertion {
  if (insertion.offset === block.value.length && !block.value.endsWith('\n'))
    return { offset: insertion.offset, text: insertion.text.replace(/\n$/, '') };
  return insertion;
}

/** An insertion into the block's value (normalised), as an insertion into the file. */
export function mapInsertion(block: BlockScalar, text: string, original: Insertion): Insertion {
  // After a final newline there is no file line to point at: insert before that newline instead (same value).
  const insertion =
    original.offset === block.value.length && block.value.endsWith('\n')
      ? { offset: block.value.length - 1, text: `\n${original.text.replace(/\n$/, '')}` }
      : original;
  const before = block.value.slice(0, insertion.offset);
  const line = before.split('\n').length - 1;
  const column = insertion.offset - (before.lastIndexOf('\n') + 1);
  const start = block.lineStarts[line] ?? text.length;
  const end = text.indexOf('\n', start);
  const lineText = text.slice(start, end === -1 ? text.length : end);
  const offset = start + Math.min(block.indent, lineText.length) + column;
  return { offset, text: indentContinuations(insertion.text, ' '.repeat(block.indent)) };
}
