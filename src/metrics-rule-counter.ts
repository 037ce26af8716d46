/**
 * A counter of alerts by rule and priority whose cardinality stays bounded. Rule names come from the alerts, and so
 * from whoever can send one: a sender inventing a new rule name per alert must not grow the time series (each costs
 * Prometheus memory for good) or this process's memory without limit. The first `MAX_RULES` distinct names get a
 * series of their own; later ones count under `rule="other"`. A label value is made safe for the text exposition
 * (well-formed Unicode, no control characters, at most `MAX_LABEL_CHARS` characters) so that no alert can break a
 * scrape.
 *
 * On the intake hot path, counting an alert of a rule seen before is one Map lookup and an increment.
 */
import type { Counter } from 'prom-client';

export const MAX_RULES = 500;
export const OTHER_RULE = 'other';
const MAX_LABEL_CHARS = 200;
/** Distinct (rule text, priority) keys remembered: several texts can share one label once cut to length. */
const MAX_CACHED_KEYS = MAX_RULES * 16;

export class RuleCounter {
  readonly #counter: Counter<'rule' | 'priority'>;
  /** `priority \0 rule text` → the series it counts in. */
  readonly #series = new Map<string, Counter.Internal>();
  /** Rule labels that have a series of their own (at most MAX_RULES). */
  readonly #rules = new Set<string>();
  /** The `rule="other"` series, by priority. */
  readonly #others = new Map<string, Counter.Internal>();

  constructor(counter: Counter<'rule' | 'priority'>) {
    this.#counter = counter;
  }

  inc(rule: string, priority: string): void {
    const key = `${priority}\u0000${rule}`;
    (this.#series.get(key) ?? this.#seriesFor(key, rule, priority)).inc();
  }

  #seriesFor(key: string, rule: string, priority: string): Counter.Internal {
    const label = safeLabelValue(rule);
    const priorityLabel = safeLabelValue(priority);
    if (!this.#rules.has(label) && this.#rules.size >= MAX_RULES) return this.#other(priorityLabel);
    this.#rules.add(label);
    const series = this.#counter.labels({ rule: label, priority: priorityLabel });
    if (this.#series.size < MAX_CACHED_KEYS) this.#series.set(key, series);
    return series;
  }

  #other(priority: string): Counter.Internal {
    let series = this.#others.get(priority);
    if (series === undefined) {
      series = this.#counter.labels({ rule: OTHER_RULE, priority });
      this.#others.set(priority, series);
    }
    return series;
  }
}

/**
 * The text as a label value every Prometheus parser takes: lone surrogates become U+FFFD (they cannot be written as
 * UTF-8), control characters a space, and long texts are cut (at a code point, with an ellipsis).
 */
export function safeLabelValue(text: string): string {
  const clean = text.toWellFormed().replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  if (clean.length <= MAX_LABEL_CHARS) return clean;
  return `${Array.from(clean)
    .slice(0, MAX_LABEL_CHARS - 1)
    .join('')}…`;
}
