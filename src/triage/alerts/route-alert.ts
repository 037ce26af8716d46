import type { Alert } from '../../falco/alert/index.js';
import { fieldValueToText } from '../../falco/alert/index.js';
import { severity } from '../../falco/alert/index.js';
import { compileRuleGlob } from '../../falco/alert/index.js';
import type { FieldCondition, Route, RouteAction, RouteMatch, RoutesFile } from './routes-file.js';

export interface RouteDecision {
  /** The route's name, or `default` when no route claimed the alert. */
  readonly route: string;
  readonly action: RouteAction;
}

type Matcher = (alert: Alert) => boolean;

/** True when any of the globs matches (rule-name globs: `*`, `?`, `\\` escapes; everything else literal). */
function anyGlob(patterns: readonly string[]): (name: string) => boolean {
  const matchers = patterns.map(compileRuleGlob);
  return (name) => matchers.some((matches) => matches(name));
}

function compareSeverity(comparator: string, actual: number, wanted: number): boolean {
  switch (comparator) {
    case '<':
      return actual < wanted;
    case '<=':
      return actual <= wanted;
    case '=':
      return actual === wanted;
    case '>':
      return actual > wanted;
    default:
      return actual >= wanted;
  }
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

function compileMatch(match: RouteMatch): Matcher {
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

/**
 * Compiles the routes once; the returned function decides an alert's route (first match wins; otherwise the
 * default channel, or store-only when there is none). Pure and cheap: it runs for every alert at intake.
 */
export function createRouter(
  file: Pick<RoutesFile, 'routes'>,
  defaultChannel: string | undefined,
): (alert: Alert) => RouteDecision {
  const compiled = file.routes.map((route: Route) => ({ route, matches: compileMatch(route.match) }));
  const fallback: RouteDecision =
    defaultChannel === undefined
      ? { route: 'default', action: { kind: 'store' } }
      : { route: 'default', action: { kind: 'post', channels: [defaultChannel] } };
  return (alert) => {
    for (const { route, matches } of compiled) {
      if (matches(alert)) return { route: route.name, action: route.action };
    }
    return fallback;
  };
}
