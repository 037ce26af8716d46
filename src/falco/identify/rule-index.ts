/**
 * What identification precomputes per ruleset, once: each rule's parsed output template, its title, which label
 * names which field, and (lazily) its compiled condition; titles bucketed by their first characters so a line is
 * compared with the few rules whose title can start it.
 */
import type { FieldMap } from '../alert/index.js';
import {
  compileCondition,
  type CompiledCondition,
  type EvalOptions,
  type FieldValues,
} from '../eval/index.js';
import type { LoadedRule, Ruleset } from '../rules/index.js';
import { editDistance } from './closest-names.js';
import { outputTitle, parseOutputTemplate, type OutputTemplate } from './output-template.js';

export interface IndexedRule {
  readonly rule: LoadedRule;
  /** Definition order, the tie-breaker (Falco's first-match order). */
  readonly order: number;
  readonly template: OutputTemplate;
  /** Whitespace collapsed, for prefix comparison. */
  readonly title: string;
  /** `user` → `user.name`: the field each label of the template prints. */
  readonly labelFields: ReadonlyMap<string, string>;
  /** The rule's condition (with exceptions) over an alert; `unknown` when the rule did not compile. */
  readonly evaluate: (fields: FieldMap) => 'true' | 'false' | 'unknown';
}

const BUCKET = 4;

export class RuleIndex {
  readonly rules: readonly IndexedRule[];
  readonly byName: ReadonlyMap<string, IndexedRule>;
  private readonly buckets = new Map<string, IndexedRule[]>();
  /** Rules whose title is shorter than a bucket key (or empty): compared with every line. */
  private readonly short: IndexedRule[] = [];
  private readonly longestTitle: number;
  /** Non-empty titles and their rules, for hints. */
  private readonly titles = new Map<string, string[]>();
  /** The last reworded-title lookup (a line's title is looked up twice: where alerts start, then ranking). */
  private lastReworded: { readonly title: string; readonly matches: readonly IndexedRule[] } | undefined;

  constructor(ruleset: Ruleset, evalOptions: EvalOptions) {
    this.rules = ruleset.rules.map((rule, order) => indexRule(rule, order, evalOptions));
    const byName = new Map<string, IndexedRule>();
    for (const indexed of this.rules) {
      byName.set(indexed.rule.name, indexed);
      if (indexed.title !== '') {
        const named = this.titles.get(indexed.title);
        if (named === undefined) this.titles.set(indexed.title, [indexed.rule.name]);
        else named.push(indexed.rule.name);
      }
      if (indexed.title.length < BUCKET) this.short.push(indexed);
      else {
        const key = indexed.title.slice(0, BUCKET);
        const bucket = this.buckets.get(key);
        if (bucket === undefined) this.buckets.set(key, [indexed]);
        else bucket.push(indexed);
      }
    }
    this.byName = byName;
    this.longestTitle = Math.max(0, ...this.rules.map((indexed) => indexed.title.length));
  }

  /**
   * Rules whose title is close to how `message` starts (a reworded title, a typo): edit distance between each title
   * and the message's prefix of the title's length, at most a third of the title. Closest first.
   */
  closestTitles(message: string, limit = 3): string[] {
    const text = collapse(message);
    const scored: { rules: readonly string[]; distance: number }[] = [];
    for (const [title, rules] of this.titles) {
      const bound = Math.floor(title.length / 3);
      const distance = editDistance(text.slice(0, title.length), title, bound);
      if (distance <= bound) scored.push({ rules, distance });
    }
    return scored
      .sort((a, b) => a.distance - b.distance)
      .flatMap((entry) => entry.rules)
      .slice(0, limit);
  }

  /**
   * Rules whose title is the line's title reworded: another Falco version's wording of the same output ("Shell
   * history had been deleted or renamed" against "Shell history deleted or renamed"). Word-level edit distance, at
   * most a third of the longer title's words; titles of fewer than three words are too generic to compare. Used only
   * when no title starts the line; the caller also requires the labels to agree. Closest first, then definition order.
   */
  rewordedTitleMatches(message: string): IndexedRule[] {
    const title = outputTitle(message);
    if (this.lastReworded?.title === title) return [...this.lastReworded.matches];
    const matches = this.computeReworded(title);
    this.lastReworded = { title, matches };
    return [...matches];
  }

  private computeReworded(lineTitle: string): IndexedRule[] {
    const line = words(lineTitle);
    if (line.length < MIN_TITLE_WORDS) return [];
    const scored: { indexed: IndexedRule; distance: number }[] = [];
    for (const indexed of this.rules) {
      const title = words(indexed.title);
      if (title.length < MIN_TITLE_WORDS) continue;
      const bound = Math.floor(Math.max(line.length, title.length) / 3);
      const [a, b] = encodeWords(line, title);
      const distance = editDistance(a, b, bound);
      if (distance <= bound) scored.push({ indexed, distance });
    }
    return scored
      .sort((x, y) => x.distance - y.distance || x.indexed.order - y.indexed.order)
      .map((entry) => entry.indexed);
  }

  /**
   * Where a title of at least `minLength` characters starts inside `text` at or after `from`, not inside a title
   * found earlier (one title may hold another): where a second output may begin in text that has no headers to say
   * so. Ascending, at most `limit`.
   */
  titlesIn(text: string, from: number, minLength: number, limit: number): number[] {
    const found = new Map<number, number>();
    for (const title of this.titles.keys()) {
      if (title.length < minLength) continue;
      for (let at = text.indexOf(title, from); at >= 0; at = text.indexOf(title, at + 1))
        found.set(at, Math.max(found.get(at) ?? 0, title.length));
    }
    const starts: number[] = [];
    let covered = from;
    for (const [at, length] of [...found].sort((a, b) => a[0] - b[0])) {
      if (at < covered) continue;
      starts.push(at);
      covered = at + length;
      if (starts.length === limit) break;
    }
    return starts;
  }

  /**
   * The start of `message` with whitespace collapsed, long enough to compare with every title: a line is looked at
   * several times (where alerts start, then ranking), and its values may run to kilobytes.
   */
  private collapsedStart(message: string): string {
    for (let length = this.longestTitle + 64; ; length *= 4) {
      if (length >= message.length) return collapse(message);
      const start = collapse(message.slice(0, length));
      if (start.length > this.longestTitle) return start;
    }
  }

  /** Rules whose title starts `message` (whitespace collapsed), in definition order. */
  titleMatches(message: string): IndexedRule[] {
    const text = this.collapsedStart(message);
    const found = [
      ...(this.buckets.get(text.slice(0, BUCKET)) ?? []).filter((indexed) => text.startsWith(indexed.title)),
      ...this.short.filter((indexed) => text.startsWith(indexed.title)),
    ];
    return found.sort((a, b) => a.order - b.order);
  }
}

const MIN_TITLE_WORDS = 3;

function words(title: string): string[] {
  return title
    .toLowerCase()
    .split(/[^a-z0-9_.-]+/)
    .filter((word) => word !== '');
}

/** Two word lists as strings of one character per distinct word, so the character edit distance counts words. */
function encodeWords(a: readonly string[], b: readonly string[]): [string, string] {
  const codes = new Map<string, string>();
  const encode = (list: readonly string[]): string =>
    list
      .map((word) => {
        let code = codes.get(word);
        if (code === undefined) {
          code = String.fromCharCode(0x100 + codes.size);
          codes.set(word, code);
        }
        return code;
      })
      .join('');
  return [encode(a), encode(b)];
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function indexRule(rule: LoadedRule, order: number, evalOptions: EvalOptions): IndexedRule {
  const template = parseOutputTemplate(rule.output);
  const labelFields = new Map<string, string>();
  for (const token of template.tokens)
    if (token.kind === 'field' && token.label !== undefined && !labelFields.has(token.label))
      labelFields.set(token.label, token.key);
  let compiled: CompiledCondition | undefined;
  const ast = rule.compiled?.ast;
  return {
    rule,
    order,
    template,
    title: collapse(template.title),
    labelFields,
    evaluate: (fields) => {
      if (ast === undefined) return 'unknown';
      compiled ??= compileCondition(ast, evalOptions);
      return compiled(fields as FieldValues);
    },
  };
}
