/**
 * Untrusted text in GitHub Markdown: every value that comes from an alert (any process on a monitored host controls
 * its command line, file names, …) or from a person (justifications, user names) reaches a pull request, a comment,
 * a title or a generated file through these functions, and nowhere can it add structure: no closed fence, heading,
 * list, table cell, link, image, raw HTML or comment, no @mention or #123 reference, no autolink.
 *
 * What GitHub does, and so what each rule is for (cmark-gfm, then GitHub's filters on the rendered HTML):
 * - Markdown constructs are inert when their punctuation is backslash-escaped (CommonMark 2.4); `&` too, or an
 *   entity such as `&#64;` would decode into the character it hides.
 * - @mentions, #123 / owner/repo#123 / GH-123 references and e-mail autolinks are found in the decoded text of every
 *   element but code and links, so escaping cannot stop them; a zero-width space (entity `&#8203;`, as Renovate
 *   writes it) after `@`, after `#` and after `GH-` does. Inside code they are inert already.
 * - `https://` and `www.` autolinks: cmark-gfm finds them in the source, micromark in the decoded text; a zero-width
 *   space inside `://` and before the dot of `www.` stops both.
 * - `$…$` is math on GitHub: `$` is escaped.
 * - Code spans and fences end at a backtick run of their own length: each fence is one backtick longer than the
 *   longest run in the value (at least three for a block), and a span is padded with a space when the value starts
 *   or ends with a backtick, or with a space at both ends (CommonMark strips one such pair).
 * - Table cells: a cell never holds a code span. GitHub's cell scanner keeps a pipe preceded by any backslash in the
 *   cell, micromark and marked count the backslashes, so `\|` inside a code span splits the cell in one and not the
 *   other; `<code>` around escaped text renders the same everywhere.
 * - Line endings would start new blocks: they are shown as ⏎ on one line, or (in a quote) become hard breaks, with
 *   each line's block markers (`-`, `+`, `#`, `=`, `1.`) escaped.
 * - Controls and invisible format characters (bidi overrides, zero-width spaces, tag characters) can make evidence
 *   read differently from what it is: they are shown as `<U+202E>`.
 *
 * Lengths are bounded in output characters; a cut keeps whole escapes, whole characters and closed fences, and is
 * marked with an ellipsis (a code block says how much was cut).
 */

const ELLIPSIS = '…';
const NEWLINE_MARK = '⏎';
/** The zero-width space as an entity: visible in the source, decoded by GitHub. */
const ZWSP = '&#8203;';
/** Markdown punctuation outside code, escaped with a backslash (ASCII punctuation may always be escaped). */
const ESCAPED = new Set(['\\', '`', '*', '_', '~', '[', ']', '(', ')', '<', '>', '!', '|', '&', '$']);
/** Characters a reader cannot see or that reorder what they see. Tab, LF and CR are handled where they occur. */
const HIDDEN = /^[\p{Cc}\p{Cf}\u2028\u2029]$/u;

function hidden(char: string): boolean {
  return char !== '\t' && char !== '\n' && HIDDEN.test(char);
}

function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The value's characters (code points), line endings as `\n`. Each renders as at least one output character, so
 * under a bound of `max` only the first `max` of them (and two more, which decide how the last ones render) can
 * show: a longer value is read only that far.
 */
function characters(value: string, max = Number.POSITIVE_INFINITY): string[] {
  const head = value.length > 2 * max + 8 ? value.slice(0, 2 * max + 8) : value;
  return Array.from(head.replace(/\r\n?/g, '\n'));
}

/** One rendered piece per character, so a cut never splits an escape. */
function textPieces(chars: readonly string[]): string[] {
  const at = (index: number) => chars[index] ?? '';
  return chars.map((char, index) => {
    if (char === '\n') return NEWLINE_MARK;
    if (hidden(char)) return `\\<${codePointName(char)}\\>`;
    if (ESCAPED.has(char)) return `\\${char}`;
    switch (char) {
      case '@':
      case '#':
        return `${char}${ZWSP}`;
      case ':':
        return at(index + 1) === '/' && at(index + 2) === '/' ? `:${ZWSP}` : ':';
      case '.':
        return (at(index - 3) + at(index - 2) + at(index - 1)).toLowerCase() === 'www' ? `${ZWSP}.` : '.';
      case '-':
        return /^gh$/i.test(at(index - 2) + at(index - 1)) ? `-${ZWSP}` : '-';
      default:
        return char;
    }
  });
}

/** Joins whole pieces up to `max` characters; what does not fit is replaced by an ellipsis. */
function bounded(pieces: readonly string[], max: number): string {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  if (length <= max) return pieces.join('');
  let out = '';
  for (const piece of pieces) {
    if (out.length + piece.length > max - ELLIPSIS.length) break;
    out += piece;
  }
  return out + ELLIPSIS;
}

/** Untrusted text in running prose or a table cell: one line, nothing in it is Markdown or a GitHub reference. */
export function text(value: string, max = Number.POSITIVE_INFINITY): string {
  return bounded(textPieces(characters(value, max)), max);
}

/** Code content: hidden characters named, line endings kept for blocks or marked for spans. */
function codePieces(chars: readonly string[], lineEndings: 'keep' | 'mark'): string[] {
  return chars.map((char) => {
    if (char === '\n') return lineEndings === 'keep' ? char : NEWLINE_MARK;
    return hidden(char) ? `<${codePointName(char)}>` : char;
  });
}

function longestRun(content: string, of: string): number {
  let longest = 0;
  let run = 0;
  for (const char of content) {
    run = char === of ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

function span(content: string): string {
  // An empty span cannot be written; a single space shows an empty value as an empty box.
  if (content === '') return '` `';
  const fence = '`'.repeat(longestRun(content, '`') + 1);
  const stripped = content.startsWith(' ') && content.endsWith(' ') && !/^ +$/.test(content);
  const pad = content.startsWith('`') || content.endsWith('`') || stripped ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** The largest `keep` in 0..`count` that `fits` (0 when none does), by bisection: lengths grow with `keep`. */
function largestFitting(count: number, fits: (keep: number) => boolean): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Fits `render(content)` into `max` by cutting pieces off the end, marked with an ellipsis inside the code. The
 * fences grow with the content, so the length is measured after rendering.
 */
function fitted(pieces: readonly string[], max: number, render: (content: string) => string): string {
  const whole = render(pieces.join(''));
  if (whole.length <= max) return whole;
  const cut = (keep: number) => render(pieces.slice(0, keep).join('') + ELLIPSIS);
  return cut(largestFitting(pieces.length - 1, (keep) => cut(keep).length <= max));
}

/** An inline code span holding exactly the value (line endings shown as ⏎). */
export function code(value: string, max = Number.POSITIVE_INFINITY): string {
  return fitted(codePieces(characters(value, max), 'mark'), max, span);
}

/** A table cell in monospace (see the header for why not a code span). */
export function codeCell(value: string, max = Number.POSITIVE_INFINITY): string {
  const open = '<code>';
  const close = '</code>';
  return `${open}${text(value, max - open.length - close.length)}${close}`;
}

/**
 * A fenced code block holding the value line for line, optionally highlighted as `info`. A value longer than `max`
 * is cut at a character and the block is followed by a line that says how much is missing.
 */
export function codeBlock(
  value: string,
  options: { readonly info?: 'diff' | 'sh' | 'yaml'; readonly max?: number } = {},
): string {
  const info = options.info ?? '';
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const pieces = codePieces(characters(value, max), 'keep');
  const block = (content: string) => {
    const fence = '`'.repeat(Math.max(3, longestRun(content, '`') + 1));
    return `${fence}${info}\n${content}${content === '' || content.endsWith('\n') ? '' : '\n'}${fence}`;
  };
  const whole = block(pieces.join(''));
  if (whole.length <= max) return whole;
  const note = (missing: number) => `\n\n_… ${missing} more characters cut._`;
  const room = max - note(value.length).length;
  const keep = largestFitting(
    pieces.length - 1,
    (count) => block(pieces.slice(0, count).join('')).length <= room,
  );
  return `${block(pieces.slice(0, keep).join(''))}${note(characters(value).length - keep)}`;
}

/** Whether a line's start would be a block marker: list item, heading, setext underline, ordered list. */
const BLOCK_START = /^([-+#=]|\d{1,9}[.)])/;

/**
 * Multi-line prose (a justification) as a blockquote: each line escaped, lines joined by hard breaks, blank lines
 * kept as paragraph breaks, indentation dropped (four spaces would start a code block).
 */
export function quote(value: string, max = Number.POSITIVE_INFINITY): string {
  const lines = value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim());
  while (lines[0] === '') lines.shift();
  while (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) return '> _(none given)_';
  const pieces: string[] = ['> '];
  let length = 0;
  let previousBlank = false;
  for (const line of lines) {
    // Past the bound, the rest cannot show.
    if (length > max) break;
    if (line === '') {
      previousBlank = true;
      continue;
    }
    if (pieces.length > 1) pieces.push(previousBlank ? '\n>\n> ' : '\\\n> ');
    previousBlank = false;
    const linePieces = textPieces(characters(line, max));
    const marker = BLOCK_START.exec(line)?.[0];
    // The marker's last character is escaped: `\-`, `\#`, `1\.`.
    if (marker !== undefined) {
      const last = marker.length - 1;
      const piece = linePieces[last] ?? '';
      if (!piece.startsWith('\\')) linePieces[last] = `\\${piece}`;
    }
    pieces.push(...linePieces);
    for (const piece of linePieces) length += piece.length;
  }
  return bounded(pieces, max);
}

/**
 * An https URL we were given (a Slack permalink, a pull request's address) as a link; anything else, or one longer
 * than `max`, as code.
 */
export function url(value: string, max = Number.POSITIVE_INFINITY): string {
  const plain = /^https:\/\/[A-Za-z0-9.-]+(\/[A-Za-z0-9._~:/?#[\]@!$&'()*+,;=%-]*)?$/.test(value);
  return plain && value.length + 2 <= max ? `<${value}>` : code(value, max);
}

/**
 * One line for a pull request title or a commit message: not Markdown, but GitHub links #123 and GH-123 there
 * (and a commit message that says "fixes #12" closes the issue on merge) and notifies @mentions in commits. The
 * zero-width space is the character itself: an entity would show as written.
 */
export function plainLine(value: string, max = Number.POSITIVE_INFINITY): string {
  const chars = characters(value, max);
  const pieces = chars.map((char, index) => {
    if (char === '\n') return NEWLINE_MARK;
    if (hidden(char)) return `<${codePointName(char)}>`;
    if (char === '@' || char === '#') return `${char}\u200b`;
    if (char === '-' && /^gh$/i.test(chars.slice(Math.max(0, index - 2), index).join(''))) return `-\u200b`;
    return char;
  });
  return bounded(pieces, max);
}
