/**
 * Falco's plain-text alert line (`json_output: false`, stdout, syslog, a pasted log):
 *
 *   line      = [log-prefix] time ": " priority " " message
 *   time      = HH ":" MM ":" SS "." 1*9DIGIT                          ; local time of day (Falco's default)
 *             / YYYY "-" MM "-" DD "T" HH ":" MM ":" SS "." 1*9DIGIT zone ; time_format_iso_8601: true
 *   message   = rule-output [" " appended]
 *
 * Falco builds the line as `*%evt.time: <Priority> <output>` (formats.cpp; the `*` makes missing fields print
 * `<NA>`, it is not printed). The log prefix is whatever a collector put in front (kubectl `--timestamps` or
 * `--prefix`, journald/syslog `Mon DD HH:MM:SS host falco[pid]:`, docker compose `falco-1  | `, a Markdown bullet
 * `* ` or quote `> `, a `grep -n` line number, or any junk): the header is searched for, not anchored, and the first
 * valid one is the alert's. Identification looks further when that one starts no rule's output (findHeaders).
 *
 * Without a header (`headerless`), the line is the rule output alone, perhaps after a priority word: what Slack
 * and web UIs show and what people paste. Time and priority are then unknown (the priority is the rule's).
 *
 * The appended text is what Falco adds after the rule's own output: `-pk`/`-pc` fields of Falco ≤ 0.3x
 * (` k8s.ns=… k8s.pod=… container=…`, sometimes repeated), the container plugin's suggested fields of Falco ≥ 0.41
 * (` container_id=… container_name=… container_image_repository=… container_image_tag=… k8s_pod_name=…
 * k8s_ns_name=…`) and `append_output`; message-parts.ts splits it off.
 */
import { err, ok, type Result } from '../../result.js';
import { alertIssue, alertProblem, quoteForMessage, type AlertProblem } from './alert-problem.js';
import { parseAlertTime, type AlertTime } from './alert-time.js';
import type { KeyValue } from './key-values.js';
import { splitMessage, type OutputStyle } from './message-parts.js';
import { describePriorities, parsePriority, severity, type Priority } from './priority.js';

export type TextAlertTime =
  /** Time of day on the Falco host's clock (time zone and date unknown). */
  | {
      readonly kind: 'time-of-day';
      readonly raw: string;
      readonly hour: number;
      readonly minute: number;
      readonly second: number;
      /** Nine digits. */
      readonly nanos: string;
    }
  /** A full instant (`time_format_iso_8601`). */
  | { readonly kind: 'instant'; readonly raw: string; readonly time: AlertTime };

export interface TextAlert {
  /** The line as given (one trailing newline removed). */
  readonly line: string;
  /** Text before the header ('' when the line starts with the time); for a line without one, a bullet or quote. */
  readonly logPrefix: string;
  /** Undefined when the line has no header (the rule output alone, as Slack and web UIs show alerts). */
  readonly time: TextAlertTime | undefined;
  /** Undefined when the line has no header and starts with no priority word. */
  readonly priority: Priority | undefined;
  /** Higher is more severe (priority.ts `severity`); undefined with the priority. */
  readonly severity: number | undefined;
  /** Everything after the priority: rule output plus appended text. Offsets below are into this string. */
  readonly message: string;
  readonly ruleOutput: string;
  /** What Falco appended after the rule output ('' when nothing). */
  readonly appended: string;
  readonly style: OutputStyle;
  /** Pairs in the rule output (inside the parentheses / after the pipe / anywhere, by style). */
  readonly fields: readonly KeyValue[];
  readonly appendedFields: readonly KeyValue[];
}

/** A header found in a text: where it is, and what it says. */
export interface TextHeader {
  /** Offset of the time. */
  readonly start: number;
  /** Offset of the message: just after the priority and its blank. */
  readonly end: number;
  readonly time: TextAlertTime;
  readonly priority: Priority;
}

export interface TextLineOptions {
  /**
   * Accept a line without the header: the rule output alone, perhaps after a priority word (`Warning Sensitive
   * file opened … | user=root …`), as Falcosidekick's Slack output, web UIs and people's pastes show alerts.
   * Default false: such a line is `not_an_alert_line`. The priority word is a guess (a rule's output may start with
   * one): identification also tries the line without it (`parseHeaderless`).
   */
  readonly headerless?: boolean;
}

const HEADER_AT_START =
  /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}(?:Z|[+-]\d{2}:?\d{2})|\d{2}:\d{2}:\d{2}\.\d{1,9}): ([A-Za-z]+)(?= |$)/y;

/**
 * Where a header may start: its time of day. Every line is searched for all its headers (alerts run together), and
 * this scans far faster than the whole header; the header is then tried where the time, or a date before it, starts.
 */
const TIME_OF_DAY = /\d\d:\d\d:\d\d\.\d/g;
/** `YYYY-MM-DDT` before a time of day. */
const DATE_LENGTH = 11;

/** Falco's own log lines: `Thu Jul 10 15:24:03 2026: …` or, with ISO 8601, `2026-07-10T15:24:03+0000: …`. */
const FALCO_LOG =
  /^(?:[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}): /;

/** Before a line without a header: a Markdown or Slack bullet or quote. */
const DECORATION = /^[ \t]*(?:[>*•-][ \t]+)*/;
/** A priority word starting a line without a header: `Warning `, `WARNING: `, `[Warning] `. */
const PRIORITY_WORD = /^\[?([A-Za-z]+)\]?:?[ \t]+(?=\S)/;

/** More headers than this in one text are not looked at (a hostile paste stays cheap). */
const MAX_HEADERS = 64;

const EXAMPLE = '"20:46:45.519621929: Warning <rule output>"';

/**
 * Parses one alert line; a message spanning several lines (continuations joined with `\n`) is fine. The first
 * valid header of the first line is the alert's, whatever precedes it.
 */
export function parseTextLine(input: string, options: TextLineOptions = {}): Result<TextAlert, AlertProblem> {
  const line = input.replace(/\r?\n$/, '');
  if (line.trim() === '') {
    return err(
      alertProblem(
        alertIssue('empty_input', undefined, `empty line: expected a Falco alert such as ${EXAMPLE}`),
      ),
    );
  }
  const firstLine = line.split('\n', 1)[0] as string;
  let problem: AlertProblem | undefined;
  for (const found of scanHeaders(firstLine, MAX_HEADERS)) {
    if (found.ok) return ok(textAlertAt(line, found.value));
    problem ??= found.error;
  }
  if (problem !== undefined) return err(problem);
  if (FALCO_LOG.test(firstLine)) {
    return err(
      alertProblem(
        alertIssue(
          'falco_log_line',
          undefined,
          `a line of Falco's own log, not an alert: ${quoteForMessage(firstLine)}`,
        ),
      ),
    );
  }
  if (options.headerless === true) return ok(parseHeaderless(line, { priorityWord: true }));
  return err(
    alertProblem(
      alertIssue(
        'not_an_alert_line',
        undefined,
        `not a Falco alert line: expected ${EXAMPLE} or the ISO 8601 form ` +
          `"2026-07-10T15:24:03.768877945+0000: Warning …", got ${quoteForMessage(firstLine)}`,
      ),
    ),
  );
}

/** Every valid header in `text`, in order (at most 64): where alerts start when a collector joined lines. */
export function findHeaders(text: string): TextHeader[] {
  const out: TextHeader[] = [];
  for (const found of scanHeaders(text, MAX_HEADERS)) if (found.ok) out.push(found.value);
  return out;
}

/** The alert whose header is `header`, its message running to `end` (trailing blanks dropped when cut short). */
export function textAlertAt(line: string, header: TextHeader, end = line.length): TextAlert {
  const rest = line.slice(header.end, end).replace(/\r$/, '');
  const message = end < line.length ? rest.trimEnd() : rest;
  return {
    line,
    logPrefix: line.slice(0, header.start),
    time: header.time,
    priority: header.priority,
    severity: severity(header.priority),
    message,
    ...splitMessage(message),
  };
}

/**
 * A line without a header: the rule output, after any bullet or quote and, with `priorityWord`, a leading priority
 * word (`Warning Sensitive file opened …`), which then is the alert's priority.
 */
export function parseHeaderless(input: string, options: { readonly priorityWord: boolean }): TextAlert {
  const line = input.replace(/\r?\n$/, '');
  const prefixEnd = DECORATION.exec(line)?.[0].length ?? 0;
  const word = options.priorityWord ? PRIORITY_WORD.exec(line.slice(prefixEnd)) : null;
  const priority = word === null ? undefined : parsePriority(word[1] as string);
  const message = line.slice(prefixEnd + (priority === undefined ? 0 : (word?.[0].length ?? 0))).trimEnd();
  return {
    line,
    logPrefix: line.slice(0, prefixEnd),
    time: undefined,
    priority,
    severity: priority === undefined ? undefined : severity(priority),
    message,
    ...splitMessage(message),
  };
}

/**
 * The header-shaped matches of `text`, in order and not overlapping, each a header or why not (an unknown priority,
 * an impossible time).
 */
function scanHeaders(text: string, limit: number): Result<TextHeader, AlertProblem>[] {
  const out: Result<TextHeader, AlertProblem>[] = [];
  let after = 0;
  TIME_OF_DAY.lastIndex = 0;
  for (
    let found = TIME_OF_DAY.exec(text);
    found !== null && out.length < limit;
    found = TIME_OF_DAY.exec(text)
  ) {
    const match = headerAt(text, found.index - DATE_LENGTH, after) ?? headerAt(text, found.index, after);
    if (match === undefined) continue;
    after = match.index + match[0].length;
    TIME_OF_DAY.lastIndex = after;
    out.push(readHeader(match));
  }
  return out;
}

function headerAt(text: string, at: number, after: number): RegExpExecArray | undefined {
  if (at < after) return undefined;
  HEADER_AT_START.lastIndex = at;
  return HEADER_AT_START.exec(text) ?? undefined;
}

function readHeader(match: RegExpExecArray): Result<TextHeader, AlertProblem> {
  const [header, timeText, priorityText] = match as unknown as [string, string, string];
  const priority = parsePriority(priorityText);
  if (priority === undefined) {
    return err(
      alertProblem(
        alertIssue(
          'not_an_alert_line',
          'priority',
          `priority: expected one of ${describePriorities()}, got ${quoteForMessage(priorityText)}`,
        ),
      ),
    );
  }
  const time = parseHeaderTime(timeText);
  if (!time.ok) return time;
  return ok({ start: match.index, end: match.index + header.length + 1, time: time.value, priority });
}

/** The header of Falco's JSON `output` (which starts with it; no log prefix), or undefined when it has none. */
export function splitOutputHeader(
  output: string,
): { readonly time: TextAlertTime; readonly priority: Priority; readonly message: string } | undefined {
  HEADER_AT_START.lastIndex = 0;
  const match = HEADER_AT_START.exec(output);
  if (match === null) return undefined;
  const priority = parsePriority(match[2] as string);
  const time = parseHeaderTime(match[1] as string);
  if (priority === undefined || !time.ok) return undefined;
  return { time: time.value, priority, message: output.slice(match[0].length + 1) };
}

function parseHeaderTime(text: string): Result<TextAlertTime, AlertProblem> {
  if (text.includes('T')) {
    const parsed = parseAlertTime(text, 'time');
    return parsed.ok
      ? ok({ kind: 'instant', raw: text, time: parsed.value })
      : err(alertProblem(parsed.error));
  }
  // HH:MM:SS.f… (HEADER_AT_START matched it): the digits read in place, without splitting the text.
  const hour = twoDigits(text, 0);
  const minute = twoDigits(text, 3);
  const second = twoDigits(text, 6);
  if (hour > 23 || minute > 59 || second > 60) {
    return err(
      alertProblem(
        alertIssue('not_an_alert_line', 'time', `time: ${quoteForMessage(text)} is not a time of day`),
      ),
    );
  }
  return ok({ kind: 'time-of-day', raw: text, hour, minute, second, nanos: text.slice(9).padEnd(9, '0') });
}

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 0x30) * 10 + (text.charCodeAt(at + 1) - 0x30);
}
