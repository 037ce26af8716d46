/**
 * Where a syntax error sits, for people: line and column, and the line of the condition with a caret under the
 * offset. Long lines (a folded YAML condition is often one 1,000-character line) are cut to a window around it.
 */
export interface ErrorExcerpt {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units like the offset. */
  readonly column: number;
  /** The offending line, or a window of it with `…` where it was cut. */
  readonly text: string;
  /** Blanks (tabs kept, so it lines up in a terminal) and a `^` under the offset. */
  readonly caret: string;
}

const HALF_WINDOW = 60;

export function errorExcerpt(condition: string, offset: number): ErrorExcerpt {
  const at = Math.max(0, Math.min(offset, condition.length));
  const lineStart = Math.max(condition.lastIndexOf('\n', at - 1), condition.lastIndexOf('\r', at - 1)) + 1;
  const lineEnd = condition.slice(at).search(/[\r\n]/);
  const fullLine = condition.slice(lineStart, lineEnd === -1 ? condition.length : at + lineEnd);
  const line = condition.slice(0, lineStart).split(/\r\n|\r|\n/).length;
  const column = at - lineStart + 1;
  let from = Math.max(0, column - 1 - HALF_WINDOW);
  let to = Math.min(fullLine.length, column - 1 + HALF_WINDOW);
  if (to - from < 2 * HALF_WINDOW) {
    from = Math.max(0, to - 2 * HALF_WINDOW);
    to = Math.min(fullLine.length, from + 2 * HALF_WINDOW);
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < fullLine.length ? '…' : '';
  const shown = fullLine.slice(from, to);
  const before = prefix + shown.slice(0, column - 1 - from);
  return {
    line,
    column,
    text: `${prefix}${shown}${suffix}`,
    caret: `${before.replace(/[^\t]/g, ' ')}^`,
  };
}
