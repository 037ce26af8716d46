/**
 * The text spans a removal deletes from a rules text, chosen so that removing what `applyChange` added gives back
 * the text as it was: the item's lines with the blank line that separated it, a values row's line with its
 * annotation comment, or one element of a flow sequence with its comma.
 */
import type { Node } from 'yaml';
import { commentLine } from '../exceptions/index.js';
import { lineEnd, lineStart } from './insertions.js';
import { appendItem } from './rules-text-edit.js';

/** Replace `[from, to)` of the original text with `text` (empty for a deletion). */
export interface Replacement {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** Applies non-overlapping replacements given as offsets into the original text. */
export function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  const sorted = [...replacements].sort((a, b) => a.from - b.from);
  let out = '';
  let at = 0;
  for (const replacement of sorted) {
    out += text.slice(at, replacement.from) + replacement.text;
    at = replacement.to;
  }
  return out + text.slice(at);
}

function rangeOf(node: Node): readonly [number, number] {
  const range = node.range ?? [0, 0, 0];
  return [range[0], range[1]];
}

/** The offset just after the line that holds `offset - 1` (its newline included), or the end of the text. */
function endOfLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const end = lineEnd(text, offset);
  return end < text.length ? end + 1 : text.length;
}

/** The start of the comment line above `start` when it is the annotation we wrote, else `start`. */
export function withAnnotation(text: string, start: number, annotation: string | undefined): number {
  if (annotation === undefined || start === 0) return start;
  const expected = commentLine(annotation, '').trim();
  if (expected === '') return start;
  const above = lineStart(text, start - 1);
  return text.slice(above, start - 1).trim() === expected ? above : start;
}

/** Whether the annotation comment sits right above the line of `node`. */
export function annotated(text: string, node: Node, annotation: string | undefined): boolean {
  const start = lineStart(text, rangeOf(node)[0]);
  return withAnnotation(text, start, annotation) !== start;
}

function isBlankLine(text: string, start: number): boolean {
  if (start >= text.length) return false;
  return text.slice(start, lineEnd(text, start)).trim() === '';
}

/**
 * Deletes a whole top-level item (and the annotation comment above it). A last item goes with the separator that
 * `appendItem` put before it: the original text is the candidate that appending the item to reproduces exactly.
 */
export function removeItem(text: string, item: Node, annotation: string | undefined): Replacement {
  const [from, to] = rangeOf(item);
  const start = withAnnotation(text, lineStart(text, from), annotation);
  const end = endOfLine(text, to);
  if (text.slice(end) === '') {
    const before = text.slice(0, start);
    const column = from - lineStart(text, from) - 2;
    const indent = ' '.repeat(Math.max(0, column));
    const unindented = text
      .slice(start, end)
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n');
    const item = unindented.endsWith('\n') ? unindented : `${unindented}\n`;
    const trailing = /\n*$/.exec(before)?.[0].length ?? 0;
    // Prefer the original ending like the text does: one newline for a file, none for a `|-` block value.
    const preferred = text.endsWith('\n') ? [1, 0, 2, 3] : [0, 1, 2, 3];
    for (const keep of preferred) {
      if (keep > trailing) continue;
      const original = before.slice(0, before.length - trailing + keep);
      const added = appendItem(original, item).text;
      const rebuilt = original + (text.endsWith('\n') ? added : added.replace(/\n$/, ''));
      if (rebuilt === text) return { from: original.length, to: text.length, text: '' };
    }
    const keep = text.endsWith('\n') ? Math.min(1, trailing) : 0;
    return { from: before.length - trailing + keep, to: text.length, text: '' };
  }
  // An item between others: its lines, and a blank line after it when one also precedes it.
  const precededByBlank = start === 0 || /\n[ \t]*\n$/.test(text.slice(0, start));
  const after = precededByBlank && isBlankLine(text, end) ? endOfLine(text, lineEnd(text, end)) : end;
  return { from: start, to: after, text: '' };
}

/**
 * Deletes one element of a block sequence (its line(s) and the annotation above). The last line of a `|-` value
 * has no newline: the newline before it goes instead.
 */
export function removeBlockElement(text: string, element: Node, annotation: string | undefined): Replacement {
  const [from, to] = rangeOf(element);
  const start = withAnnotation(text, lineStart(text, from), annotation);
  const end = endOfLine(text, to);
  if (end === text.length && !text.endsWith('\n') && start > 0) return { from: start - 1, to: end, text: '' };
  return { from: start, to: end, text: '' };
}

/** Deletes elements of a flow sequence `[a, b, c]` with their commas; the kept ones stay as written. */
export function removeFlowElements(elements: readonly Node[], remove: ReadonlySet<Node>): Replacement[] {
  const first = elements[0];
  const last = elements[elements.length - 1];
  if (first === undefined || last === undefined) return [];
  if (elements.every((element) => remove.has(element)))
    return [{ from: rangeOf(first)[0], to: rangeOf(last)[1], text: '' }];
  const out: Replacement[] = [];
  let index = 0;
  while (index < elements.length) {
    if (!remove.has(elements[index] as Node)) {
      index += 1;
      continue;
    }
    let end = index;
    while (end + 1 < elements.length && remove.has(elements[end + 1] as Node)) end += 1;
    const runEnd = rangeOf(elements[end] as Node)[1];
    const before = elements[index - 1];
    const after = elements[end + 1];
    // `, b, c` after a kept element; `a, b, ` before the first kept one.
    if (before !== undefined) out.push({ from: rangeOf(before)[1], to: runEnd, text: '' });
    else if (after !== undefined)
      out.push({ from: rangeOf(elements[index] as Node)[0], to: rangeOf(after)[0], text: '' });
    index = end + 1;
  }
  return out;
}
