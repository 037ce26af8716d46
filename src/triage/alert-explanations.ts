/**
 * Explanations for the bot: a stored alert (the alert message's Explain button) or pasted text (`/falco explain`),
 * against the rules as deployed. The explainer keeps per-ruleset work, so it is cached per loaded ruleset.
 */
import { createAlertExplainer, type AlertExplainer, type ExplainReport } from '../falco/explain/index.js';
import type { Ruleset } from '../falco/rules/index.js';
import { err, ok, type Result } from '../result.js';
import type { Clock, TriageStore } from './ports.js';
import { reviveAlert } from './revive-alert.js';
import type { RulesContext } from './rules-context.js';

export interface AlertExplanations {
  explainStored(alertId: string): Promise<Result<ExplainReport, string>>;
  /** The first alert found in the text, explained. */
  explainText(text: string): Promise<Result<ExplainReport, string>>;
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
        value: JSON.parse(JSON.stringify(alert.outputFields)) as unknown,
      });
      if (outcome.kind === 'explained') return ok(outcome.report);
      return err(outcome.message);
    },
    async explainText(text) {
      if (text.trim() === '') {
        return err(
          'Paste a Falco alert after `/falco explain`: a text line such as `12:00:00.000000000: Warning Sensitive file opened …`, or a JSON alert (``` fences are fine).',
        );
      }
      if (text.length > MAX_TEXT) return err('That is more than 64 KB; paste one alert at a time.');
      const engine = await explainer();
      if (!engine.ok) return engine;
      const [first] = engine.value.explainText(text, { now: deps.clock.now().getTime() });
      if (first === undefined) return err('I found no alert in that text.');
      if (first.kind === 'explained') return ok(first.report);
      return err(first.message);
    },
  };
}
