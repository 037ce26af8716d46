/**
 * The syntax libs accepts for `regex`: RE2 built with `RE2::POSIX` (sinsp_filtercheck.cpp `add_filter_value`), i.e.
 * posix_syntax on, so none of the Perl extensions: no `\d \w \s \b`, no `(?:...)` or `(?i)`, no lazy `*?`, no `\A \z`,
 * no `\pN`. What remains: literals, `.`, `[...]` with ranges and `[:alpha:]`-style classes, `^` and `$` (matching at
 * line boundaries, since one_line is off), groups, `|`, `* + ?`, `{n}` `{n,}` `{n,m}` (at most 1000), and the escapes
 * `\a \f \n \r \t \v`, octal `\0NN`, `\xHH`, `\x{H...}` and `\` before any punctuation. This parser follows RE2's
 * parse.cc so that a pattern Falco rejects is rejected here, with RE2's wording.
 */

export type RegexNode =
  | { readonly t: 'empty' }
  /** Sorted, non-overlapping inclusive code point ranges: [lo0, hi0, lo1, hi1, ...]. */
  | { readonly t: 'set'; readonly ranges: readonly number[] }
  | { readonly t: 'bol' }
  | { readonly t: 'eol' }
  | { readonly t: 'cat'; readonly items: readonly RegexNode[] }
  | { readonly t: 'alt'; readonly items: readonly RegexNode[] }
  /** `max` -1 means unbounded. */
  | { readonly t: 'rep'; readonly item: RegexNode; readonly min: number; readonly max: number };

import { MAX_RUNE, negateRanges, normalizeRanges, POSIX_GROUPS } from './regex-ranges.js';

export class RegexSyntaxError extends Error {
  override name = 'RegexSyntaxError';
}

const MAX_REPEAT = 1000;
const MAX_DEPTH = 1000;

/** Parses a pattern; throws {@link RegexSyntaxError} with RE2's message when RE2 (POSIX mode) would reject it. */
export function parseRegex(pattern: string): RegexNode {
  const parser = new Parser([...pattern].map((ch) => ch.codePointAt(0) ?? 0));
  const node = parser.parseAlternation(0);
  if (parser.pos < parser.runes.length) throw new RegexSyntaxError(`unexpected ): ${pattern}`);
  checkRepeatProduct(node, MAX_REPEAT);
  return node;
}

class Parser {
  pos = 0;
  constructor(readonly runes: readonly number[]) {}

  private peek(offset = 0): number | undefined {
    return this.runes[this.pos + offset];
  }

  private text(from: number, to = this.pos): string {
    return String.fromCodePoint(...this.runes.slice(from, to));
  }

  parseAlternation(depth: number): RegexNode {
    if (depth > MAX_DEPTH) throw new RegexSyntaxError('expression nests too deeply');
    const branches = [this.parseConcatenation(depth)];
    while (this.peek() === 0x7c) {
      this.pos++;
      branches.push(this.parseConcatenation(depth));
    }
    return branches.length === 1 ? (branches[0] ?? { t: 'empty' }) : { t: 'alt', items: branches };
  }

  private parseConcatenation(depth: number): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 0x7c || c === 0x29) break;
      const start = this.pos;
      const repeat = this.maybeRepeat();
      if (repeat) {
        const last = items.pop();
        if (!last) throw new RegexSyntaxError(`missing argument to repetition operator: ${this.text(start)}`);
        items.push({ t: 'rep', item: last, ...repeat });
        continue;
      }
      items.push(this.parseAtom(depth));
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? (items[0] ?? { t: 'empty' }) : { t: 'cat', items };
  }

  /** `*`, `+`, `?` or a well-formed `{n,m}` at the cursor, consumed; undefined otherwise. */
  private maybeRepeat(): { min: number; max: number } | undefined {
    const c = this.peek();
    if (c === 0x2a || c === 0x2b || c === 0x3f) {
      this.pos++;
      return c === 0x2a ? { min: 0, max: -1 } : c === 0x2b ? { min: 1, max: -1 } : { min: 0, max: 1 };
    }
    if (c !== 0x7b) return undefined;
    const start = this.pos;
    this.pos++;
    const min = this.parseInteger();
    let max = min;
    if (min !== undefined && this.peek() === 0x2c) {
      this.pos++;
      max = this.peek() === 0x7d ? -1 : this.parseInteger();
    }
    if (min === undefined || max === undefined || this.peek() !== 0x7d) {
      this.pos = start; // not a repetition: `{` is a literal
      return undefined;
    }
    this.pos++;
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
      throw new RegexSyntaxError(`bad repetition operator: ${this.text(start)}`);
    }
    return { min, max };
  }

  private parseInteger(): number | undefined {
    const first = this.peek();
    if (first === undefined || first < 0x30 || first > 0x39) return undefined;
    const second = this.peek(1);
    if (first === 0x30 && second !== undefined && second >= 0x30 && second <= 0x39) return undefined;
    let value = 0;
    for (let c = this.peek(); c !== undefined && c >= 0x30 && c <= 0x39; c = this.peek()) {
      if (value >= 100_000_000) return undefined;
      value = value * 10 + (c - 0x30);
      this.pos++;
    }
    return value;
  }

  private parseAtom(depth: number): RegexNode {
    const c = this.peek() ?? 0;
    switch (c) {
      case 0x28: {
        const start = this.pos;
        this.pos++;
        const inner = this.parseAlternation(depth + 1);
        if (this.peek() !== 0x29) throw new RegexSyntaxError(`missing ): ${this.text(start)}`);
        this.pos++;
        return inner;
      }
      case 0x5b:
        return this.parseClass();
      case 0x2e:
        this.pos++;
        return { t: 'set', ranges: [0, 0x09, 0x0b, MAX_RUNE] };
      case 0x5e:
        this.pos++;
        return { t: 'bol' };
      case 0x24:
        this.pos++;
        return { t: 'eol' };
      case 0x5c: {
        const rune = this.parseEscape();
        return { t: 'set', ranges: [rune, rune] };
      }
      default:
        this.pos++;
        return { t: 'set', ranges: [c, c] };
    }
  }

  private parseEscape(): number {
    const start = this.pos;
    this.pos++; // backslash
    const c = this.peek();
    if (c === undefined) throw new RegexSyntaxError('trailing \\');
    this.pos++;
    const bad = (): never => {
      throw new RegexSyntaxError(`invalid escape sequence: ${this.text(start)}`);
    };
    const isOctal = (r: number | undefined): r is number => r !== undefined && r >= 0x30 && r <= 0x37;
    const hexValue = (r: number | undefined): number => {
      if (r === undefined) return -1;
      if (r >= 0x30 && r <= 0x39) return r - 0x30;
      if (r >= 0x41 && r <= 0x46) return r - 0x37;
      if (r >= 0x61 && r <= 0x66) return r - 0x57;
      return -1;
    };
    if (c >= 0x31 && c <= 0x37 && !isOctal(this.peek())) return bad(); // a backreference
    if (c >= 0x30 && c <= 0x37) {
      let code = c - 0x30;
      for (let n = 0; n < 2 && isOctal(this.peek()); n++)
        code = code * 8 + ((this.runes[this.pos++] ?? 0) - 0x30);
      return code;
    }
    switch (c) {
      case 0x78: {
        const next = this.peek();
        if (next === undefined) return bad();
        this.pos++;
        if (next === 0x7b) {
          let code = 0;
          let digits = 0;
          for (;;) {
            const r = this.peek();
            if (r === undefined) return bad();
            this.pos++;
            if (r === 0x7d) break;
            const h = hexValue(r);
            if (h < 0) return bad();
            code = code * 16 + h;
            digits++;
            if (code > MAX_RUNE) return bad();
          }
          return digits === 0 ? bad() : code;
        }
        const low = this.peek();
        if (low === undefined) return bad();
        this.pos++;
        const high = hexValue(next);
        const lowValue = hexValue(low);
        return high < 0 || lowValue < 0 ? bad() : high * 16 + lowValue;
      }
      case 0x6e:
        return 0x0a;
      case 0x72:
        return 0x0d;
      case 0x74:
        return 0x09;
      case 0x61:
        return 0x07;
      case 0x66:
        return 0x0c;
      case 0x76:
        return 0x0b;
      default: {
        const isWordy = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
        return c < 0x80 && !isWordy ? c : bad();
      }
    }
  }

  private parseClass(): RegexNode {
    const start = this.pos;
    this.pos++; // [
    const ranges: number[] = [];
    const negated = this.peek() === 0x5e;
    if (negated) this.pos++;
    let first = true;
    while (this.peek() !== undefined && (this.peek() !== 0x5d || first)) {
      if (this.peek() === 0x2d && !first && this.peek(1) !== undefined && this.peek(1) !== 0x5d) {
        const rangeStart = this.pos;
        this.pos++;
        throw new RegexSyntaxError(`bad character class range: ${this.text(rangeStart, rangeStart + 2)}`);
      }
      first = false;
      if (this.peek() === 0x5b && this.peek(1) === 0x3a) {
        const group = this.maybePosixGroup();
        if (group) {
          ranges.push(...group);
          continue;
        }
      }
      const low = this.parseClassChar();
      let high = low;
      if (this.peek() === 0x2d && this.peek(1) !== undefined && this.peek(1) !== 0x5d) {
        const rangeStart = this.pos;
        this.pos++;
        high = this.parseClassChar();
        if (high < low) throw new RegexSyntaxError(`bad character class range: ${this.text(rangeStart - 1)}`);
      }
      ranges.push(low, high);
    }
    if (this.peek() === undefined) throw new RegexSyntaxError(`missing ]: ${this.text(start)}`);
    this.pos++; // ]
    const normalized = normalizeRanges(ranges);
    return { t: 'set', ranges: negated ? negateRanges(normalized) : normalized };
  }

  private parseClassChar(): number {
    if (this.peek() === 0x5c) return this.parseEscape();
    return this.runes[this.pos++] ?? 0;
  }

  /** `[:alpha:]` or `[:^alpha:]` at the cursor: consumed, its ranges returned; undefined when not of that shape. */
  private maybePosixGroup(): number[] | undefined {
    const start = this.pos;
    for (let j = start + 2; j + 1 < this.runes.length; j++) {
      if (this.runes[j] === 0x3a && this.runes[j + 1] === 0x5d) {
        let name = this.text(start + 2, j);
        this.pos = j + 2;
        const negated = name.startsWith('^');
        if (negated) name = name.slice(1);
        const group = POSIX_GROUPS[name];
        if (!group) throw new RegexSyntaxError(`invalid character class range: ${this.text(start)}`);
        return negated ? negateRanges(normalizeRanges([...group])) : [...group];
      }
    }
    return undefined;
  }
}

/** RE2's RepetitionWalker: nested counted repetitions may not multiply beyond 1000. */
function checkRepeatProduct(node: RegexNode, budget: number): void {
  switch (node.t) {
    case 'cat':
    case 'alt':
      for (const item of node.items) checkRepeatProduct(item, budget);
      return;
    case 'rep': {
      let inner = budget;
      const isCounted = !(node.max === -1 && node.min <= 1) && !(node.min === 0 && node.max === 1);
      if (isCounted) {
        const m = node.max < 0 ? node.min : node.max;
        if (m > 0) inner = Math.floor(budget / m);
        if (inner === 0) throw new RegexSyntaxError('bad repetition operator');
      }
      checkRepeatProduct(node.item, inner);
      return;
    }
    case 'empty':
    case 'set':
    case 'bol':
    case 'eol':
      return;
  }
}
