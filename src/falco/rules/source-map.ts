/**
 * Offsets to file positions. Falco reports a condition error at an offset into the condition it parsed, which is
 * the YAML value after appends, list substitution and exception building; users need the line and column in the
 * file they wrote. A `MappedText` is a string made of segments, each knowing where its characters came from.
 */
import type { SourcePosition } from './model.js';

/** Maps an offset (into some text) to where it came from. */
export type Locator = (offset: number) => SourcePosition;

/** Line/column lookup for a whole file, by binary search over line starts. */
export function lineLocator(file: string, text: string): Locator {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const clamped = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { file, line: low + 1, column: clamped - (starts[low] ?? 0) + 1 };
  };
}

/**
 * Where each character of a YAML scalar's value sits in the source, for plain, quoted and block scalars alike:
 * the value's characters appear in the source in order, with folding, indentation and escapes in between. A greedy
 * walk matches each non-blank value character to its next occurrence in the source. Computed on first use only.
 */
export function scalarValueMapper(
  source: string,
  range: readonly [number, number],
  value: string,
): (valueOffset: number) => number {
  let map: Int32Array | undefined;
  const build = (): Int32Array => {
    const out = new Int32Array(value.length + 1);
    const [start, end] = range;
    let s = start;
    // Block scalars start with a header line (`|-`, `>`): the value begins on the next line.
    const head = source[start];
    if (head === '|' || head === '>') {
      const newline = source.indexOf('\n', start);
      s = newline === -1 ? end : newline + 1;
    } else if (head === '"' || head === "'") s = start + 1;
    for (let i = 0; i < value.length; i++) {
      const c = value[i] ?? '';
      if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
        out[i] = Math.min(s, end);
        if (source[s] === c) s++;
        continue;
      }
      let probe = s;
      while (probe < end && source[probe] !== c) probe++;
      if (probe < end) s = probe;
      out[i] = Math.min(s, end);
      if (probe < end) s++;
    }
    out[value.length] = Math.min(s, end);
    return out;
  };
  return (valueOffset) => {
    map ??= build();
    const index = Math.max(0, Math.min(valueOffset, value.length));
    return map[index] ?? range[0];
  };
}

interface Segment {
  readonly start: number;
  readonly end: number;
  /** Receives the offset relative to `start`. */
  readonly locate: Locator;
}

/** A string that remembers where its pieces came from. Immutable; operations return new instances. */
export class MappedText {
  private constructor(
    readonly text: string,
    private readonly segments: readonly Segment[],
  ) {}

  /** Text whose offsets map through `locate` (offset 0 = the first character). */
  static from(text: string, locate: Locator): MappedText {
    return new MappedText(text, [{ start: 0, end: text.length, locate }]);
  }

  /** Text that did not come from the file (glue like `" and not "`): every offset maps to `at`. */
  static fixed(text: string, at: SourcePosition): MappedText {
    return new MappedText(text, [{ start: 0, end: text.length, locate: () => at }]);
  }

  static concat(parts: readonly MappedText[]): MappedText {
    const segments: Segment[] = [];
    let offset = 0;
    for (const part of parts) {
      for (const segment of part.segments)
        segments.push({ start: segment.start + offset, end: segment.end + offset, locate: segment.locate });
      offset += part.text.length;
    }
    return new MappedText(parts.map((part) => part.text).join(''), segments);
  }

  slice(from: number, to: number = this.text.length): MappedText {
    const segments: Segment[] = [];
    for (const segment of this.segments) {
      const start = Math.max(segment.start, from);
      const end = Math.min(segment.end, to);
      if (start > end || (start === end && segment.start !== segment.end)) continue;
      const shift = start - segment.start;
      const locate = segment.locate;
      segments.push({ start: start - from, end: end - from, locate: (o) => locate(o + shift) });
    }
    return new MappedText(this.text.slice(from, to), segments);
  }

  /** Where the character at `offset` came from (the end of the text maps to its last character's origin). */
  locate(offset: number): SourcePosition {
    let chosen = this.segments[0];
    for (const segment of this.segments) {
      if (segment.start <= offset && (offset < segment.end || segment.start === segment.end)) {
        chosen = segment;
        break;
      }
      if (segment.start <= offset) chosen = segment;
    }
    if (chosen === undefined) throw new Error('MappedText has no segments');
    return chosen.locate(Math.min(offset, chosen.end) - chosen.start);
  }
}
