/**
 * What an exception would have silenced among the stored alerts of the last N days, for the modal's preview and the
 * proposal's evidence: the database narrows the alerts to those whose fields carry the exception's values (a
 * superset for prefixes and globs), then either counts them (exact values mean the same in SQL as in Falco) or the
 * engine decides each one with Falco's semantics.
 */
import type { FieldValues } from '../../falco/eval/index.js';
import {
  previewImpact,
  summarizeImpact,
  type ImpactAlert,
  type ImpactSummary,
  type Synthesis,
} from '../../falco/exceptions/index.js';
import type { Clock, FieldMatch, TriageStore } from '../ports/index.js';
import type { DeployedRules } from '../deployed-rules/index.js';

export interface ImpactDeps {
  readonly store: TriageStore;
  readonly clock: Clock;
  readonly impactWindowDays: number;
  /** Pages of stored alerts read for the preview (each up to 5,000). */
  readonly maxImpactPages?: number;
}

/**
 * What the change would have silenced among the stored alerts of the window: the database narrows the alerts to
 * those whose fields carry the exception's values (a superset for prefixes), then the engine decides each one with
 * Falco's semantics.
 */
export async function storedImpact(
  deps: ImpactDeps,
  deployed: DeployedRules,
  synthesis: Synthesis,
): Promise<ImpactSummary> {
  return (await storedImpactWithTotal(deps, deployed, synthesis)).summary;
}

/** The literal text a glob's matches all start with ('' when it starts with a wildcard). */
function globPrefix(pattern: string): string {
  let prefix = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern.charAt(i);
    if (c === '*' || c === '?' || c === '[') break;
    if (c === '\\') {
      i += 1;
      prefix += pattern.charAt(i);
    } else prefix += c;
  }
  return prefix;
}

/** The database's narrowing for one value: exact, or the prefix every match starts with (none for `*...`). */
function narrowing(value: Synthesis['values'][number]): FieldMatch | undefined {
  switch (value.comp) {
    case 'startswith':
    case 'pmatch':
      return { field: value.field, op: 'startswith', prefix: value.value };
    case 'glob': {
      const prefix = globPrefix(value.value);
      return prefix === '' ? undefined : { field: value.field, op: 'startswith', prefix };
    }
    default:
      return { field: value.field, op: 'in', values: [value.value] };
  }
}

/** The impact, and every stored alert of the rule in the same window (what "most of the rule's alerts" means). */
export async function storedImpactWithTotal(
  deps: ImpactDeps,
  deployed: DeployedRules,
  synthesis: Synthesis,
): Promise<{ readonly summary: ImpactSummary; readonly ruleTotal: number }> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - deps.impactWindowDays * 86_400_000);
  const rules = [synthesis.rule, ...synthesis.alsoAffects];
  const where = synthesis.values.flatMap((value) => narrowing(value) ?? []);
  const scope = deployed.alertsOf === undefined ? {} : { falcoTarget: deployed.alertsOf };
  const counts = await deps.store.alerts.summarize({ since, until: now, rules, where, ...scope });
  const ruleTotal = counts.totals[synthesis.rule] ?? 0;
  // Exact comparisons mean the same in SQL (text equality of the printed value) as in Falco: count in the database.
  if (synthesis.values.every((value) => value.comp === '=' || value.comp === 'in'))
    return {
      summary: await summaryFromCounts(
        deps,
        counts,
        { since, until: now, where, ...scope },
        synthesis.rule,
        rules,
      ),
      ruleTotal,
    };
  const plan = previewImpact(synthesis, deployed.load.ruleset, {
    falcoVersion: deployed.falcoVersion,
  });
  const alerts: ImpactAlert[] = [];
  let after: { eventTime: Date; id: string } | undefined;
  for (let page = 0; page < (deps.maxImpactPages ?? 40); page += 1) {
    const rows = await deps.store.alerts.scan({
      since,
      until: now,
      rules,
      where,
      ...scope,
      limit: 5000,
      ...(after === undefined ? {} : { after }),
    });
    for (const row of rows) {
      alerts.push({
        rule: row.rule,
        fields: row.outputFields as FieldValues,
        hostname: row.hostname ?? undefined,
      });
    }
    const last = rows.at(-1);
    if (rows.length < 5000 || last === undefined) break;
    after = { eventTime: last.eventTime, id: last.id };
  }
  return { summary: summarizeImpact(plan, alerts), ruleTotal };
}

/** The impact summary from database counts (every alert counted matches exactly, so all are "excepted"). */
async function summaryFromCounts(
  deps: ImpactDeps,
  all: Awaited<ReturnType<TriageStore['alerts']['summarize']>>,
  window: {
    readonly since: Date;
    readonly until: Date;
    readonly where: readonly FieldMatch[];
    readonly falcoTarget?: string;
  },
  rule: string,
  rules: readonly string[],
): Promise<ImpactSummary> {
  const own = rules.length === 1 ? all : await deps.store.alerts.summarize({ ...window, rules: [rule] });
  const byRule = Object.entries(all.byRule)
    .map(([name, count]) => ({
      rule: name,
      excepted: count,
      stillFires: 0,
      unknown: 0,
      exceptedHosts: name === rule ? own.hosts : 0,
    }))
    .sort((a, b) => b.excepted - a.excepted);
  return {
    excepted: all.total,
    stillFires: 0,
    unknown: 0,
    exceptedHosts: all.hosts,
    exceptedImages: all.images,
    byRule,
  };
}
