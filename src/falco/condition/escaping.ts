/**
 * String escaping as libs does it (`libsinsp/filter/escaping.cpp`): the parser unescapes quoted strings, and the
 * canonical printer re-quotes any value that holds a blank, a quote or a backslash.
 */

/** The outcome of unescaping: the text, or libs' message for a bad escape sequence. */
export type Unescaped =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

/**
 * Unescapes a quoted token including its delimiters. `\ ` yields a backslash (libs keeps this for old rules that
 * escaped a blank), `\x` is rejected like every other unknown sequence (libs has a todo for hex escapes).
 */
export function unescapeQuoted(token: string): Unescaped {
  const delimiter = token[0];
  const end = token.length - 1;
  if (token.indexOf('\\', 1) === -1) return { ok: true, value: token.slice(1, end) };
  let value = '';
  let escaped = false;
  for (let i = 1; i < end; i++) {
    const c = token[i] ?? '';
    if (!escaped) {
      if (c === '\\') escaped = true;
      else value += c;
      continue;
    }
    escaped = false;
    switch (c) {
      case 'b':
        value += '\b';
        break;
      case 'f':
        value += '\f';
        break;
      case 'n':
        value += '\n';
        break;
      case 'r':
        value += '\r';
        break;
      case 't':
        value += '\t';
        break;
      case ' ':
      case '\\':
        value += '\\';
        break;
      case '/':
        value += '/';
        break;
      case '"':
        if (delimiter !== '"') return { ok: false, message: `invalid \\" escape in '-quoted string` };
        value += '"';
        break;
      case "'":
        if (delimiter !== "'") return { ok: false, message: `invalid \\' escape in "-quoted string` };
        value += "'";
        break;
      default:
        return { ok: false, message: `unsupported string escape sequence: \\${c}` };
    }
  }
  return { ok: true, value };
}

const NEEDS_QUOTES = /[\b\f\n\r\t \\"']/;

/** libs' `escape_str`: the value bare, or double-quoted with C escapes when it holds a blank, quote or backslash. */
export function escapeValue(value: string): string {
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${escapeInQuotes(value)}"`;
}

/** Escapes for the inside of a double-quoted string; single quotes stay as they are. */
export function escapeInQuotes(value: string): string {
  let out = '';
  for (const c of value) {
    switch (c) {
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      default:
        out += c;
    }
  }
  return out;
}
