/**
 * Splits an input into alert items and parses each: the CLI's `--alerts FILE`, `/falco explain` and HTTP intake.
 *
 * Formats, detected per item so a file may mix them:
 * - one JSON object, a JSON array of objects, NDJSON, or JSON documents one after another (pretty-printed, as `jq`
 *   prints them; a comma between documents is tolerated);
 * - text lines (a Falco log), with continuation lines of a multi-line output joined to their alert; a line without
 *   the time and priority header (the output alone, as Slack shows alerts) is an alert too, for identification to
 *   judge against the rules (`headerless`);
 * - any of the above inside Markdown code (```` ``` ```` fences, `` `inline` ``), with surrounding whitespace.
 * Every failure is an item with its index, its 1-based line in the original text and a precise reason; nothing is
 * dropped silently except blank lines and, when the text has code fences, the commentary outside them.
 */
import { alertIssue, alertProblem, quoteForMessage, type AlertProblem } from './alert-problem.js';
import { parseJson } from './exact-json.js';
import { arrayElementOffsets, LineIndex, scanJsonValue } from './json-scan.js';
import { stripMarkdownCode } from './markdown-fences.js';
import { DEFAULT_MAX_PROBLEMS, Items, type ItemPlace, type ReadAlert, type ReadItem } from './read-items.js';
import { parseAlert, type Alert, type ParseAlertOptions } from './schema.js';
import { parseTextLine } from './text-line.js';

export { describeItemProblem, type ReadAlert, type ReadItem } from './read-items.js';

export type InputFormat = 'empty' | 'json' | 'json-array' | 'ndjson' | 'text' | 'mixed';

export interface ReadAlertsResult {
  readonly format: InputFormat;
  readonly items: readonly ReadItem[];
}

export interface ReadAlertsOptions extends ParseAlertOptions {
  /** Accept text lines (default true). Intake sets it false: Falco's `http_output` and Falcosidekick send JSON. */
  readonly text?: boolean;
  /** Look inside Markdown code (default: same as `text`). */
  readonly markdown?: boolean;
  /**
   * Accept text lines without the header (default: same as `text`): any line that is not JSON, not a header with a
   * bad time or priority and not Falco's own log becomes a text alert with unknown time and priority.
   */
  readonly headerless?: boolean;
  /**
   * Stop after this many invalid items (default 1000) with a final `too_many_problems` item saying where reading
   * stopped: a body of garbage then costs bounded time, and the answer stays readable.
   */
  readonly maxProblems?: number;
}

/** Never throws: whatever the text, the answer is a list of items (possibly errors). */
export function readAlerts(input: string, options: ReadAlertsOptions = {}): ReadAlertsResult {
  const allowText = options.text ?? true;
  const text = (options.markdown ?? allowText) ? stripMarkdownCode(stripBom(input)) : stripBom(input);
  if (text.trim() === '') return { format: 'empty', items: [] };
  const whole = wholeDocument(text, options);
  if (whole !== undefined) return whole;
  return readStream(text, options, allowText);
}

/**
 * Intake: one JSON alert, a JSON array or NDJSON. Text is refused per item, so the 400 names the line. Valid items
 * in the same body are returned with the invalid ones.
 */
export function readAlertBatch(
  body: string,
  options: ParseAlertOptions & { readonly maxProblems?: number } = {},
): ReadAlertsResult {
  return readAlerts(body, { ...options, text: false, markdown: false });
}

/** Fast path: the whole text is one JSON document (object or array), as most intake bodies are. */
function wholeDocument(text: string, options: ReadAlertsOptions): ReadAlertsResult | undefined {
  const start = text.search(/\S/);
  const first = text[start];
  if (first !== '{' && first !== '[') return undefined;
  let value: unknown;
  try {
    value = parseJson(text);
  } catch {
    return undefined;
  }
  const lines = new LineIndex(text);
  if (!Array.isArray(value)) {
    return {
      format: 'json',
      items: [jsonItem(value, { index: 0, line: lines.line(start), location: '' }, options)],
    };
  }
  const offsets = arrayElementOffsets(text, start, text.length);
  const items = new Items(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  for (const [index, element] of (value as unknown[]).entries()) {
    if (items.full) break;
    const line = lines.line(offsets[index] ?? start);
    items.add(jsonItem(element, { index, line, location: `[${index}] (line ${line})` }, options));
  }
  return { format: 'json-array', items: items.list };
}

function readStream(text: string, options: ReadAlertsOptions, allowText: boolean): ReadAlertsResult {
  const lines = new LineIndex(text);
  const items = new Items(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const kinds = new Set<'json' | 'text'>();
  // After one JSON document fails to close, documents must fit on their line: rescanning to the end of the text
  // from every later `{` would make a hostile body (a `{` on each line) cost quadratic time.
  let multiLineJson = true;
  let offset = 0;
  while (offset < text.length && !items.full) {
    const start = skipSeparators(text, offset);
    if (start >= text.length) break;
    const line = lines.line(start);
    const place = { index: items.next, line, location: `line ${line}` };
    const lineEnd = endOfLine(text, start);
    if (text[start] === '{' || text[start] === '[') {
      // NDJSON: a whole line is usually one document, and JSON.parse finds that faster than a scan.
      const wholeLine = decodeJson(text.slice(start, lineEnd));
      if (wholeLine.ok) {
        kinds.add('json');
        pushJson(items, wholeLine.value, place, text, start, lines, options);
        offset = lineEnd;
        continue;
      }
      const end = scanJsonValue(text, start, multiLineJson ? text.length : lineEnd);
      if (end < 0) multiLineJson = false;
      const decoded = end < 0 ? undefined : decodeJson(text.slice(start, end));
      if (decoded?.ok === true) {
        kinds.add('json');
        pushJson(items, decoded.value, place, text, start, lines, options);
        offset = skipComma(text, end);
        continue;
      }
      if (!allowText || !parseTextLine(text.slice(start, lineEnd)).ok) {
        const reason = end < 0 ? unterminated(text, start) : decoded?.ok === false ? decoded.reason : '';
        items.add({ ...place, ok: false, problem: notJson(reason, text, start, lines) });
        offset = end < 0 ? lineEnd : end;
        continue;
      }
    }
    if (!allowText) {
      const shown = quoteForMessage(text.slice(start, lineEnd).trim());
      items.add({
        ...place,
        ok: false,
        problem: alertProblem(
          alertIssue('not_json', undefined, `expected a JSON alert object, got ${shown}`),
        ),
      });
      offset = lineEnd;
      continue;
    }
    const { end, alert } = readTextAlert(text, start, lineEnd, lines, options.headerless ?? allowText);
    kinds.add('text');
    items.add(
      alert.ok
        ? { ...place, ok: true, input: { kind: 'text', alert: alert.value } }
        : { ...place, ok: false, problem: alert.error },
    );
    offset = end;
  }
  const format: InputFormat =
    kinds.size === 2 ? 'mixed' : kinds.has('json') ? 'ndjson' : allowText ? 'text' : 'ndjson';
  return { format, items: items.list };
}

function pushJson(
  items: Items,
  value: unknown,
  place: ItemPlace,
  text: string,
  start: number,
  lines: LineIndex,
  options: ParseAlertOptions,
): void {
  if (!Array.isArray(value)) {
    items.add(jsonItem(value, place, options));
    return;
  }
  const offsets = arrayElementOffsets(text, start, text.length);
  for (const [index, element] of (value as unknown[]).entries()) {
    const line = lines.line(offsets[index] ?? start);
    items.add(jsonItem(element, { index: items.next, line, location: `line ${line}` }, options));
  }
}

/**
 * A text alert plus its continuation lines: while the alert's brackets are open, following lines that are neither
 * an alert line with a header nor a line of Falco's log belong to its (multi-line) output, up to
 * MAX_CONTINUATION_LINES.
 */
function readTextAlert(
  text: string,
  start: number,
  lineEnd: number,
  lines: LineIndex,
  headerless: boolean,
): { end: number; alert: ReturnType<typeof parseTextLine> } {
  const alert = parseTextLine(text.slice(start, lineEnd), { headerless });
  if (!alert.ok) return { end: lineEnd, alert };
  let depth = openBrackets(alert.value.message);
  let end = lineEnd;
  const firstLine = lines.line(start);
  for (let extra = 1; depth > 0 && extra <= MAX_CONTINUATION_LINES; extra += 1) {
    const nextStart = lines.lineStart(firstLine + extra);
    if (nextStart >= text.length) break;
    const nextEnd = endOfLine(text, nextStart);
    const next = text.slice(nextStart, nextEnd);
    const asAlert = parseTextLine(next);
    if (asAlert.ok || asAlert.error.code === 'falco_log_line') break;
    depth += openBrackets(next);
    end = nextEnd;
  }
  return { end, alert: end === lineEnd ? alert : parseTextLine(text.slice(start, end), { headerless }) };
}

const MAX_CONTINUATION_LINES = 500;

function openBrackets(message: string): number {
  let depth = 0;
  for (const char of message) {
    if (char === '{' || char === '[' || char === '(') depth += 1;
    else if (char === '}' || char === ']' || char === ')') depth -= 1;
  }
  return depth;
}

function jsonItem(value: unknown, place: ItemPlace, options: ParseAlertOptions): ReadItem {
  const parsed = parseAlert(value, options);
  const { index, line, location } = place;
  return parsed.ok
    ? { index, line, location, ok: true, input: json(parsed.value, value) }
    : { index, line, location, ok: false, problem: parsed.error, value };
}

function json(alert: Alert, value: unknown): ReadAlert {
  return { kind: 'json', alert, value };
}

function decodeJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: parseJson(text) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** A JSON error with the position turned into line and column of the original text. */
function notJson(reason: string, text: string, start: number, lines: LineIndex): AlertProblem {
  const position = /at position (\d+)/.exec(reason);
  const offset = start + Number(position?.[1] ?? 0);
  const what = reason.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  const where = `line ${lines.line(offset)}, column ${lines.column(offset)}`;
  return alertProblem(alertIssue('not_json', undefined, `not valid JSON at ${where}: ${what}`));
}

function unterminated(text: string, start: number): string {
  return `Unterminated ${text[start] === '{' ? 'object: a `}` is missing' : 'array: a `]` is missing'}`;
}

function skipSeparators(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && isSpace(text.charCodeAt(index))) index += 1;
  return index;
}

/** After a JSON document: whitespace and at most one comma (array elements pasted without their brackets). */
function skipComma(text: string, offset: number): number {
  const index = skipSeparators(text, offset);
  return text[index] === ',' ? index + 1 : index;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c || code === 0x0b;
}

function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
