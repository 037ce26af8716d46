/**
 * Identifying a text alert, whatever the line looks like around it.
 *
 * - An ordinary line (one header, then the output): the rules whose output title starts the message, each scored
 *   (text-candidates.ts); when no title starts it, a rule whose title is the line's reworded and whose labels agree;
 *   otherwise `no-match`.
 * - No header (the output alone, as Slack and web UIs show alerts): the same, with the priority unknown. A leading
 *   priority word is read as the priority, or as the output's first word when no title starts the rest. When the
 *   rules that fit differ in priority and the line's priority would have decided between them, the answer is
 *   ambiguous (`priority-unknown`): naming one would be a guess. Outputs pasted alone and run together are cut
 *   where a long title starts (line-alerts.ts `outputsOnLine`).
 * - Text before the header, or several alerts on one line: line-alerts.ts cuts the line where alerts start and the
 *   text before the first is skipped. Several parts (glued-alerts.ts): the complete one is explained with a notice,
 *   or, when the line cannot say which alert is meant, the answer is ambiguous (`several-alerts`).
 */
import { parseHeaderless, type TextAlert } from '../alert/index.js';
import type { ValueKindLookup } from './field-typing.js';
import { decideGlued } from './glued-alerts.js';
import type { Ambiguous, Identification, Identified, TextReading, Unidentified } from './identification.js';
import type { IdentifyOptions } from './identify-options.js';
import { alertsOnLine, outputsOnLine, type LineAlerts, type LinePart } from './line-alerts.js';
import { outputTitle } from './output-template.js';
import { collapse, type RuleIndex } from './rule-index.js';
import {
  labelOverlap,
  rankCandidates,
  scoreTextCandidate,
  WEIGHTS,
  type ScoredCandidate,
} from './text-candidates.js';
import { textAlertToAlert } from './to-alert.js';

export interface TextContext {
  readonly index: RuleIndex;
  readonly kinds: ValueKindLookup;
}

export function identifyTextAlert(
  context: TextContext,
  alert: TextAlert,
  options: IdentifyOptions = {},
): Identification {
  const rank = (text: TextAlert): ScoredCandidate[] => rankText(context, text);
  if (alert.time === undefined) return headerless(context, alert, rank, options);
  const found = alertsOnLine(alert, context.index, rank);
  if (found.parts.length > 1) return gluedAnswer(context, found, options);
  return partAnswer(context, found.parts[0] as LinePart, options, { skipped: found.skipped, others: [] });
}

function gluedAnswer(context: TextContext, found: LineAlerts, options: IdentifyOptions): Identification {
  const decision = decideGlued(found);
  if (decision.kind === 'ambiguous') return decision.ambiguity;
  const { part, others, notice } = decision;
  return partAnswer(context, part, options, { skipped: found.skipped, others, notice });
}

/** One part's answer; a part without a priority may be ambiguous between rules of different priorities. */
function partAnswer(
  context: TextContext,
  part: LinePart,
  options: IdentifyOptions,
  reading: Pick<TextReading, 'skipped' | 'others' | 'notice'>,
): Identification {
  if (part.text.priority === undefined && part.ranked.length > 0) {
    const ambiguous = priorityUnknown(part);
    if (ambiguous !== undefined) return ambiguous;
  }
  return identifiedPart(context, part, options, reading);
}

/** The rules that may have printed one alert's text, best first: title matches, else agreeing reworded titles. */
export function rankText(context: TextContext, alert: TextAlert): ScoredCandidate[] {
  const ranked = rankCandidates(
    context.index
      .titleMatches(alert.message)
      .map((indexed) => scoreTextCandidate(indexed, alert, context.kinds)),
  );
  return ranked.length > 0 ? ranked : reworded(context, alert);
}

/**
 * The identified answer for one part of a line; `notice` (also the first note) and `others` when it held more.
 * Skipped text that holds a header is another alert (cut off, or of a rule not loaded): it is one of the others.
 */
function identifiedPart(
  context: TextContext,
  part: LinePart,
  options: IdentifyOptions,
  reading: Pick<TextReading, 'skipped' | 'others' | 'notice'>,
): Identified | Unidentified {
  const best = part.ranked[0];
  if (best === undefined) return noMatch(context.index, part.text);
  const { alert, notes } = textAlertToAlert(part.text, best.indexed.rule, best.fields, options.now);
  const candidates = part.ranked.slice(0, options.maxCandidates ?? 5).map((scored) => scored.candidate);
  const skippedAlert = HEADER_LIKE.test(reading.skipped) ? reading.skipped.trim() : undefined;
  const skippedNote =
    skippedAlert === undefined
      ? undefined
      : `the line starts with text that looks like another alert, cut off or printed by a rule that is not ` +
        `loaded: ${JSON.stringify(clip(skippedAlert, 100))}; it was skipped`;
  const notice = reading.notice ?? skippedNote;
  return {
    kind: 'identified',
    input: 'text',
    rule: alert.rule,
    candidates,
    fields: best.fields,
    sources: best.sources,
    alert,
    notes: [
      ...(notice === undefined ? [] : [notice]),
      ...(skippedNote === undefined || skippedNote === notice ? [] : [skippedNote]),
      ...notes,
      ...matchNotes(best),
    ],
    reading: {
      header: headerKind(part.text),
      skipped: reading.skipped,
      others:
        skippedAlert === undefined ? reading.others : [{ text: skippedAlert, rule: null }, ...reading.others],
      ...(notice === undefined ? {} : { notice }),
    },
  };
}

/** A header somewhere in skipped text. */
const HEADER_LIKE = /\d{2}:\d{2}:\d{2}\.\d{1,9}(?:Z|[+-]\d{2}:?\d{2})?: [A-Za-z]+ /;

/** A line without a header; a leading word read as the priority is read as the output's when that fits nothing. */
function headerless(
  context: TextContext,
  alert: TextAlert,
  rank: (text: TextAlert) => ScoredCandidate[],
  options: IdentifyOptions,
): Identification {
  let text = alert;
  let ranked = rank(text);
  let priorityWord = true;
  if (ranked.length === 0 && alert.priority !== undefined) {
    priorityWord = false;
    text = parseHeaderless(alert.line, { priorityWord });
    ranked = rank(text);
  }
  const several = ranked.length === 0 ? undefined : outputsOnLine(text, context.index, rank, priorityWord);
  if (several !== undefined) return gluedAnswer(context, several, options);
  const part: LinePart = { text, source: text.line.trim(), ranked };
  return partAnswer(context, part, options, { skipped: text.logPrefix, others: [] });
}

/**
 * A part without a priority: ambiguous when a rule whose priority differs from the best's would win had the line
 * carried that priority (its score without the priority's part, plus the whole of it, beats the best's without).
 */
function priorityUnknown(part: LinePart): Ambiguous | undefined {
  const [best, ...rest] = part.ranked as [ScoredCandidate, ...ScoredCandidate[]];
  const priority = best.indexed.rule.priority;
  const rivals = rest.filter(
    (other) =>
      other.indexed.rule.priority !== priority &&
      (other.base + WEIGHTS.priority > best.base ||
        (other.base + WEIGHTS.priority === best.base && other.indexed.order < best.indexed.order)),
  );
  if (rivals.length === 0) return undefined;
  const listed = [best, ...rivals];
  const names = listed.map((scored) => `"${scored.candidate.rule}" (${scored.indexed.rule.priority})`);
  return {
    kind: 'ambiguous',
    input: 'text',
    reason: 'priority-unknown',
    candidates: listed.map((scored) => ({
      ...scored.candidate,
      priority: scored.indexed.rule.priority,
      text: part.text.line,
    })),
    message:
      `the text has no priority, and rules of different priorities print this output: ${names.join(' or ')}; ` +
      'paste the whole line with its time and priority, as Falco logs it, to tell them apart',
  };
}

/**
 * When no title starts the line: the rules whose title is the line's reworded and whose labels agree with the
 * line's (at least three shared, a third of them all), so that a reworded title alone never names a rule.
 */
function reworded(context: TextContext, alert: TextAlert): ScoredCandidate[] {
  const agreeing = context.index.rewordedTitleMatches(alert.message).filter((indexed) => {
    const overlap = labelOverlap(indexed, alert);
    return overlap.shared >= MIN_SHARED_LABELS && overlap.jaccard >= MIN_LABEL_JACCARD;
  });
  return rankCandidates(
    agreeing.map((indexed) => {
      const scored = scoreTextCandidate(indexed, alert, context.kinds);
      return { ...scored, candidate: { ...scored.candidate, match: 'reworded-title' } };
    }),
  );
}

const MIN_SHARED_LABELS = 3;
const MIN_LABEL_JACCARD = 1 / 3;

function headerKind(text: TextAlert): TextReading['header'] {
  if (text.time !== undefined) return 'time-and-priority';
  return text.priority === undefined ? 'none' : 'priority';
}

function matchNotes(best: ScoredCandidate): string[] {
  const notes: string[] = [];
  if (best.candidate.match === 'reworded-title')
    notes.push(
      `no loaded rule's output starts like this line; ${JSON.stringify(best.candidate.rule)} prints ` +
        `${JSON.stringify(best.indexed.title)}, the same title reworded (another Falco version's wording), and ` +
        "the line's labels agree with its output: values were read from the key=value labels",
    );
  if (best.candidate.match === 'title')
    notes.push(
      "only the title matched: the line was printed by another version of this rule's output; " +
        'values were read from its key=value labels',
    );
  if (best.candidate.condition === 'false')
    notes.push(`the loaded condition of ${JSON.stringify(best.candidate.rule)} is false for these values`);
  return notes;
}

export function noMatch(index: RuleIndex, text: TextAlert): Unidentified {
  const title = JSON.stringify(clip(collapse(outputTitle(text.message)), 80));
  const hints = index.closestTitles(text.message);
  const what =
    text.time === undefined
      ? `not a Falco alert line (no time and priority), and no loaded rule's output starts like ${title}`
      : `no loaded rule's output starts like ${title}`;
  return {
    kind: 'unidentified',
    input: 'text',
    reason: 'no-match',
    hints,
    message:
      what + (hints.length === 0 ? '' : `; closest: ${hints.map((hint) => JSON.stringify(hint)).join(', ')}`),
  };
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
