/**
 * Where alerts start on a text line. Falco writes one alert per line, but lines arrive damaged: a collector's prefix
 * or any junk before the header, a line cut off, two lines joined into one. An alert starts where a rule's output
 * title starts: right after a header (any header of the line, not only the first), or at the very start of the line
 * (an alert without its header, as Slack shows it, glued before a headed one). The line is cut into parts at those
 * starts; what precedes the first is skipped.
 *
 * Text without headers (outputs pasted alone) says less: there another output starts where a long title does (not
 * inside a title that starts earlier: one title may hold another). A value that holds such a title (rare: a command quoting a Falco log) makes the answer a notice or an
 * ambiguity, never another rule: glued-alerts.ts reads the text whole too.
 *
 * A header whose message starts no rule's title (nor a reworded one) is not a start: it is junk, or text inside a
 * value (a command line that quotes a Falco log). Titles shorter than a few characters are not evidence of a start;
 * before the first header, only a title proper is (a log prefix is not compared with reworded titles, which costs a
 * pass over every rule).
 */
import { findHeaders, parseHeaderless, textAlertAt, type TextAlert } from '../alert/index.js';
import type { RuleIndex } from './rule-index.js';
import type { ScoredCandidate } from './text-candidates.js';

export interface LinePart {
  readonly text: TextAlert;
  /** The part as found on the line (trimmed): what to paste to explain it alone. */
  readonly source: string;
  /** Best first; empty when no loaded rule fits the part. */
  readonly ranked: readonly ScoredCandidate[];
}

export interface LineAlerts {
  /** The alerts found, in the order of the line; one for an ordinary line. */
  readonly parts: readonly LinePart[];
  /** Text before the first part, not read. */
  readonly skipped: string;
  /** The reading from the first part's start to the end of the line, as if later starts were inside its values. */
  readonly whole: () => LinePart;
}

/** Ranks the rules that may have printed one alert's text (identify-text.ts). */
export type RankText = (text: TextAlert) => ScoredCandidate[];

/** Titles shorter than this do not mark where an alert starts. */
const MIN_START_TITLE = 8;
/** Reworded titles cost a pass over every rule: only this many headers are tried that way. */
const MAX_REWORDED_TRIES = 8;

/** The alerts on the line of `alert` (which has a header; the first valid one of its first line). */
export function alertsOnLine(alert: TextAlert, index: RuleIndex, rank: RankText): LineAlerts {
  const { line } = alert;
  const headers = findHeaders(line);
  const single = (): LineAlerts => {
    const only: LinePart = {
      text: alert,
      source: line.slice(alert.logPrefix.length).trim(),
      ranked: rank(alert),
    };
    return { parts: [only], skipped: alert.logPrefix, whole: () => only };
  };
  // The usual line: one header, at the start or after a log prefix, and nothing else to decide.
  if (headers.length === 1 && alert.logPrefix.trim() === '') return single();
  let rewordedTries = 0;
  const startsAlert = (message: string, reworded: boolean): boolean => {
    if (index.titleMatches(message).some((indexed) => indexed.title.length >= MIN_START_TITLE)) return true;
    if (!reworded || rewordedTries >= MAX_REWORDED_TRIES) return false;
    rewordedTries += 1;
    return index.rewordedTitleMatches(message).length > 0;
  };
  const starts: { readonly at: number; readonly read: (end: number) => TextAlert }[] = [];
  const firstHeader = headers[0]?.start ?? line.length;
  if (line.slice(0, firstHeader).trim() !== '') {
    const before = parseHeaderless(line.slice(0, firstHeader), { priorityWord: true });
    if (startsAlert(before.message, false))
      starts.push({
        at: 0,
        read: (end) => parseHeaderless(line.slice(0, end), { priorityWord: true }),
      });
  }
  for (const header of headers)
    if (startsAlert(line.slice(header.end), true))
      starts.push({ at: header.start, read: (end) => textAlertAt(line, header, end) });

  // No title starts anywhere: the line as parsed (its first header), for the reworded fallback or a clear no-match.
  if (starts.length === 0) return single();
  const parts = starts.map((start, n): LinePart => {
    const end = starts[n + 1]?.at ?? line.length;
    const text =
      n === 0 && starts.length === 1 && start.at === alert.logPrefix.length ? alert : start.read(end);
    return { text, source: line.slice(start.at, end).trim(), ranked: rank(text) };
  });
  const first = starts[0] as (typeof starts)[number];
  let whole: LinePart | undefined;
  return {
    parts,
    skipped: line.slice(0, first.at),
    whole: () => {
      if (parts.length === 1) return parts[0] as LinePart;
      if (whole === undefined) {
        const text = first.read(line.length);
        whole = { text, source: line.slice(first.at).trim(), ranked: rank(text) };
      }
      return whole;
    },
  };
}

/** A title inside headerless text marks another output only when this long (short titles occur in prose). */
const MIN_INNER_TITLE = 16;
/** At most this many outputs are cut from one text. */
const MAX_INNER_STARTS = 8;

/**
 * Outputs pasted alone and run together (`<output> <output>`): the text cut where a long title starts, or undefined
 * when none does. `priorityWord`: as `alert` was read (the later parts may start with one).
 */
export function outputsOnLine(
  alert: TextAlert,
  index: RuleIndex,
  rank: RankText,
  priorityWord: boolean,
): LineAlerts | undefined {
  const { line } = alert;
  // After the bullet and the priority word, if any; not inside the first output's own title.
  const first = line.indexOf(alert.message, alert.logPrefix.length);
  const ownTitle = Math.max(1, ...index.titleMatches(alert.message).map((indexed) => indexed.title.length));
  const cuts = index.titlesIn(line, first + ownTitle, MIN_INNER_TITLE, MAX_INNER_STARTS);
  if (cuts.length === 0) return undefined;
  const bounds = [first, ...cuts, line.length];
  const parts = cuts.map((_, n): LinePart => {
    const start = bounds[n] as number;
    const end = bounds[n + 1] as number;
    // The first part keeps the bullet and priority word it was read with.
    const text = parseHeaderless(line.slice(n === 0 ? 0 : start, end), {
      priorityWord: n === 0 ? priorityWord : true,
    });
    return { text, source: line.slice(start, end).trim(), ranked: rank(text) };
  });
  const last = bounds.at(-2) as number;
  const tail = parseHeaderless(line.slice(last), { priorityWord: true });
  parts.push({ text: tail, source: line.slice(last).trim(), ranked: rank(tail) });
  let whole: LinePart | undefined;
  return {
    parts,
    skipped: alert.logPrefix,
    whole: () => (whole ??= { text: alert, source: line.slice(first).trim(), ranked: rank(alert) }),
  };
}
