/**
 * A line that holds several alerts (a log collector joined lines, or cut one short and went on with the next; two
 * outputs pasted together):
 * which one to explain, or why none can be named without guessing.
 *
 * A part is complete when a rule's output template fits it; a part matched by its title only is cut off, or printed
 * by another version of the rule.
 * - Every part names the same rule: the first complete part is explained (else the first), with a notice that the
 *   line held more alerts of that rule (whose values may differ).
 * - Exactly one part is complete: it is explained, with a notice naming the others. Unless it is not the first part
 *   and the line read whole, from the first part, fits another rule completely: the later "alert" may then be text
 *   inside one of the first alert's values, and the answer is ambiguous.
 * - Otherwise (complete alerts of different rules, or none complete): ambiguous, each part's best rule listed.
 */
import type { Ambiguous, AmbiguousCandidate, OtherAlert } from './identification.js';
import type { LineAlerts, LinePart } from './line-alerts.js';
import type { ScoredCandidate } from './text-candidates.js';

export type GluedDecision =
  /** Explain `part`; the line's other alerts and a notice for people go with the answer. */
  | {
      readonly kind: 'one';
      readonly part: LinePart;
      readonly others: readonly OtherAlert[];
      readonly notice: string;
    }
  | { readonly kind: 'ambiguous'; readonly ambiguity: Ambiguous };

export function decideGlued(found: LineAlerts): GluedDecision {
  const { parts } = found;
  const known = parts.filter((part) => part.ranked.length > 0);
  const rules = new Set(known.map((part) => best(part).candidate.rule));
  const complete = known.filter((part) => isComplete(best(part)));

  const first = complete[0] ?? known[0];
  if (rules.size === 1 && first !== undefined && known.length === parts.length) {
    const notice =
      `this line holds ${parts.length} alerts of "${ruleOf(first)}" run together (joined by a log collector, or ` +
      `pasted together); this explanation is for the ${ordinal(parts.indexOf(first))} of them: explain the ` +
      'others on their own for their values';
    return one(found, first, notice);
  }
  // One rule, and text no loaded rule printed: the alert of that rule, the rest named.
  if (rules.size === 1 && first !== undefined) return one(found, first, othersNotice(parts, first));

  if (complete.length === 1) {
    const chosen = complete[0] as LinePart;
    const rule = ruleOf(chosen);
    const whole = chosen === parts[0] ? undefined : found.whole().ranked[0];
    if (whole !== undefined && isComplete(whole) && whole.candidate.rule !== rule)
      return ambiguous(
        [
          { scored: whole, text: found.whole().source },
          { scored: best(chosen), text: chosen.source },
        ],
        `this line could be one alert of "${whole.candidate.rule}" whose values hold the text of an alert of ` +
          `"${rule}", or a cut-off alert of "${whole.candidate.rule}" run together with one of "${rule}"; ` +
          'paste the alert you mean on its own',
      );
    return one(found, chosen, othersNotice(parts, chosen));
  }

  const listed = known.map((part) => `"${ruleOf(part)}"`);
  return ambiguous(
    known.map((part) => ({ scored: best(part), text: part.source })),
    `this line holds ${parts.length} alerts of different rules run together (joined by a log collector, or ` +
      `pasted together): ${listed.join(', ')}; paste one alert at a time to explain it`,
  );
}

function othersNotice(parts: readonly LinePart[], chosen: LinePart): string {
  const others = parts.filter((part) => part !== chosen);
  const named = others.map((part) => (part.ranked.length === 0 ? 'of no loaded rule' : `"${ruleOf(part)}"`));
  return (
    `this line also holds ${others.length === 1 ? 'another alert' : `${others.length} other alerts`} ` +
    `(${named.join(', ')}), cut off, or run together by a log collector or a paste; this explanation is for ` +
    `${quoted(chosen)} alone`
  );
}

function one(found: LineAlerts, chosen: LinePart, notice: string): GluedDecision {
  const others: OtherAlert[] = found.parts
    .filter((part) => part !== chosen)
    .map((part) => ({ text: part.source, rule: part.ranked.length === 0 ? null : ruleOf(part) }));
  return { kind: 'one', part: chosen, others, notice };
}

function ambiguous(
  listed: readonly { readonly scored: ScoredCandidate; readonly text: string }[],
  message: string,
): GluedDecision {
  const candidates: AmbiguousCandidate[] = listed.map(({ scored, text }) => ({
    ...scored.candidate,
    priority: scored.indexed.rule.priority,
    text,
  }));
  return {
    kind: 'ambiguous',
    ambiguity: { kind: 'ambiguous', input: 'text', reason: 'several-alerts', candidates, message },
  };
}

/** A rule's output template fits the part (not only its title). */
export function isComplete(scored: ScoredCandidate): boolean {
  return scored.candidate.match !== 'title' && scored.candidate.match !== 'reworded-title';
}

function best(part: LinePart): ScoredCandidate {
  return part.ranked[0] as ScoredCandidate;
}

function ruleOf(part: LinePart): string {
  return best(part).candidate.rule;
}

function ordinal(index: number): string {
  return ['first', 'second', 'third'][index] ?? `alert number ${index + 1}`;
}

function quoted(part: LinePart): string {
  const text = part.source;
  return JSON.stringify(text.length <= 80 ? text : `${text.slice(0, 79)}…`);
}
