/**
 * Explanations for the bot: a stored alert (the alert message's Explain button) or pasted text (`/falco explain`),
 * against the rules as deployed. The explainer keeps per-ruleset work, so it is cached per loaded ruleset.
 */
import {
  createAlertExplainer,
  type AlertExplainer,
  type ExplainOutcome,
  type ExplainReport,
} from '../falco/explain/index.js';
import { parseJson, stringifyJson } from '../falco/alert/index.js';
import type { Ambiguous } from '../falco/identify/index.js';
import type { Ruleset } from '../falco/rules/index.js';
import { err, ok, type Result } from '../result.js';
import type { Clock, TriageStore } from './ports.js';
import { reviveAlert } from './revive-alert.js';
import type { RulesContext } from './rules-context.js';

export interface AlertExplanations {
  explainStored(alertId: string): Promise<Result<ExplainReport, string>>;
  /**
   * The first alert in the text that can be explained (a paste copied from Slack carries lines that are not alerts:
   * the sender's name, the time), else the first that fits several rules, else why the first cannot be.
   */
  explainText(text: string): Promise<Result<ExplainReport, PasteProblem>>;
}

/** Why pasted text got no explanation: a sentence for people, and the candidates when the text fits several rules. */
export interface PasteProblem {
  readonly message: string;
  readonly ambiguity?: Ambiguous;
}

const MAX_TEXT = 64 * 1024;

export function createAlertExplanations(deps: {
  readonly store: TriageStore;
  readonly rules: RulesContext;
  readonly clock: Clock;
}): AlertExplanations {
  const explainers = new WeakMap<Ruleset, AlertExplainer>();

  async function explainer(): Promise<Result<AlertExplainer, string>> {
    const rules = await deps.rules.current();
    if (!rules.ok) return err(rules.error);
    const ruleset = rules.value.load.ruleset;
    let cached = explainers.get(ruleset);
    if (cached === undefined) {
      cached = createAlertExplainer(ruleset, { falcoVersion: rules.value.falcoVersion });
      explainers.set(ruleset, cached);
    }
    return ok(cached);
  }

  return {
    async explainStored(alertId) {
      const row = await deps.store.alerts.get(alertId);
      if (row === undefined) return err('This alert is no longer stored (it may have been pruned).');
      const engine = await explainer();
      if (!engine.ok) return engine;
      const alert = reviveAlert(row);
      const outcome = engine.value.explain({
        kind: 'json',
        alert,
        value: parseJson(stringifyJson(alert.outputFields)),
      });
      if (outcome.kind === 'explained') return ok(outcome.report);
      return err(outcome.message);
    },
    async explainText(text) {
      if (text.trim() === '') {
        return err({
          message:
            'Paste a Falco alert after `/falco explain`: a text line such as `12:00:00.000000000: Warning Sensitive file opened …` (the output alone is fine), or a JSON alert (``` fences are fine).',
        });
      }
      if (text.length > MAX_TEXT)
        return err({ message: 'That is more than 64 KB; paste one alert at a time.' });
      const engine = await explainer();
      if (!engine.ok) return err({ message: engine.error });
      const outcomes = engine.value.explainText(text, { now: deps.clock.now().getTime() });
      const chosen = pick(outcomes);
      if (chosen === undefined) return err({ message: 'I found no alert in that text.' });
      if (chosen.kind === 'explained') return ok(chosen.report);
      if (chosen.kind === 'ambiguous')
        return err({ message: chosen.message, ambiguity: chosen.identification });
      return err({ message: chosen.message });
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
