/**
 * Why an input is not a usable alert. Intake answers 400 with these messages and the CLI prints them, so each one
 * names the offending field, says what was expected and quotes (a bounded excerpt of) what arrived.
 */

export type AlertProblemCode =
  /** The input is not a JSON object (an array, a string, null…). */
  | 'not_an_object'
  /** A required key is absent. */
  | 'missing'
  /** A key holds the wrong JSON type. */
  | 'wrong_type'
  /** A required string is empty. */
  | 'empty'
  /** `priority` names no Falco priority. */
  | 'priority_invalid'
  /** `time` is not an RFC 3339 timestamp (or is Go's zero time). */
  | 'time_invalid'
  /** `time` is an unrendered template or code placeholder such as `{{ .Time }}`. */
  | 'time_placeholder'
  /** Text that should be JSON does not parse. */
  | 'not_json'
  /** A text line has no `HH:MM:SS.nnnnnnnnn: Priority` header. */
  | 'not_an_alert_line'
  /** A line of Falco's own log (start-up, rules loading…), not an alert. */
  | 'falco_log_line'
  /** Nothing but whitespace. */
  | 'empty_input'
  /** Reading stopped after too many invalid items (the rest of the input was not read). */
  | 'too_many_problems'
  /** Arrays and objects nested deeper than an alert ever needs (alert-limits.ts). */
  | 'too_deep'
  /** More output fields than an alert ever has (alert-limits.ts). */
  | 'too_many_fields'
  /** A name (rule, uuid) longer than one can be (alert-limits.ts). */
  | 'too_long';

/** One thing wrong with one input. `field` is the JSON path (`output_fields.proc.name`, `tags[2]`) when there is one. */
export interface AlertIssue {
  readonly code: AlertProblemCode;
  readonly field: string | undefined;
  readonly message: string;
}

/**
 * Everything wrong with one input, reported at once. `code`, `field` are the first issue's; `message` joins all
 * issues' messages with "; " so a single string is a complete answer.
 */
export interface AlertProblem extends AlertIssue {
  readonly issues: readonly AlertIssue[];
}

export function alertIssue(code: AlertProblemCode, field: string | undefined, message: string): AlertIssue {
  return { code, field, message };
}

/** Bundles issues (at least one) into a problem. */
export function alertProblem(first: AlertIssue, ...rest: readonly AlertIssue[]): AlertProblem {
  const issues = [first, ...rest];
  return {
    code: first.code,
    field: first.field,
    message: issues.map((issue) => issue.message).join('; '),
    issues,
  };
}

const EXCERPT_LIMIT = 80;

/**
 * A value as it may appear in an error message: JSON-quoted, shortened to a bounded length with an ellipsis, so
 * an attacker-sized value cannot blow up a log line or a Slack reply.
 */
export function quoteForMessage(value: unknown, limit = EXCERPT_LIMIT): string {
  let text: string;
  if (typeof value === 'string') {
    const shown = value.length > limit ? `${value.slice(0, limit)}…` : value;
    text = JSON.stringify(shown);
  } else {
    text = describeJsonType(value);
  }
  return text;
}

/** The JSON type of a value in words ("a number", "an array", "null"). */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    case 'bigint':
      return 'a number';
    case 'symbol':
    case 'function':
      return 'a non-JSON value';
  }
  return 'a non-JSON value';
}
