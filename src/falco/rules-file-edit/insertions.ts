/**
 * Edits as insertions: every change we make to a rules file adds text and removes none, so a reviewer's diff shows
 * only added lines and everything else stays byte for byte.
 */

/** Text to insert at an offset of the original text. */
export interface Insertion {
  readonly offset: number;
  readonly text: string;
}

/** Applies insertions given as offsets into the original text (any order; equal offsets keep their order). */
export function applyInsertions(text: string, insertions: readonly Insertion[]): string {
  const sorted = insertions.map((insertion, index) => ({ ...insertion, index }));
  sorted.sort((a, b) => a.offset - b.offset || a.index - b.index);
  let out = '';
  let at = 0;
  for (const insertion of sorted) {
    out += text.slice(at, insertion.offset) + insertion.text;
    at = insertion.offset;
  }
  return out + text.slice(at);
}

/** End of the line holding `offset` (the offset of its `\n`, or the end of the text). */
export function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

/** Start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
