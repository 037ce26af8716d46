/**
 * The `match` block that picks alerts, shared by the routes file (which channel) and the targets file (which Falco
 * deployment). It follows Falco Talon's (`rules`, `priority`, `tags`, `output_fields`), which Falco users already
 * know, plus `source` and `hostnames`:
 *
 *   match:
 *     rules: ["Disallowed K8s User", "K8s *"]       # globs; any of them
 *     priority: ">=Warning"                          # <, <=, =, >=, > and a priority; "Warning" means >=
 *     tags: ["k8s, mitre_persistence", "container"]  # any entry; an entry's comma-separated tags all
 *     source: k8s_audit                              # one or a list
 *     hostnames: ["prod-*"]                          # globs
 *     output_fields: ["k8s.ns.name!=kube-system, k8s.ns.name!=falco"]  # any entry; all conditions of one
 *
 * Every key given must fit; an empty block matches every alert.
 */
import { z } from 'zod';
import type { Alert } from '../../falco/alert/index.js';
import {
  PRIORITIES,
  compareSeverity,
  compileRuleGlob,
  fieldValueToText,
  parsePriority,
  severity,
  type Priority,
} from '../../falco/alert/index.js';

export type Comparator = '<' | '<=' | '=' | '>=' | '>';

export interface FieldCondition {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

export interface AlertMatch {
  readonly rules?: readonly string[];
  readonly priority?: { readonly comparator: Comparator; readonly priority: Priority };
  /** Any of the sets; every tag of a set. */
  readonly tags?: readonly (readonly string[])[];
  readonly sources?: readonly string[];
  readonly hostnames?: readonly string[];
  /** Any of the sets; every condition of a set. */
  readonly outputFields?: readonly (readonly FieldCondition[])[];
}

export const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const priorityText = z.string().transform((text, ctx) => {
  const found = /^\s*(<=|>=|<|>|=)?\s*(\S+)\s*$/.exec(text);
  const priority = found?.[2] === undefined ? undefined : parsePriority(found[2]);
  if (found === null || priority === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected an optional comparator (<, <=, =, >=, >) and one of ${PRIORITIES.join(', ')}`,
    });
    return z.NEVER;
  }
  return { comparator: (found[1] ?? '>=') as Comparator, priority };
});

const fieldConditions = z.string().transform((text, ctx) => {
  const conditions: FieldCondition[] = [];
  for (const part of text.split(',')) {
    const found = /^\s*([^\s=!]+)\s*(!=|=)\s*(.*?)\s*$/.exec(part);
    if (found === null || found[1] === undefined || found[3] === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected field=value or field!=value, got "${part.trim()}"` });
      return z.NEVER;
    }
    conditions.push({ field: found[1], operator: found[2] === '!=' ? '!=' : '=', value: found[3] });
  }
  return conditions;
});

/** The keys of a `match` block, for a file's schema to build its own (strict) object from. */
export const matchShape = {
  rules: stringOrList.optional(),
  priority: priorityText.optional(),
  tags: stringOrList.optional(),
  source: stringOrList.optional(),
  hostnames: stringOrList.optional(),
  output_fields: z.union([fieldConditions, z.array(fieldConditions).min(1)]).optional(),
};

export type MatchInput = z.infer<z.ZodObject<typeof matchShape>>;

export function asList(value: string | readonly string[] | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value;
}

function splitTags(entries: readonly string[]): readonly (readonly string[])[] {
  return entries.map((entry) =>
    entry
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
  );
}

/** A parsed `match` block as the matcher reads it. */
export function toAlertMatch(match: MatchInput): AlertMatch {
  return {
    ...(match.rules === undefined ? {} : { rules: asList(match.rules) }),
    ...(match.priority === undefined ? {} : { priority: match.priority }),
    ...(match.tags === undefined ? {} : { tags: splitTags(asList(match.tags) ?? []) }),
    ...(match.source === undefined ? {} : { sources: asList(match.source) }),
    ...(match.hostnames === undefined ? {} : { hostnames: asList(match.hostnames) }),
    ...(match.output_fields === undefined
      ? {}
      : {
          outputFields: Array.isArray(match.output_fields[0])
            ? (match.output_fields as FieldCondition[][])
            : [match.output_fields as FieldCondition[]],
        }),
  };
}

type Matcher = (alert: Alert) => boolean;

/** True when any of the globs matches (rule-name globs: `*`, `?`, `\\` escapes; everything else literal). */
export function anyGlob(patterns: readonly string[]): (name: string) => boolean {
  const matchers = patterns.map(compileRuleGlob);
  return (name) => matchers.some((matches) => matches(name));
}

function fieldCondition(condition: FieldCondition): Matcher {
  return (alert) => {
    const value = alert.fields[condition.field];
    // An absent or <NA> field is "not equal" to any value, as in Talon.
    const text = value === undefined ? undefined : fieldValueToText(value);
    const equal = text === condition.value;
    return condition.operator === '=' ? equal : !equal;
  };
}

/** Compiles a match once into a cheap predicate (it runs for every alert at intake). */
export function compileMatch(match: AlertMatch): Matcher {
  const checks: Matcher[] = [];
  if (match.rules !== undefined) {
    const rules = anyGlob(match.rules);
    checks.push((alert) => rules(alert.rule));
  }
  if (match.priority !== undefined) {
    const { comparator, priority } = match.priority;
    const wanted = severity(priority);
    checks.push((alert) => compareSeverity(comparator, alert.severity, wanted));
  }
  if (match.tags !== undefined) {
    const sets = match.tags;
    checks.push((alert) => sets.some((set) => set.every((tag) => alert.tags.includes(tag))));
  }
  if (match.sources !== undefined) {
    const sources = new Set(match.sources);
    checks.push((alert) => sources.has(alert.source));
  }
  if (match.hostnames !== undefined) {
    const hostnames = anyGlob(match.hostnames);
    checks.push((alert) => alert.hostname !== undefined && hostnames(alert.hostname));
  }
  if (match.outputFields !== undefined) {
    const sets = match.outputFields.map((set) => set.map(fieldCondition));
    checks.push((alert) => sets.some((set) => set.every((check) => check(alert))));
  }
  return (alert) => checks.every((check) => check(alert));
}
