/**
 * Aligning a rendered alert with its output template: which part of the text each field token printed.
 *
 * Falco does not quote values, so a value may contain spaces, `=` or even the next label; the alignment is a search.
 * A value ends at an occurrence of the literal that follows its token, tried in this order:
 * - when that literal holds no whitespace (`:` in `%container.image.repository:%container.image.tag`, a closing `)`),
 *   the occurrences within the current run of non-blank text, rightmost first (a registry port `host:5000/img:tag`
 *   belongs to the repository), then the later ones;
 * - otherwise the earliest occurrence first (`command=cat /etc/shadow file=...` ends the command at ` file=`).
 * A choice that leaves the rest of the template unmatched is undone. Failed (token, offset) states are remembered, so
 * the search is linear in practice and bounded by a step budget against hostile input. Per-token constraints (a numeric
 * field prints digits or `<NA>`) prune alignments that cannot be right.
 *
 * `flexible` lets a run of whitespace in a literal match any run of whitespace (a template folded over lines, a line
 * re-wrapped by a log collector); exact matching is tried first because it keeps values' own trailing blanks.
 */
import type { TemplateToken } from './output-template.js';

export interface AlignOptions {
  /** `end`: the template must cover the text exactly; `appended`: it may be followed by blank-separated text. */
  readonly rest: 'end' | 'appended';
  readonly flexible: boolean;
  /** Per token index: whether a value is acceptable for that token. */
  readonly accepts?: (tokenIndex: number, value: string) => boolean;
  /** Upper bound on search steps (default 20,000). */
  readonly maxSteps?: number;
}

/** Per token: `[start, end)` of its value in the text (literals too), and where the template ended. */
export interface Alignment {
  readonly spans: readonly (readonly [number, number])[];
  readonly end: number;
}

interface LiteralMatcher {
  /** End offset of a match at `pos`, or -1. */
  readonly at: (text: string, pos: number) => number;
  /** Start offsets of matches at or after `from`, in order. */
  readonly after: (text: string, from: number) => Iterable<number>;
  readonly blank: boolean;
}

const matcherCache = new Map<string, LiteralMatcher>();

function literalMatcher(literal: string, flexible: boolean): LiteralMatcher {
  const cacheKey = `${flexible ? 'f' : 'x'}${literal}`;
  const cached = matcherCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const blank = /\s/.test(literal);
  let matcher: LiteralMatcher;
  if (!flexible || !blank) {
    matcher = {
      blank,
      at: (text, pos) => (text.startsWith(literal, pos) ? pos + literal.length : -1),
      after: function* (text, from) {
        for (let at = text.indexOf(literal, from); at >= 0; at = text.indexOf(literal, at + 1)) yield at;
      },
    };
  } else {
    const source = literal
      .split(/\s+/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    const sticky = new RegExp(source, 'y');
    const global = new RegExp(source, 'g');
    matcher = {
      blank,
      at: (text, pos) => {
        sticky.lastIndex = pos;
        return sticky.test(text) ? sticky.lastIndex : -1;
      },
      after: function* (text, from) {
        for (let at = from; at <= text.length;) {
          global.lastIndex = at;
          const found = global.exec(text);
          if (found === null) return;
          yield found.index;
          at = found.index + 1;
        }
      },
    };
  }
  if (matcherCache.size > 10_000) matcherCache.clear();
  matcherCache.set(cacheKey, matcher);
  return matcher;
}

/** Aligns `tokens` with `text`; undefined when they cannot be aligned (within the step budget). */
export function alignTemplate(
  tokens: readonly TemplateToken[],
  text: string,
  options: AlignOptions,
): Alignment | undefined {
  const n = text.length;
  const matchers = tokens.map((token) =>
    token.kind === 'literal' ? literalMatcher(token.text, options.flexible) : undefined,
  );
  const spans: [number, number][] = tokens.map(() => [0, 0]);
  const failed = new Set<number>();
  let steps = options.maxSteps ?? 20_000;
  const accepts = options.accepts ?? (() => true);
  let end = -1;

  const restOk = (pos: number): boolean =>
    pos === n || (options.rest === 'appended' && /\s/.test(text[pos] as string));

  const solve = (index: number, pos: number): boolean => {
    if (--steps < 0) return false;
    if (index === tokens.length) {
      if (!restOk(pos)) return false;
      end = pos;
      return true;
    }
    const state = index * (n + 1) + pos;
    if (failed.has(state)) return false;
    const matcher = matchers[index];
    if (matcher !== undefined) {
      const after = matcher.at(text, pos);
      if (after >= 0 && solve(index + 1, after)) {
        spans[index] = [pos, after];
        return true;
      }
    } else if (solveValue(index, pos)) return true;
    failed.add(state);
    return false;
  };

  const tryValue = (index: number, pos: number, valueEnd: number, next: number): boolean => {
    if (!accepts(index, text.slice(pos, valueEnd)) || !solve(next, valueEnd)) return false;
    spans[index] = [pos, valueEnd];
    return true;
  };

  const solveValue = (index: number, pos: number): boolean => {
    const nextMatcher = matchers[index + 1];
    if (index + 1 === tokens.length) {
      // The last token takes everything up to the end, or up to the first blank before appended text.
      if (tryValue(index, pos, n, index + 1)) return true;
      if (options.rest !== 'appended') return false;
      for (let at = pos; at < n; at += 1)
        if (/\s/.test(text[at] as string) && tryValue(index, pos, at, index + 1)) return true;
      return false;
    }
    if (nextMatcher === undefined) {
      for (let at = pos; at <= n; at += 1) if (tryValue(index, pos, at, index + 1)) return true;
      return false;
    }
    for (const at of candidateEnds(nextMatcher, text, pos)) {
      if (steps < 0) return false;
      if (tryValue(index, pos, at, index + 1)) return true;
    }
    return false;
  };

  return solve(0, 0) ? { spans, end } : undefined;
}

/** Where a value starting at `pos` may end: occurrences of the next literal, in the order described above. */
function* candidateEnds(matcher: LiteralMatcher, text: string, pos: number): Iterable<number> {
  if (matcher.blank) {
    yield* matcher.after(text, pos);
    return;
  }
  let runEnd = pos;
  while (runEnd < text.length && !/\s/.test(text[runEnd] as string)) runEnd += 1;
  const inRun: number[] = [];
  for (const at of matcher.after(text, pos)) {
    if (at >= runEnd) break;
    inRun.push(at);
  }
  for (let i = inRun.length - 1; i >= 0; i -= 1) yield inRun[i] as number;
  yield* matcher.after(text, runEnd);
}

/**
 * The same alignment read from the end of the text backwards (values take the shortest text before the next label
 * from the right). A value that contains a later label (`command=sh -c '… file=/x parent=y'`) confuses the forward
 * reading and not this one; a later value that contains an earlier label confuses this one and not the forward
 * reading. The caller keeps the reading whose values hold fewer of the template's labels. Only for templates that
 * must cover the whole text (`rest: 'end'`).
 */
export function alignTemplateBackwards(
  tokens: readonly TemplateToken[],
  text: string,
  options: AlignOptions,
): Alignment | undefined {
  const last = tokens.length - 1;
  const reversed = tokens
    .map((token): TemplateToken =>
      token.kind === 'literal' ? { kind: 'literal', text: reverse(token.text) } : token,
    )
    .reverse();
  const accepts = options.accepts;
  const aligned = alignTemplate(reversed, reverse(text), {
    ...options,
    rest: 'end',
    ...(accepts === undefined ? {} : { accepts: (index, value) => accepts(last - index, reverse(value)) }),
  });
  if (aligned === undefined) return undefined;
  const n = text.length;
  const spans = aligned.spans.map(([start, end]) => [n - end, n - start] as const).reverse();
  return { spans, end: n };
}

function reverse(text: string): string {
  let out = '';
  for (let index = text.length - 1; index >= 0; index -= 1) out += text[index];
  return out;
}
