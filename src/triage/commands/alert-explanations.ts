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
import type { Clock, ExplainedWith, ExplainProblem, TriageStore } from '../ports/index.js';
import { reviveAlert } from '../alerts/index.js';
import type { RulesUnavailable } from '../deployed-rules/index.js';
import { targetRef, type Target, type Targets } from '../targets/index.js';
import { parseJson, stringifyJson } from '../../falco/alert/index.js';

/** An explanation, and whose rules it used (undefined for the short form's one target). */
export interface Explanation {
  readonly report: ExplainReport;
  readonly rules: ExplainedWith | undefined;
}

export interface AlertExplanations {
  explainStored(alertId: string): Promise<Result<Explanation, ExplainProblem>>;
  /**
   * The first alert in the text that can be explained (a paste copied from Slack carries lines that are not alerts:
   * the sender's name, the time), else the first that fits several rules, else why the first cannot be.
   */
  explainText(text: string): Promise<Result<Explanation, PasteProblem>>;
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

  /** An explainer and the target whose rules it holds. */
  interface Engine {
    readonly explainer: AlertExplainer;
    readonly target: Target;
  }

  function explainedWith(engine: Engine, matched: boolean): ExplainedWith | undefined {
    return deps.targets.implicit ? undefined : { target: targetRef(engine.target), matched };
  }

  async function explainer(target: Target): Promise<Result<Engine, RulesUnavailable>> {
    const rules = await target.rules.current();
    if (!rules.ok) return rules;
    const ruleset = rules.value.load.ruleset;
    let cached = explainers.get(ruleset);
    if (cached === undefined) {
      cached = createAlertExplainer(ruleset, { falcoVersion: rules.value.falcoVersion });
      explainers.set(ruleset, cached);
    }
    return ok({ explainer: cached, target });
  }

  /** The alert's own target; without one, the first target whose rules have the rule (else the first at all). */
  async function explainerFor(
    targetName: string | null | undefined,
    rule: string | undefined,
  ): Promise<Result<Engine, RulesUnavailable>> {
    const own = deps.targets.of(targetName);
    if (own !== undefined) return explainer(own);
    let first: Result<Engine, RulesUnavailable> = err({ code: 'rules_not_configured' });
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
      const outcome = engine.value.explainer.explain({
        kind: 'json',
        alert,
        value: parseJson(stringifyJson(alert.outputFields)),
      });
      const matched = deps.targets.of(row.falcoTarget) !== undefined;
      if (outcome.kind === 'explained')
        return ok({ report: outcome.report, rules: explainedWith(engine.value, matched) });
      return err({ code: 'not_explainable', detail: outcome.message });
    },
    async explainText(text) {
      if (text.trim() === '') return err({ code: 'paste_empty' });
      if (text.length > MAX_TEXT) return err({ code: 'paste_too_large', maxBytes: MAX_TEXT });
      const now = deps.clock.now().getTime();
      const engine = await explainerFor(undefined, undefined);
      if (!engine.ok) return engine;
      let used = engine.value;
      let matched = deps.targets.implicit;
      let chosen = pick(used.explainer.explainText(text, { now }));
      // Which target a pasted alert belongs to is known once it is read: explain it again with that target's rules.
      if (chosen?.kind === 'explained' && !deps.targets.implicit) {
        const own = deps.targets.match(chosen.report.alert, []);
        const again = own === undefined ? undefined : await explainer(own);
        if (again?.ok === true) {
          const mine =
            again.value.explainer === used.explainer
              ? chosen
              : pick(again.value.explainer.explainText(text, { now }));
          if (mine?.kind === 'explained') {
            chosen = mine;
            used = again.value;
            matched = true;
          }
        }
      }
      if (chosen === undefined) return err({ code: 'no_alert_found' });
      if (chosen.kind === 'explained')
        return ok({ report: chosen.report, rules: explainedWith(used, matched) });
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
