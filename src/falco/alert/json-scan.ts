/**
 * Where JSON values start and end in a text, without parsing them: enough to split NDJSON, concatenated
 * (pretty-printed) JSON documents and a top-level array into items, and to give each item its line number.
 * The values themselves are parsed by `JSON.parse`, which is fast and exact about the grammar.
 */

/**
 * Index just after the object or array that starts at `start` (which must hold `{` or `[`), or -1 when it does not
 * close before `limit`. Brackets inside strings (with escapes) do not count; a mismatched closer (`{]`) ends the
 * scan as unterminated.
 */
export function scanJsonValue(text: string, start: number, limit = text.length): number {
  const stack: string[] = [];
  for (let index = start; index < limit; index += 1) {
    const char = text.charCodeAt(index);
    switch (char) {
      case 0x22 /* " */:
        index = closingQuote(text, index + 1);
        break;
      case 0x7b /* { */:
        stack.push('}');
        break;
      case 0x5b /* [ */:
        stack.push(']');
        break;
      case 0x7d /* } */:
      case 0x5d /* ] */:
        if (stack.pop() !== String.fromCharCode(char)) return -1;
        if (stack.length === 0) return index + 1;
        break;
      default:
        break;
    }
  }
  return -1;
}

/** Offsets where the elements of the (valid) JSON array starting at `start` begin. */
export function arrayElementOffsets(text: string, start: number, end: number): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let expectElement = false;
  for (let index = start; index < end; index += 1) {
    const char = text.charCodeAt(index);
    if (expectElement && !isJsonSpace(char)) {
      expectElement = false;
      if (char !== 0x5d) offsets.push(index);
    }
    if (char === 0x22) index = closingQuote(text, index + 1);
    else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth === 1) expectElement = true;
    } else if (char === 0x7d || char === 0x5d) {
      depth -= 1;
      if (depth === 0) break;
    } else if (char === 0x2c && depth === 1) expectElement = true;
  }
  return offsets;
}

/** Index of the `"` that closes a string whose content starts at `from` (text.length when none). */
export function closingQuote(text: string, from: number): number {
  for (let index = text.indexOf('"', from); index >= 0; index = text.indexOf('"', index + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(index - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return index;
  }
  return text.length;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Maps offsets to 1-based line numbers (binary search over the line starts, built once per text). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
      this.starts.push(index + 1);
    }
  }

  line(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  column(offset: number): number {
    return offset - (this.starts[this.line(offset) - 1] as number) + 1;
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? Infinity;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
