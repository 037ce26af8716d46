/**
 * The "Explain this Falco alert" message shortcut (manifest: `features.shortcuts`, callback `explain_falco_alert`).
 * Acked at once; the answer goes to the person who asked only, in the message's thread (chat.postEphemeral with
 * `thread_ts`), with Propose exception when the alert could be kept. Where the bot cannot post (a DM, a private
 * channel it is not in) the answer goes through the payload's response_url instead, still visible to that person
 * only.
 */
import type { App, MessageShortcut, RespondFn } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Result } from '../result.js';
import type { MessageExplainProblem, MessageToExplain, PastedExplanation } from '../triage/commands/index.js';
import { ambiguityMessage } from './ambiguity-message.js';
import type { SlackMessage } from './alert-message.js';
import { pasteProblemText, textMessage } from './command-messages.js';
import { explanationMessage } from './explanation-message.js';
import { explainProblemText } from './problem-text.js';
import { messageToExplain, shortcutMessageSchema } from './shortcut-message.js';
import { asBlocks } from './slack-chat.js';

export const SHORTCUT_EXPLAIN = 'explain_falco_alert';

export type ExplainShortcutHandler = (
  message: MessageToExplain,
) => Promise<Result<PastedExplanation, MessageExplainProblem>>;

function answerText(outcome: Result<PastedExplanation, MessageExplainProblem>): SlackMessage {
  if (outcome.ok) {
    const { report, alertId } = outcome.value;
    return explanationMessage(report, alertId === undefined ? {} : { proposeAlertId: alertId });
  }
  const problem = outcome.error;
  switch (problem.code) {
    case 'ambiguous':
      return ambiguityMessage(problem.ambiguity);
    case 'alert_message_unknown':
      return textMessage(
        'I cannot find the alert of that message any more (it may have been pruned). Paste the alert into `/falco explain` instead.',
      );
    case 'alert_not_stored':
    case 'not_explainable':
    case 'rules_not_configured':
      return textMessage(explainProblemText(problem));
    case 'paste_empty':
      return textMessage(
        'That message holds no text to explain. Use the shortcut on a message with a Falco alert.',
      );
    case 'no_alert_found':
    case 'paste_too_large':
      return textMessage(pasteProblemText(problem));
  }
}

export function registerExplainShortcut(app: App, explain: ExplainShortcutHandler, logger: Logger): void {
  app.shortcut<MessageShortcut>(
    { type: 'message_action', callback_id: SHORTCUT_EXPLAIN },
    async ({ ack, shortcut, client, respond }) => {
      await ack();
      const parsed = shortcutMessageSchema.safeParse(shortcut.message);
      let answer: SlackMessage;
      try {
        answer = parsed.success
          ? answerText(await explain(messageToExplain(parsed.data, shortcut.channel.id)))
          : textMessage(
              'Slack sent that message in a form I cannot read; paste it into `/falco explain` instead.',
            );
      } catch (error) {
        logger.error({ err: error }, 'the explain shortcut failed');
        answer = textMessage(
          ':warning: Something went wrong inside falco-triage while explaining that. It has been logged; try again in a minute.',
        );
      }
      const threadTs = parsed.success ? (parsed.data.thread_ts ?? parsed.data.ts) : undefined;
      try {
        await client.chat.postEphemeral({
          channel: shortcut.channel.id,
          user: shortcut.user.id,
          ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
          text: answer.text,
          blocks: asBlocks(answer.blocks),
        });
      } catch (error) {
        logger.info(
          { err: error },
          'could not answer the explain shortcut in the thread; using its response_url',
        );
        await viaResponseUrl(respond, answer).catch((failure: unknown) =>
          logger.warn({ err: failure }, 'could not answer the explain shortcut'),
        );
      }
    },
  );
}

async function viaResponseUrl(respond: RespondFn, message: SlackMessage): Promise<void> {
  await respond({ response_type: 'ephemeral', text: message.text, blocks: asBlocks(message.blocks) });
}
