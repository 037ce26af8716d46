import { err, ok, type Result } from '../../result.js';
import { isAscii, utf8Bytes } from './bytes.js';

/**
 * `glob` and `iglob`: libs calls `fnmatch(pattern, value, 0)` (`FNM_CASEFOLD` for iglob) through
 * `sinsp_utils::glob_match`, and Falco runs in the C locale. So this is glibc's fnmatch over bytes with no flags:
 * `*` and `?` also match `/` and a leading `.`; `[...]` takes `!` or `^` for negation, ranges, `[:class:]`,
 * `[=c=]`; `\` escapes; a `[` with no closing `]` is a literal `[`; a pattern ending in `\` matches nothing.
 * Case folding is ASCII only. Collating symbols (`[.x.]`) are reported as unsupported rather than guessed.
 *
 * Matching is the linear "backtrack to the last star" walk: every token but `*` consumes exactly one byte, so it is
 * exact and cannot blow up on hostile input.
 */
export type GlobMatcher = (text: string) => boolean;

const STAR = -1;
const ANY = -2;
/** Tokens below this index a bracket table: token = CLASS_BASE - tableIndex. */
const CLASS_BASE = -3;

const POSIX_CLASSES: Readonly<Record<string, (byte: number) => boolean>> = {
  alnum: (b) => isDigit(b) || isUpper(b) || isLower(b),
  alpha: (b) => isUpper(b) || isLower(b),
  blank: (b) => b === 0x20 || b === 0x09,
  cntrl: (b) => b < 0x20 || b === 0x7f,
  digit: isDigit,
  graph: (b) => b > 0x20 && b < 0x7f,
  lower: isLower,
  print: (b) => b >= 0x20 && b < 0x7f,
  punct: (b) => b > 0x20 && b < 0x7f && !isDigit(b) && !isUpper(b) && !isLower(b),
  space: (b) => b === 0x20 || (b >= 0x09 && b <= 0x0d),
  upper: isUpper,
  xdigit: (b) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66),
};

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}
function isUpper(b: number): boolean {
  return b >= 0x41 && b <= 0x5a;
}
function isLower(b: number): boolean {
  return b >= 0x61 && b <= 0x7a;
}
function fold(b: number): number {
  return isUpper(b) ? b + 0x20 : b;
}

const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

interface Compiled {
  readonly tokens: Int32Array;
  readonly tables: readonly Uint8Array[];
}

/** Compiles a glob. The error is a message for patterns this module does not model (collating symbols). */
export function compileGlob(pattern: string, caseInsensitive: boolean): Result<GlobMatcher, string> {
  const parsed = parsePattern(utf8Bytes(pattern), caseInsensitive);
  if (!parsed.ok) return parsed;
  const { tokens, tables } = parsed.value;
  return ok((text: string) => matchTokens(tokens, tables, text, caseInsensitive));
}

function parsePattern(p: Uint8Array, caseInsensitive: boolean): Result<Compiled, string> {
  const f = caseInsensitive ? fold : (b: number) => b;
  const tokens: number[] = [];
  const tables: Uint8Array[] = [];
  const never = (): void => {
    tables.push(new Uint8Array(256));
    tokens.push(CLASS_BASE - (tables.length - 1));
  };
  let i = 0;
  while (i < p.length) {
    const c = p[i] ?? 0;
    if (c === 0x2a) {
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
      i++;
    } else if (c === 0x3f) {
      tokens.push(ANY);
      i++;
    } else if (c === BACKSLASH) {
      const next = p[i + 1];
      if (next === undefined) {
        never(); // glibc: "Trailing \ loses."
        i++;
      } else {
        tokens.push(f(next));
        i += 2;
      }
    } else if (c === OPEN) {
      const bracket = parseBracket(p, i + 1, f);
      if (bracket.kind === 'unsupported') return err(bracket.message);
      if (bracket.kind === 'literal') {
        tokens.push(OPEN);
        i++;
      } else {
        tables.push(bracket.table);
        tokens.push(CLASS_BASE - (tables.length - 1));
        i = bracket.end;
      }
    } else {
      tokens.push(f(c));
      i++;
    }
  }
  return ok({ tokens: Int32Array.from(tokens), tables });
}

type Bracket =
  | { readonly kind: 'table'; readonly table: Uint8Array; readonly end: number }
  | { readonly kind: 'literal' }
  | { readonly kind: 'unsupported'; readonly message: string };

/**
 * Parses `[...]` starting after the `[`, following glibc's fnmatch_loop.c. The result is a 256-entry membership table
 * over raw bytes (literals and ranges compare folded bytes; classes and `[=c=]` raw ones, as glibc does).
 */
function parseBracket(p: Uint8Array, start: number, f: (b: number) => number): Bracket {
  const members = new Uint8Array(256);
  const addIf = (test: (byte: number) => boolean): void => {
    for (let b = 0; b < 256; b++) if (test(b)) members[b] = 1;
  };
  let i = start;
  const negated = p[i] === 0x21 || p[i] === 0x5e;
  if (negated) i++;
  let first = true;
  let broken = false; // glibc answers FNM_NOMATCH when it reaches this element
  for (;;) {
    if (i >= p.length) {
      if (broken) break;
      return { kind: 'literal' };
    }
    const c = p[i] ?? 0;
    if (c === CLOSE && !first) {
      i++;
      break;
    }
    first = false;
    if (c === BACKSLASH) {
      const escaped = p[i + 1];
      if (escaped === undefined) {
        broken = true;
        i++;
        continue;
      }
      i = addSingleOrRange(p, i + 2, f(escaped), f, addIf, () => (broken = true));
      continue;
    }
    if (c === OPEN && p[i + 1] === 0x3a) {
      const name = readDelimited(p, i + 2, 0x3a);
      if (name !== undefined && /^[a-y]*$/.test(name.text)) {
        const test = POSIX_CLASSES[name.text];
        if (test) addIf(test);
        else broken = true; // glibc: invalid class name, FNM_NOMATCH
        i = name.end;
        continue;
      }
    } else if (c === OPEN && p[i + 1] === 0x3d) {
      const equivalent = p[i + 2];
      if (equivalent !== undefined && p[i + 3] === 0x3d && p[i + 4] === CLOSE) {
        members[equivalent] = 1;
        i += 5;
        continue;
      }
    } else if (c === OPEN && p[i + 1] === 0x2e) {
      return { kind: 'unsupported', message: 'collating symbols ([.x.]) in glob patterns are not supported' };
    }
    i = addSingleOrRange(p, i + 1, f(c), f, addIf, () => (broken = true));
  }
  if (broken) return { kind: 'table', table: new Uint8Array(256), end: i };
  if (negated) for (let b = 0; b < 256; b++) members[b] = members[b] ? 0 : 1;
  return { kind: 'table', table: members, end: i };
}

/** Adds `low` or the range `low-high` that may follow it; returns the index after what it consumed. */
function addSingleOrRange(
  p: Uint8Array,
  i: number,
  low: number,
  f: (b: number) => number,
  addIf: (test: (byte: number) => boolean) => void,
  markBroken: () => void,
): number {
  if (p[i] === 0x2d && p[i + 1] !== CLOSE && i + 1 < p.length) {
    let high = p[i + 1] ?? 0;
    let next = i + 2;
    if (high === BACKSLASH) {
      const escaped = p[i + 2];
      if (escaped === undefined) {
        markBroken();
        return p.length;
      }
      high = escaped;
      next = i + 3;
    }
    const top = f(high);
    addIf((b) => low <= f(b) && f(b) <= top);
    return next;
  }
  if (p[i] === 0x2d && i + 1 >= p.length) {
    // "[a-" : glibc reads the range end as NUL and fails.
    markBroken();
    return p.length;
  }
  addIf((b) => f(b) === low);
  return i;
}

function readDelimited(
  p: Uint8Array,
  start: number,
  delimiter: number,
): { text: string; end: number } | undefined {
  for (let j = start; j + 1 < p.length; j++) {
    if (p[j] === delimiter && p[j + 1] === CLOSE) {
      return { text: String.fromCharCode(...p.subarray(start, j)), end: j + 2 };
    }
  }
  return undefined;
}

function matchTokens(
  tokens: Int32Array,
  tables: readonly Uint8Array[],
  text: string,
  caseInsensitive: boolean,
): boolean {
  const bytes = isAscii(text) ? undefined : utf8Bytes(text);
  const length = bytes ? bytes.length : text.length;
  let ti = 0;
  let si = 0;
  let starToken = -1;
  let starText = 0;
  while (si < length) {
    const token = ti < tokens.length ? (tokens[ti] ?? 0) : 0;
    if (ti < tokens.length && token === STAR) {
      starToken = ti++;
      starText = si;
      continue;
    }
    if (ti < tokens.length) {
      const raw = bytes ? (bytes[si] ?? 0) : text.charCodeAt(si);
      let matched: boolean;
      if (token >= 0) matched = (caseInsensitive ? fold(raw) : raw) === token;
      else if (token === ANY) matched = true;
      else matched = tables[CLASS_BASE - token]?.[raw] === 1;
      if (matched) {
        ti++;
        si++;
        continue;
      }
    }
    if (starToken < 0) return false;
    ti = starToken + 1;
    si = ++starText;
  }
  while (ti < tokens.length && tokens[ti] === STAR) ti++;
  return ti === tokens.length;
}
