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
 * `* ` or quote `> `): the header is searched for, not anchored, and must follow a character that cannot be part of
 * a timestamp.
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
  /** Text before the header ('' when the line starts with the time). */
  readonly logPrefix: string;
  readonly time: TextAlertTime;
  readonly priority: Priority;
  /** Higher is more severe (priority.ts `severity`). */
  readonly severity: number;
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

const HEADER =
  /(?<![\w.:+-])(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}(?:Z|[+-]\d{2}:?\d{2})|\d{2}:\d{2}:\d{2}\.\d{1,9}): ([A-Za-z]+)(?= |$)/g;

const HEADER_AT_START = new RegExp(HEADER.source, 'y');

/** Falco's own log lines: `Thu Jul 10 15:24:03 2026: …` or, with ISO 8601, `2026-07-10T15:24:03+0000: …`. */
const FALCO_LOG =
  /^(?:[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}): /;

const EXAMPLE = '"20:46:45.519621929: Warning <rule output>"';

/** Parses one alert line; a message spanning several lines (continuations joined with `\n`) is fine. */
export function parseTextLine(input: string): Result<TextAlert, AlertProblem> {
  const line = input.replace(/\r?\n$/, '');
  if (line.trim() === '') {
    return err(
      alertProblem(
        alertIssue('empty_input', undefined, `empty line: expected a Falco alert such as ${EXAMPLE}`),
      ),
    );
  }
  const firstLine = line.split('\n', 1)[0] as string;
  let badPriority: string | undefined;
  for (const match of firstLine.matchAll(HEADER)) {
    const [header, timeText, priorityText] = match as unknown as [string, string, string];
    const priority = parsePriority(priorityText);
    if (priority === undefined) {
      badPriority ??= priorityText;
      continue;
    }
    const time = parseHeaderTime(timeText);
    if (!time.ok) return time;
    const message = line.slice(match.index + header.length + 1).replace(/\r$/, '');
    return ok({
      line,
      logPrefix: line.slice(0, match.index),
      time: time.value,
      priority,
      severity: severity(priority),
      message,
      ...splitMessage(message),
    });
  }
  if (badPriority !== undefined) {
    return err(
      alertProblem(
        alertIssue(
          'not_an_alert_line',
          'priority',
          `priority: expected one of ${describePriorities()}, got ${quoteForMessage(badPriority)}`,
        ),
      ),
    );
  }
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
  const [hour, minute, second] = text.slice(0, 8).split(':').map(Number) as [number, number, number];
  if (hour > 23 || minute > 59 || second > 60) {
    return err(
      alertProblem(
        alertIssue('not_an_alert_line', 'time', `time: ${quoteForMessage(text)} is not a time of day`),
      ),
    );
  }
  return ok({ kind: 'time-of-day', raw: text, hour, minute, second, nanos: text.slice(9).padEnd(9, '0') });
}
