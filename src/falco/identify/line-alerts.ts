/**
 * Where alerts start on a text line. Falco writes one alert per line, but lines arrive damaged: a collector's prefix
 * or any junk before the header, a line cut off, two lines joined into one. An alert starts where a rule's output
 * title starts: right after a header (any header of the line, not only the first), or at the very start of the line
 * (an alert without its header, as Slack shows it, glued before a headed one). The line is cut into parts at those
 * starts; what precedes the first is skipped.
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
  /** Where the part starts and ends in the line. */
  readonly start: number;
  readonly end: number;
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

  if (starts.length === 0) {
    // No title starts anywhere: the line as parsed (its first header), for the reworded fallback or a clear no-match.
    const only: LinePart = {
      text: alert,
      start: alert.logPrefix.length,
      end: line.length,
      ranked: rank(alert),
    };
    return { parts: [only], skipped: alert.logPrefix, whole: () => only };
  }
  const parts = starts.map((start, n): LinePart => {
    const end = starts[n + 1]?.at ?? line.length;
    const text =
      n === 0 && starts.length === 1 && start.at === alert.logPrefix.length ? alert : start.read(end);
    return { text, start: start.at, end, ranked: rank(text) };
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
        whole = { text, start: first.at, end: line.length, ranked: rank(text) };
      }
      return whole;
    },
  };
}
