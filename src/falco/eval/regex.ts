import { err, ok, type Result } from '../../result.js';
import { parseRegex, RegexSyntaxError, type RegexNode } from './regex-syntax.js';

/**
 * `regex`: libs matches with RE2 (POSIX syntax) anchored at both ends (`matches_rhs_regex`, `ANCHOR_BOTH`): the whole
 * value must match, `fd.name regex '/etc/.*'` is a full match, not a search.
 *
 * Rather than translating to a JavaScript RegExp (a backtracking engine: an attacker-controlled field value against a
 * pattern like `(a+)+` could stall the bot), the pattern is compiled to a Thompson NFA and simulated in time linear
 * in the value, as RE2 itself guarantees.
 */
export type RegexMatcher = (text: string) => boolean;

export interface RegexProblem {
  /** `invalid`: RE2 rejects the pattern, so Falco would refuse the rule. `too-large`: valid, but beyond our limit. */
  readonly kind: 'invalid' | 'too-large';
  readonly message: string;
}

const MAX_INSTRUCTIONS = 50_000;

/** Instruction codes. */
const Op = { Char: 0, Split: 1, Bol: 2, Eol: 3, Match: 4 } as const;
type Op = (typeof Op)[keyof typeof Op];

interface Program {
  readonly ops: Uint8Array;
  readonly out1: Int32Array;
  readonly out2: Int32Array;
  /** For Char instructions: the code point ranges, [lo, hi, ...]. */
  readonly sets: readonly (readonly number[] | undefined)[];
  readonly start: number;
}

const cache = new Map<string, Result<RegexMatcher, RegexProblem>>();
const CACHE_LIMIT = 1000;

/** Compiles (and caches) a pattern. */
export function compileRegex(pattern: string): Result<RegexMatcher, RegexProblem> {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const compiled = compileUncached(pattern);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

function compileUncached(pattern: string): Result<RegexMatcher, RegexProblem> {
  let node: RegexNode;
  try {
    node = parseRegex(pattern);
  } catch (error) {
    if (error instanceof RegexSyntaxError) return err({ kind: 'invalid', message: error.message });
    throw error;
  }
  const literal = literalText(node);
  if (literal !== undefined) return ok((text: string) => text === literal);
  const program = buildProgram(node);
  if (!program) {
    return err({ kind: 'too-large', message: `the pattern expands beyond ${MAX_INSTRUCTIONS} NFA states` });
  }
  return ok((text: string) => run(program, text));
}

/** A pattern made only of single characters is a plain string comparison. */
function literalText(node: RegexNode): string | undefined {
  const single = (n: RegexNode): number | undefined =>
    n.t === 'set' && n.ranges.length === 2 && n.ranges[0] === n.ranges[1] ? n.ranges[0] : undefined;
  if (node.t === 'empty') return '';
  const items = node.t === 'cat' ? node.items : [node];
  const codes: number[] = [];
  for (const item of items) {
    const code = single(item);
    if (code === undefined) return undefined;
    codes.push(code);
  }
  return String.fromCodePoint(...codes);
}

class ProgramBuilder {
  ops: Op[] = [];
  out1: number[] = [];
  out2: number[] = [];
  sets: (readonly number[] | undefined)[] = [];

  emit(op: Op, out1 = -1, out2 = -1, set?: readonly number[]): number {
    if (this.ops.length >= MAX_INSTRUCTIONS) throw new TooLarge();
    this.ops.push(op);
    this.out1.push(out1);
    this.out2.push(out2);
    this.sets.push(set);
    return this.ops.length - 1;
  }

  /** Compiles `node` so that it continues at `next`; returns its entry. Built back to front. */
  compile(node: RegexNode, next: number): number {
    switch (node.t) {
      case 'empty':
        return next;
      case 'set':
        return this.emit(Op.Char, next, -1, node.ranges);
      case 'bol':
        return this.emit(Op.Bol, next);
      case 'eol':
        return this.emit(Op.Eol, next);
      case 'cat': {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i];
          if (item) entry = this.compile(item, entry);
        }
        return entry;
      }
      case 'alt': {
        let entry = -1;
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i];
          if (!item) continue;
          const branch = this.compile(item, next);
          entry = entry < 0 ? branch : this.emit(Op.Split, branch, entry);
        }
        return entry < 0 ? next : entry;
      }
      case 'rep':
        return this.compileRepeat(node.item, node.min, node.max, next);
    }
  }

  /** `x{min,max}` as min copies then (max - min) nested optional copies, or a loop when unbounded. */
  private compileRepeat(item: RegexNode, min: number, max: number, next: number): number {
    let entry = next;
    if (max < 0) {
      const loop = this.emit(Op.Split, -1, next);
      this.out1[loop] = this.compile(item, loop);
      entry = loop;
    } else {
      for (let i = min; i < max; i++) entry = this.emit(Op.Split, this.compile(item, entry), next);
    }
    for (let i = 0; i < min; i++) entry = this.compile(item, entry);
    return entry;
  }
}

class TooLarge extends Error {}

function buildProgram(node: RegexNode): Program | undefined {
  const builder = new ProgramBuilder();
  try {
    const match = builder.emit(Op.Match);
    const start = builder.compile(node, match);
    return {
      ops: Uint8Array.from(builder.ops),
      out1: Int32Array.from(builder.out1),
      out2: Int32Array.from(builder.out2),
      sets: builder.sets,
      start,
    };
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
}

function inSet(ranges: readonly number[], code: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (code < (ranges[2 * mid] ?? 0)) hi = mid - 1;
    else if (code > (ranges[2 * mid + 1] ?? 0)) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Simulates the NFA over the whole text (Pike's VM without captures): O(text length x program size). */
function run(program: Program, text: string): boolean {
  const size = program.ops.length;
  const marks = new Int32Array(size).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  const stack: number[] = [];
  let generation = 0;

  const addThread = (list: number[], pc: number, atBol: boolean, atEol: boolean): void => {
    stack.push(pc);
    while (stack.length > 0) {
      const at = stack.pop() ?? 0;
      if (marks[at] === generation) continue;
      marks[at] = generation;
      const op = program.ops[at];
      if (op === Op.Split) stack.push(program.out2[at] ?? 0, program.out1[at] ?? 0);
      else if (op === Op.Bol) {
        if (atBol) stack.push(program.out1[at] ?? 0);
      } else if (op === Op.Eol) {
        if (atEol) stack.push(program.out1[at] ?? 0);
      } else list.push(at);
    }
  };

  addThread(current, program.start, true, text.length === 0 || text.charCodeAt(0) === 0x0a);
  let i = 0;
  while (i < text.length) {
    if (current.length === 0) return false;
    const code = text.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const after = i + width;
    const atBol = code === 0x0a;
    const atEol = after >= text.length || text.charCodeAt(after) === 0x0a;
    generation++;
    next.length = 0;
    for (const pc of current) {
      if (program.ops[pc] === Op.Char && inSet(program.sets[pc] ?? [], code)) {
        addThread(next, program.out1[pc] ?? 0, atBol, atEol);
      }
    }
    [current, next] = [next, current];
    i = after;
  }
  return current.some((pc) => program.ops[pc] === Op.Match);
}
