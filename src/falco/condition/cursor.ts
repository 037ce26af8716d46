/**
 * The lexical layer of the condition parser: libs' `lex_*` helpers, hand-written over char codes instead of RE2
 * regexes. Each successful lex (except blanks) sets `lastToken`, which libs quotes in "unexpected token after 'X'",
 * and `lastEnd`, the end of the last consumed token, which closes node spans.
 */
import { unescapeQuoted } from './escaping.js';
import { ParseFailure } from './syntax-error.js';

const SPACE = 32;
const TAB = 9;
const BACKSPACE = 8;
const LF = 10;
const CR = 13;
const DQUOTE = 34;
const SQUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const EQUALS = 61;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const UNDERSCORE = 95;

/** libs' lex_blank set: note that it has `\b` but not `\v`/`\f`. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || c === BACKSPACE;
}

/** POSIX [[:space:]], used by libs' regexes. */
function isPosixSpace(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CR);
}

function isLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 97 && lower <= 122;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  const lower = c | 0x20;
  return isDigit(c) || (lower >= 97 && lower <= 102);
}

function isIdentifierChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === UNDERSCORE;
}

/** BareStr ::= [^()"'[:space:]=,]+ */
function isBareChar(c: number): boolean {
  return (
    c === c && // NaN at end of input
    c !== LPAREN &&
    c !== RPAREN &&
    c !== DQUOTE &&
    c !== SQUOTE &&
    c !== EQUALS &&
    c !== COMMA &&
    !isPosixSpace(c)
  );
}

/** FieldArgBareStr ::= [^][\"'[:space:]]+ */
function isFieldArgBareChar(c: number): boolean {
  return c === c && c !== LBRACKET && c !== RBRACKET && c !== DQUOTE && c !== SQUOTE && !isPosixSpace(c);
}

export class Cursor {
  pos = 0;
  lastToken = '';
  lastEnd = 0;

  constructor(readonly input: string) {}

  fail(message: string): never {
    throw new ParseFailure(message, this.pos);
  }

  code(offset = 0): number {
    return this.input.charCodeAt(this.pos + offset);
  }

  private take(end: number): true {
    this.lastToken = this.input.slice(this.pos, end);
    this.pos = end;
    this.lastEnd = end;
    return true;
  }

  /** Skips blanks; true when there was at least one. Leaves lastToken alone, as libs does. */
  lexBlank(): boolean {
    const start = this.pos;
    while (isBlank(this.input.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  lexStr(text: string): boolean {
    if (!this.input.startsWith(text, this.pos)) return false;
    this.lastToken = text;
    this.pos += text.length;
    this.lastEnd = this.pos;
    return true;
  }

  /** A word operator needs a blank after it; without one the cursor stays put (libs 0.25 behaviour). */
  lexOperator(text: string, needsBlank: boolean): boolean {
    if (!this.input.startsWith(text, this.pos)) return false;
    const start = this.pos;
    this.pos += text.length;
    if (needsBlank && !this.lexBlank()) {
      this.pos = start;
      return false;
    }
    this.lastToken = text;
    this.lastEnd = start + text.length;
    return true;
  }

  /** Identifier ::= [a-zA-Z]+[a-zA-Z0-9_]* */
  lexIdentifier(): boolean {
    if (!isLetter(this.code())) return false;
    let end = this.pos + 1;
    while (isIdentifierChar(this.input.charCodeAt(end))) end++;
    return this.take(end);
  }

  /** FieldName ::= Identifier ('.' Identifier)+ */
  lexFieldName(): boolean {
    const { input } = this;
    if (!isLetter(this.code())) return false;
    let end = this.pos + 1;
    while (isIdentifierChar(input.charCodeAt(end))) end++;
    let segments = 0;
    while (input.charCodeAt(end) === DOT && isLetter(input.charCodeAt(end + 1))) {
      end += 2;
      while (isIdentifierChar(input.charCodeAt(end))) end++;
      segments++;
    }
    return segments > 0 && this.take(end);
  }

  /** HexNumber ::= 0[xX][0-9a-fA-F]+ */
  lexHexNum(): boolean {
    if (this.code() !== 48 || (this.code(1) | 0x20) !== 120 || !isHexDigit(this.code(2))) return false;
    let end = this.pos + 3;
    while (isHexDigit(this.input.charCodeAt(end))) end++;
    return this.take(end);
  }

  /** Number ::= [+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)? */
  lexNum(): boolean {
    const { input } = this;
    let end = this.pos;
    let c = input.charCodeAt(end);
    if (c === PLUS || c === MINUS) c = input.charCodeAt(++end);
    if (!isDigit(c)) return false;
    while (isDigit(input.charCodeAt(end))) end++;
    if (input.charCodeAt(end) === DOT) end++;
    while (isDigit(input.charCodeAt(end))) end++;
    const e = input.charCodeAt(end) | 0x20;
    const sign = input.charCodeAt(end + 1);
    if (e === 101 && (sign === PLUS || sign === MINUS) && isDigit(input.charCodeAt(end + 2))) {
      end += 3;
      while (isDigit(input.charCodeAt(end))) end++;
    }
    return this.take(end);
  }

  /**
   * QuotedStr: a quote closes the string unless the character before it is a backslash, even an escaped one
   * (libs' rule, so `"a\\"` does not end there). An unterminated string lexes nothing; a bad escape fails at the
   * end of the token.
   */
  lexQuoted(): boolean {
    const delimiter = this.code();
    if (delimiter !== DQUOTE && delimiter !== SQUOTE) return false;
    const { input } = this;
    const quote = delimiter === DQUOTE ? '"' : "'";
    let close = input.indexOf(quote, this.pos + 1);
    while (close !== -1 && input.charCodeAt(close - 1) === BACKSLASH) close = input.indexOf(quote, close + 1);
    if (close === -1) return false;
    const token = input.slice(this.pos, close + 1);
    this.pos = close + 1;
    this.lastEnd = this.pos;
    const unescaped = unescapeQuoted(token);
    if (!unescaped.ok) this.fail(unescaped.message);
    this.lastToken = unescaped.value;
    return true;
  }

  /** BareStr ::= [^()"'[:space:]=,]+ */
  lexBareStr(): boolean {
    let end = this.pos;
    while (isBareChar(this.input.charCodeAt(end))) end++;
    return end > this.pos && this.take(end);
  }

  /** FieldArgBareStr ::= [^][\"'[:space:]]+ */
  lexFieldArgBareStr(): boolean {
    let end = this.pos;
    while (isFieldArgBareChar(this.input.charCodeAt(end))) end++;
    return end > this.pos && this.take(end);
  }

  /** `not` followed by at least one [[:space:]] (libs' RGX_NOTBLANK). */
  lexNotBlank(): boolean {
    if (!this.input.startsWith('not', this.pos) || !isPosixSpace(this.code(3))) return false;
    let end = this.pos + 4;
    while (isPosixSpace(this.input.charCodeAt(end))) end++;
    this.lastToken = this.input.slice(this.pos, end);
    this.lastEnd = this.pos + 3;
    this.pos = end;
    return true;
  }

  /** The identifier at the cursor, without consuming it ('' when there is none). */
  peekIdentifier(offset: number): string {
    const start = this.pos + offset;
    if (!isLetter(this.input.charCodeAt(start))) return '';
    let end = start + 1;
    while (isIdentifierChar(this.input.charCodeAt(end))) end++;
    return this.input.slice(start, end);
  }

  /** The number of blanks at `offset` from the cursor. */
  blanksAt(offset: number): number {
    let end = this.pos + offset;
    while (isBlank(this.input.charCodeAt(end))) end++;
    return end - this.pos - offset;
  }
}
