/**
 * Explaining an identified alert: the rule's description, priority, tags and source; its condition as written and
 * as an evaluated tree (macros expanded, lists named); its existing exceptions and whether they match; its exception
 * points with what else each would silence; and a summary sentence.
 *
 * `createExplainer` keeps per-ruleset work (parsed macros, prepared checks, exception conditions) across calls, so
 * explaining many alerts of the same rules costs one evaluation each.
 */
import type { FieldValues } from '../eval/index.js';
import { notTruth, type Truth } from '../eval/index.js';
import type { FieldTypeLookup } from '../eval/index.js';
import type { Identified } from '../identify/index.js';
import {
  exceptionCondition,
  type LoadedRule,
  type Priority,
  type Ruleset,
  type SourcePosition,
} from '../rules/index.js';
import { NEWEST_VERSION, type FalcoVersion } from '../version.js';
import { boundTree } from './bound-tree.js';
import { combine, evaluateTree } from './evaluate-tree.js';
import { exceptionPoints, type ExceptionPoint } from './exception-points.js';
import { Expander, type XNode } from './expand.js';
import { absentFields, summarize } from './summary.js';
import { DEFAULT_TREE_LIMITS, type ExplainNode, type TreeLimits } from './tree.js';

/** One of the rule's named exceptions, and whether it matches the alert (`true`: the alert is excepted by it). */
export interface ExceptionResult {
  readonly name: string;
  readonly fields: readonly string[];
  readonly comps: readonly string[];
  /** Value rows. */
  readonly values: number;
  readonly matches: Truth;
  /** The exception's condition, evaluated (absent when it has no values or could not be built). */
  readonly tree?: ExplainNode;
}

export interface Explanation {
  readonly rule: string;
  readonly desc: string;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly source: string;
  readonly enabled: boolean;
  readonly definedAt: SourcePosition;
  /** The condition as written (after appends, before exceptions). */
  readonly condition: string;
  /** The rule on this alert: its condition holds and none of its exceptions matches. `true` = it fires. */
  readonly result: Truth;
  /** The condition alone. */
  readonly conditionResult: Truth;
  readonly tree: ExplainNode;
  readonly exceptions: readonly ExceptionResult[];
  readonly exceptionPoints: readonly ExceptionPoint[];
  /** Fields the condition reads that the alert does not carry (why some results are unknown). */
  readonly missingFields: readonly string[];
  readonly summary: string;
}

export interface ExplainerOptions {
  /** The Falco version the rules were loaded as (the condition grammar); default the newest modelled. */
  readonly falcoVersion?: FalcoVersion;
  readonly fieldType?: FieldTypeLookup;
  readonly limits?: Partial<TreeLimits>;
}

export interface Explainer {
  /** Undefined when the identified rule is not in this explainer's ruleset. */
  explain(identified: Pick<Identified, 'rule' | 'fields'>): Explanation | undefined;
}

interface PreparedException {
  readonly name: string;
  readonly fields: readonly string[];
  readonly comps: readonly string[];
  readonly values: number;
  readonly node: XNode | undefined;
}

export function createExplainer(ruleset: Ruleset, options: ExplainerOptions = {}): Explainer {
  const evalOptions = options.fieldType === undefined ? {} : { fieldType: options.fieldType };
  const expander = new Expander(ruleset, options.falcoVersion ?? NEWEST_VERSION, evalOptions);
  const limits: TreeLimits = { ...DEFAULT_TREE_LIMITS, ...options.limits };
  const rules = new Map(ruleset.rules.map((rule) => [rule.name, rule]));
  const exceptionCache = new Map<string, readonly PreparedException[]>();

  const prepareExceptions = (rule: LoadedRule): readonly PreparedException[] => {
    const cached = exceptionCache.get(rule.name);
    if (cached !== undefined) return cached;
    const prepared = rule.exceptions.map((exception): PreparedException => {
      const text = exceptionCondition(exception);
      const node = text.ok && text.value !== '' ? expander.text(text.value) : undefined;
      return {
        name: exception.name,
        fields: items(exception.fields),
        comps: items(exception.comps),
        values: exception.values.length,
        node,
      };
    });
    exceptionCache.set(rule.name, prepared);
    return prepared;
  };

  return {
    explain: (identified) => {
      const rule = rules.get(identified.rule);
      if (rule === undefined) return undefined;
      const fields = identified.fields as FieldValues;
      const condition = expander.rule(rule);
      const results = evaluateTree(condition, fields);
      const exceptions = prepareExceptions(rule).map(
        (exception): { result: ExceptionResult; node?: XNode } => {
          if (exception.node === undefined) return { result: { ...base(exception), matches: 'false' } };
          const evaluated = evaluateTree(exception.node, fields);
          const matches = evaluated.result(exception.node);
          return {
            result: { ...base(exception), matches, tree: boundTree(exception.node, evaluated, limits) },
            node: exception.node,
          };
        },
      );
      const notExcepted = exceptions.map(({ result }) => notTruth(result.matches));
      const overall = (conditionResult: Truth): Truth => combine('and', [conditionResult, ...notExcepted]);
      const conditionResult = results.result(condition);
      const result = overall(conditionResult);
      const has = (field: string): boolean => {
        const value = fields[field];
        return value !== undefined && value !== null;
      };
      return {
        rule: rule.name,
        desc: rule.desc.trim(),
        priority: rule.priority,
        tags: rule.tags,
        source: rule.source,
        enabled: rule.enabled,
        definedAt: rule.definedAt,
        condition: rule.condition.trim(),
        result,
        conditionResult,
        tree: boundTree(condition, results, limits),
        exceptions: exceptions.map((entry) => entry.result),
        exceptionPoints: exceptionPoints({
          rule,
          ruleset,
          falcoVersion: options.falcoVersion ?? NEWEST_VERSION,
          condition,
          results,
          overall,
          hasValue: has,
        }),
        missingFields: absentFields(condition, results),
        summary: summarize({
          condition,
          results,
          result,
          matchingExceptions: exceptions.filter((e) => e.result.matches === 'true').map((e) => e.result.name),
        }),
      };
    },
  };
}

function base(exception: PreparedException): Omit<ExceptionResult, 'matches' | 'tree'> {
  return { name: exception.name, fields: exception.fields, comps: exception.comps, values: exception.values };
}

function items(entry: LoadedRule['exceptions'][number]['fields']): string[] {
  if (entry === undefined) return [];
  if (entry.kind === 'item') return [entry.item];
  return entry.items.flatMap((item) => (item.kind === 'item' ? [item.item] : []));
}
