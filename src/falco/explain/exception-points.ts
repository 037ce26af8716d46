/**
 * The exception points of a rule for one alert: the places where the rule's authors (or its users) can say "not
 * this", and what else each would silence.
 * - `list`: a list compared negated (`not proc.name in (..., hids_binaries, ...)`, directly or inside a macro the
 *   rule uses, possibly through nested lists) on a field the alert has a value for;
 * - `macro`: a negated macro meant for tuning: `user_*` (`user_known_read_sensitive_files_activities`) or a hook
 *   whose body is `never_true`-like;
 * - `exception`: the rule's named exceptions (values can be added to them).
 * `usedByRules` lists the other rules that use the list or macro (directly or through macros); `silences` and `widens`
 * split them by what extending the point does to each (effects.ts): fire less, or fire more (a rule using the name
 * without "not"). `silencesAlert` says whether extending the point for this alert stops the rule firing for it.
 */
import type { FieldValue } from '../alert/index.js';
import { notTruth, type Truth } from '../eval/index.js';
import { nameChangeEffects } from '../exceptions/index.js';
import type { LoadedRule, Ruleset } from '../rules/index.js';
import type { FalcoVersion } from '../version.js';
import { keysBelow, type TreeResults } from './evaluate-tree.js';
import type { XNode } from './expand.js';

export interface ExceptionPoint {
  readonly kind: 'list' | 'macro' | 'exception';
  readonly name: string;
  /** The field compared (lists), the only field (exceptions); null for macros and multi-field exceptions. */
  readonly field: string | null;
  /** Every field involved: the list's field, the exception's fields, the fields the macro reads. */
  readonly fields: readonly string[];
  /** The alert's value of `field`. */
  readonly value?: FieldValue;
  /** Macros between the rule's condition and the use, outermost first. */
  readonly via: readonly string[];
  /** Other rules that use it (directly or through macros and nested lists). */
  readonly usedByRules: readonly string[];
  /** Other rules that extending it would also silence. */
  readonly silences: readonly string[];
  /** Other rules that extending it would make fire more (they use it without "not"). */
  readonly widens: readonly string[];
  /** Would extending it for this alert stop the rule firing? */
  readonly silencesAlert: Truth;
  /** Items of the list, or value rows of the exception. */
  readonly size?: number;
  /** For a list named among another list's items: that list (appending here extends it too). */
  readonly partOf?: string;
}

export interface PointContext {
  readonly rule: LoadedRule;
  readonly ruleset: Ruleset;
  readonly falcoVersion: FalcoVersion;
  readonly condition: XNode;
  readonly results: TreeResults;
  /** The rule's result for a result of its condition (the rule's exceptions applied). */
  readonly overall: (conditionResult: Truth) => Truth;
  /** The alert has a (non-null) value for the field. */
  readonly hasValue: (field: string) => boolean;
}

/** A macro whose whole body is `never_true`: a hook left for users to override (`allowed_ssh_hosts`). */
const HOOK_BODY = /^\(?\s*never_true\s*\)?$/;

export function exceptionPoints(context: PointContext): ExceptionPoint[] {
  const { rule, ruleset, condition, results } = context;
  const macroBodies = new Map(ruleset.macros.map((macro) => [macro.name, macro.condition.trim()]));
  const listByName = new Map(ruleset.lists.map((list) => [list.name, list]));
  const others = (names: readonly string[] | undefined): string[] =>
    [...new Set(names ?? [])].filter((name) => name !== rule.name).sort();
  const reach = (kind: 'list' | 'macro', name: string): { silences: string[]; widens: string[] } => {
    const effects = nameChangeEffects(ruleset, context.falcoVersion, { kind, name, movement: 'grows' });
    return { silences: others(effects.silenced), widens: others(effects.widened) };
  };

  const points: ExceptionPoint[] = rule.exceptions.map((exception) => {
    const fields = entryItems(exception.fields);
    return {
      kind: 'exception',
      name: exception.name,
      field: fields.length === 1 ? (fields[0] ?? null) : null,
      fields,
      via: [],
      usedByRules: [],
      silences: [],
      widens: [],
      silencesAlert: 'unknown',
      size: exception.values.length,
    };
  });

  // Would the rule still fire if every check naming the list on that field (or the macro) held? Only the paths that
  // contain one are re-evaluated (keysBelow).
  const silencedIf = (key: string, target: (node: XNode) => boolean): Truth =>
    notTruth(
      context.overall(
        results.whatIf(
          condition,
          (x) => (target(x) ? 'true' : undefined),
          (x) => keysBelow(x).has(key),
        ),
      ),
    );
  const seen = new Set<string>();
  const walked = new Set<string>();
  const walk = (node: XNode, negated: boolean, via: readonly string[]): void => {
    switch (node.kind) {
      case 'and':
      case 'or':
        for (const child of node.children) walk(child, negated, via);
        return;
      case 'not':
        walk(node.child, !negated, via);
        return;
      case 'unresolved':
        return;
      case 'macro': {
        const key = `${node.name}\u0000${String(negated)}`;
        if (negated && (node.name.startsWith('user_') || HOOK_BODY.test(macroBodies.get(node.name) ?? ''))) {
          if (!seen.has(`macro\u0000${node.name}`)) {
            seen.add(`macro\u0000${node.name}`);
            const silences = silencedIf(
              `macro\u0000${node.name}`,
              (x) => x.kind === 'macro' && x.name === node.name,
            );
            points.push({
              kind: 'macro',
              name: node.name,
              field: null,
              fields: fieldsRead(node),
              via,
              usedByRules: others(ruleset.macroUsage.get(node.name)?.rules),
              ...reach('macro', node.name),
              silencesAlert: silences,
            });
          }
        }
        if (node.child !== undefined && !walked.has(key)) {
          walked.add(key);
          walk(node.child, negated, [...via, node.name]);
        }
        return;
      }
      case 'check': {
        if (!negated || !node.setOperator) return;
        const value = results.trace(node)?.value;
        if (value === undefined || value === null) return;
        for (const list of node.lists) {
          if (seen.has(`list\u0000${list.name}\u0000${node.field}`)) continue;
          const key = `list\u0000${list.name}\u0000${node.field}`;
          const silences = silencedIf(key, (x) => x.kind === 'check' && keysBelow(x).has(key));
          const add = (name: string, partOf: string | undefined): void => {
            const key = `list\u0000${name}\u0000${node.field}`;
            if (seen.has(key)) return;
            seen.add(key);
            const loaded = listByName.get(name);
            points.push({
              kind: 'list',
              name,
              field: node.field,
              fields: [node.field],
              value,
              via,
              usedByRules: others(ruleset.listUsage.get(name)?.rules),
              ...reach('list', name),
              silencesAlert: silences,
              size: name === list.name ? list.items.length : (loaded?.resolvedItems.length ?? 0),
              ...(partOf === undefined ? {} : { partOf }),
            });
            for (const nested of loaded?.nestedLists ?? []) add(nested, name);
          };
          add(list.name, undefined);
        }
      }
    }
  };
  walk(condition, false, []);
  // A values row for this alert silences it, if the alert has every field the exception compares.
  return points.map((point) =>
    point.kind === 'exception'
      ? { ...point, silencesAlert: point.fields.every(context.hasValue) ? 'true' : 'unknown' }
      : point,
  );
}

function entryItems(entry: LoadedRule['exceptions'][number]['fields']): string[] {
  if (entry === undefined) return [];
  if (entry.kind === 'item') return [entry.item];
  return entry.items.flatMap((item) => (item.kind === 'item' ? [item.item] : []));
}

/** Fields a macro's expansion reads, in order, at most 10. */
function fieldsRead(node: XNode): string[] {
  const fields = new Set<string>();
  const visited = new Set<XNode>();
  const visit = (x: XNode): void => {
    if (fields.size >= 10 || visited.has(x)) return;
    visited.add(x);
    if (x.kind === 'check') fields.add(x.field);
    else if (x.kind === 'and' || x.kind === 'or') x.children.forEach(visit);
    else if (x.kind === 'not') visit(x.child);
    else if (x.kind === 'macro' && x.child !== undefined) visit(x.child);
  };
  visit(node);
  return [...fields];
}
