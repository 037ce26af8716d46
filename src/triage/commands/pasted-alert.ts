/**
 * `/falco explain <alert>`: explain pasted text and keep the alert (stored, never posted) so that the answer's
 * Propose exception button can open the false-positive modal for it, like any alert that came through intake.
 */
import type { ExplainReport } from '../../falco/explain/index.js';
import { err, ok, type Result } from '../../result.js';
import type { AlertExplanations, PasteProblem } from './alert-explanations.js';
import type { Intake } from '../alerts/index.js';
import type { ExplainedWith } from '../ports/index.js';

export interface PastedExplanation {
  readonly report: ExplainReport;
  /** Whose rules explained it, when there are targets. */
  readonly rules: ExplainedWith | undefined;
  /** The stored alert, for the Propose exception button (undefined when it could not be stored). */
  readonly alertId: string | undefined;
}

export async function explainPasted(
  deps: { readonly explanations: AlertExplanations; readonly intake: Intake },
  text: string,
): Promise<Result<PastedExplanation, PasteProblem>> {
  const explained = await deps.explanations.explainText(text);
  if (!explained.ok) return err(explained.error);
  const { report, rules } = explained.value;
  try {
    const stored = await deps.intake.accept([{ alert: report.alert, raw: text.trim() }], 'manual', {
      storeOnly: true,
    });
    return ok({ report, rules, alertId: stored.ids[0] });
  } catch {
    return ok({ report, rules, alertId: undefined });
  }
}
