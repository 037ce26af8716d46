/**
 * The items an input splits into: each an alert or a problem, with where it was (index, line) so a reply can say
 * "line 14: …". `Items` collects them and stops after a bounded number of problems.
 */
import { alertIssue, alertProblem, type AlertProblem } from './alert-problem.js';
import type { Alert } from './alert.js';
import type { TextAlert } from './text-line.js';

export type ReadAlert =
  /** `value` is the decoded JSON as received, for storage. */
  | { readonly kind: 'json'; readonly alert: Alert; readonly value: unknown }
  | { readonly kind: 'text'; readonly alert: TextAlert };

export interface ItemPlace {
  /** 0-based position among the items (for a JSON array: the element's index). */
  readonly index: number;
  /** 1-based line of the original text where the item starts. */
  readonly line: number;
  /** `[2] (line 14)` for array elements, `line 14` otherwise, '' for a lone object: for messages. */
  readonly location: string;
}

export type ReadItem =
  | (ItemPlace & { readonly ok: true; readonly input: ReadAlert })
  | (ItemPlace & {
      readonly ok: false;
      readonly problem: AlertProblem;
      /** The decoded JSON when the item was JSON but not a valid alert (so intake can keep it). */
      readonly value?: unknown;
    });

/** The item's problem as one line: `line 14: "priority": expected …`. */
export function describeItemProblem(item: ReadItem & { readonly ok: false }): string {
  return item.location === '' ? item.problem.message : `${item.location}: ${item.problem.message}`;
}

export const DEFAULT_MAX_PROBLEMS = 1000;

/** Collects items and stops, with a final item saying where, once `maxProblems` invalid items were collected. */
export class Items {
  readonly list: ReadItem[] = [];
  private problems = 0;
  private stopped = false;

  constructor(private readonly maxProblems: number) {}

  get full(): boolean {
    return this.stopped;
  }

  get next(): number {
    return this.list.length;
  }

  add(item: ReadItem): void {
    if (this.stopped) return;
    if (!item.ok && this.problems >= this.maxProblems) {
      const where = item.location === '' ? `item ${item.index}` : item.location;
      const message = `stopped reading at ${where} after ${this.maxProblems} invalid items; the rest was not read`;
      this.list.push({ ...item, problem: alertProblem(alertIssue('too_many_problems', undefined, message)) });
      this.stopped = true;
      return;
    }
    if (!item.ok) this.problems += 1;
    this.list.push(item);
  }
}
