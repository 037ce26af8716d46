/**
 * Impact figures over many alerts, in one pass: totals, per rule, hosts and images, for the modal's "would have
 * silenced 143 alerts of this rule on 3 hosts, and 0 alerts of other rules", the CLI's summary, and the warnings
 * of an exception broader than a false positive usually is.
 */
import { evaluateAlert, type ImpactAlert, type ImpactPlan } from './plan.js';

export interface RuleImpact {
  readonly rule: string;
  readonly excepted: number;
  readonly stillFires: number;
  readonly unknown: number;
  /** Distinct hosts among the excepted alerts. */
  readonly exceptedHosts: number;
}

export interface ImpactSummary {
  readonly excepted: number;
  readonly stillFires: number;
  readonly unknown: number;
  readonly exceptedHosts: number;
  /** Distinct container images among the excepted alerts (absent in summaries stored before it was counted). */
  readonly exceptedImages?: number;
  /** Rules with at least one alert, most excepted first. */
  readonly byRule: readonly RuleImpact[];
}

interface Counter {
  excepted: number;
  stillFires: number;
  unknown: number;
  hosts: Set<string>;
}

export function summarizeImpact(plan: ImpactPlan, alerts: Iterable<ImpactAlert>): ImpactSummary {
  const counters = new Map<string, Counter>();
  const hosts = new Set<string>();
  const images = new Set<string>();
  let excepted = 0;
  let stillFires = 0;
  let unknown = 0;
  for (const alert of alerts) {
    let counter = counters.get(alert.rule);
    if (counter === undefined) {
      counter = { excepted: 0, stillFires: 0, unknown: 0, hosts: new Set() };
      counters.set(alert.rule, counter);
    }
    // Unchanged rules need no evaluation at all.
    const verdict =
      plan.rules.has(alert.rule) || !plan.knownRules.has(alert.rule)
        ? evaluateAlert(plan, alert).verdict
        : 'still-fires';
    if (verdict === 'excepted') {
      excepted++;
      counter.excepted++;
      const host = alert.hostname ?? '';
      counter.hosts.add(host);
      hosts.add(host);
      const image = alert.fields['container.image.repository'];
      if (typeof image === 'string' && image !== '' && image !== '<NA>') images.add(image);
    } else if (verdict === 'still-fires') {
      stillFires++;
      counter.stillFires++;
    } else {
      unknown++;
      counter.unknown++;
    }
  }
  const byRule = [...counters].map(([rule, c]) => ({
    rule,
    excepted: c.excepted,
    stillFires: c.stillFires,
    unknown: c.unknown,
    exceptedHosts: c.hosts.size,
  }));
  byRule.sort((a, b) => b.excepted - a.excepted || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return { excepted, stillFires, unknown, exceptedHosts: hosts.size, exceptedImages: images.size, byRule };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "would have silenced 143 alerts of this rule on 3 hosts, and 0 alerts of other rules". */
export function describeImpact(summary: ImpactSummary, rule: string): string {
  const own = summary.byRule.find((entry) => entry.rule === rule);
  const others = summary.byRule.filter((entry) => entry.rule !== rule && entry.excepted > 0);
  const otherCount = others.reduce((sum, entry) => sum + entry.excepted, 0);
  const ownText = `${plural(own?.excepted ?? 0, 'alert')} of this rule on ${plural(own?.exceptedHosts ?? 0, 'host')}`;
  const otherText =
    others.length === 0
      ? '0 alerts of other rules'
      : `${plural(otherCount, 'alert')} of ${plural(others.length, 'other rule')}`;
  const undecided = summary.unknown > 0 ? ` (${plural(summary.unknown, 'alert')} could not be decided)` : '';
  return `would have silenced ${ownText}, and ${otherText}${undecided}`;
}

/** Past these, an exception is probably broader than one false positive: the preview says so. */
export const BROAD_IMPACT = { ruleShare: 0.5, minRuleAlerts: 20, hosts: 10, images: 5 } as const;

/**
 * Warnings for an impact that looks broader than a false positive: most of the rule's stored alerts silenced, or
 * alerts of many hosts or images. `ruleTotal` is every stored alert of the rule in the same window.
 */
export function impactWarnings(summary: ImpactSummary, rule: string, ruleTotal: number): string[] {
  const warnings: string[] = [];
  const own = summary.byRule.find((entry) => entry.rule === rule)?.excepted ?? 0;
  if (ruleTotal >= BROAD_IMPACT.minRuleAlerts && own > ruleTotal * BROAD_IMPACT.ruleShare)
    warnings.push(
      `it silences ${own} of the rule's ${ruleTotal} stored alerts (${Math.round((own / ruleTotal) * 100)}%): check that the scope is not broader than this false positive`,
    );
  if (summary.exceptedHosts >= BROAD_IMPACT.hosts)
    warnings.push(`the alerts it silences come from ${summary.exceptedHosts} hosts`);
  if ((summary.exceptedImages ?? 0) >= BROAD_IMPACT.images)
    warnings.push(`the alerts it silences come from ${summary.exceptedImages ?? 0} different images`);
  return warnings;
}
