/**
 * Explanations for the bot: a stored alert (the alert message's Explain button) or pasted text (`/falco explain`),
 * against the rules as deployed to the alert's target (its base rules, custom rules and Falco version). An alert
 * that matched no target is still explained, with the rules of the first target that has its rule. The explainer
 * keeps per-ruleset work, so it is cached per loaded ruleset.
 */
import {
  createAlertExplainer,
  type AlertExplainer,
  type ExplainOutcome,
  type ExplainReport,
} from '../../falco/explain/index.js';
import type { Ambiguous } from '../../falco/identify/index.js';
import type { Ruleset } from '../../falco/rules/index.js';
import { err, ok, type Result } from '../../result.js';
import type { Clock, ExplainProblem, TriageStore } from '../ports/index.js';
import { reviveAlert } from '../alerts/index.js';
import type { RulesUnavailable } from '../deployed-rules/index.js';
import type { Target, Targets } from '../targets/index.js';
import { parseJson, stringifyJson } from '../../falco/alert/index.js';

export interface AlertExplanations {
  explainStored(alertId: string): Promise<Result<ExplainReport, ExplainProblem>>;
  /**
   * The first alert in the text that can be explained (a paste copied from Slack carries lines that are not alerts:
   * the sender's name, the time), else the first that fits several rules, else why the first cannot be.
   */
  explainText(text: string): Promise<Result<ExplainReport, PasteProblem>>;
}

/** Why pasted text got no explanation. */
export type PasteProblem =
  | { readonly code: 'paste_empty' }
  | { readonly code: 'paste_too_large'; readonly maxBytes: number }
  | { readonly code: 'rules_not_configured' }
  | { readonly code: 'no_alert_found' }
  /** The text fits several rules (or holds several alerts): the candidates. */
  | { readonly code: 'ambiguous'; readonly ambiguity: Ambiguous }
  /** The engine could not explain it (`detail`: its account). */
  | { readonly code: 'not_explainable'; readonly detail: string };

const MAX_TEXT = 64 * 1024;

export function createAlertExplanations(deps: {
  readonly store: TriageStore;
  readonly targets: Targets;
  readonly clock: Clock;
}): AlertExplanations {
  const explainers = new WeakMap<Ruleset, AlertExplainer>();

  async function explainer(target: Target): Promise<Result<AlertExplainer, RulesUnavailable>> {
    const rules = await target.rules.current();
    if (!rules.ok) return rules;
    const ruleset = rules.value.load.ruleset;
    let cached = explainers.get(ruleset);
    if (cached === undefined) {
      cached = createAlertExplainer(ruleset, { falcoVersion: rules.value.falcoVersion });
      explainers.set(ruleset, cached);
    }
    return ok(cached);
  }

  /** The alert's own target; without one, the first target whose rules have the rule (else the first at all). */
  async function explainerFor(
    targetName: string | null | undefined,
    rule: string | undefined,
  ): Promise<Result<AlertExplainer, RulesUnavailable>> {
    const own = deps.targets.of(targetName);
    if (own !== undefined) return explainer(own);
    let first: Result<AlertExplainer, RulesUnavailable> = err({ code: 'rules_not_configured' });
    for (const target of deps.targets.all) {
      const candidate = await explainer(target);
      if (!candidate.ok) continue;
      const loaded = await target.rules.current();
      if (rule === undefined || (loaded.ok && loaded.value.load.ruleset.rules.some((r) => r.name === rule)))
        return candidate;
      if (!first.ok) first = candidate;
    }
    return first;
  }

  return {
    async explainStored(alertId) {
      const row = await deps.store.alerts.get(alertId);
      if (row === undefined) return err({ code: 'alert_not_stored' });
      const engine = await explainerFor(row.falcoTarget, row.rule);
      if (!engine.ok) return engine;
      const alert = reviveAlert(row);
      const outcome = engine.value.explain({
        kind: 'json',
        alert,
        value: parseJson(stringifyJson(alert.outputFields)),
      });
      if (outcome.kind === 'explained') return ok(outcome.report);
      return err({ code: 'not_explainable', detail: outcome.message });
    },
    async explainText(text) {
      if (text.trim() === '') return err({ code: 'paste_empty' });
      if (text.length > MAX_TEXT) return err({ code: 'paste_too_large', maxBytes: MAX_TEXT });
      const now = deps.clock.now().getTime();
      const engine = await explainerFor(undefined, undefined);
      if (!engine.ok) return engine;
      let chosen = pick(engine.value.explainText(text, { now }));
      // Which target a pasted alert belongs to is known once it is read: explain it again with that target's rules.
      if (chosen?.kind === 'explained' && !deps.targets.implicit) {
        const own = deps.targets.match(chosen.report.alert, []);
        const again = own === undefined ? undefined : await explainer(own);
        if (again?.ok === true && again.value !== engine.value) {
          const mine = pick(again.value.explainText(text, { now }));
          if (mine?.kind === 'explained') chosen = mine;
        }
      }
      if (chosen === undefined) return err({ code: 'no_alert_found' });
      if (chosen.kind === 'explained') return ok(chosen.report);
      if (chosen.kind === 'ambiguous') return err({ code: 'ambiguous', ambiguity: chosen.identification });
      return err({ code: 'not_explainable', detail: chosen.message });
    },
  };
}

function pick(outcomes: readonly ExplainOutcome[]): ExplainOutcome | undefined {
  return (
    outcomes.find((outcome) => outcome.kind === 'explained') ??
    outcomes.find((outcome) => outcome.kind === 'ambiguous') ??
    outcomes[0]
  );
}
