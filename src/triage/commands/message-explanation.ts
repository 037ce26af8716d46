/**
 * The "Explain this Falco alert" message shortcut: explains the message someone picked in Slack. Two kinds:
 * - one of the bot's own alert messages: its group's first stored alert, found from stored state (the message must
 *   be the group's message in that channel, so a look-alike message cannot name another channel's group);
 * - any other message (a pasted alert, a forwarded Falcosidekick message): its text, explained and kept like a
 *   `/falco explain` paste, so that the answer's Propose exception button works.
 */
import { err, ok, type Result } from '../../result.js';
import type { ExplainProblem, TriageStore } from '../ports/index.js';
import type { Intake } from '../alerts/index.js';
import type { AlertExplanations, PasteProblem } from './alert-explanations.js';
import { explainPasted, type PastedExplanation } from './pasted-alert.js';

export type MessageToExplain =
  /** The bot's own alert message: the group its buttons name, and where the message is. */
  | {
      readonly kind: 'alert_message';
      readonly groupId: string;
      readonly channel: string;
      readonly ts: string;
    }
  | { readonly kind: 'text'; readonly text: string };

export type MessageExplainProblem =
  | PasteProblem
  | ExplainProblem
  /** The message looks like one of the bot's alert messages, but no stored group has it. */
  | { readonly code: 'alert_message_unknown' };

export async function explainMessage(
  deps: {
    readonly explanations: AlertExplanations;
    readonly intake: Intake;
    readonly store: TriageStore;
  },
  message: MessageToExplain,
): Promise<Result<PastedExplanation, MessageExplainProblem>> {
  if (message.kind === 'text') return explainPasted(deps, message.text);
  const group = await deps.store.groups.get(message.groupId);
  if (group === undefined || group.channel !== message.channel || group.slackTs !== message.ts) {
    return err({ code: 'alert_message_unknown' });
  }
  const report = await deps.explanations.explainStored(group.firstAlertId);
  if (!report.ok) return report;
  return ok({ report: report.value.report, rules: report.value.rules, alertId: group.firstAlertId });
}
