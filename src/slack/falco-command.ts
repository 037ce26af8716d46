/**
 * `/falco`: acked at once (Slack's 3 seconds), answered with an ephemeral message through `respond` (the
 * response_url), so only the person who asked sees it. Parsing is the workflow's (falco-command.ts); this file maps
 * outcomes to messages and never lets an error trace reach the user.
 */
import type { App, RespondFn } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { parseFalcoCommand, type MuteTarget } from '../triage/commands/index.js';
import type { MuteOutcome, UnmuteOutcome } from '../triage/commands/index.js';
import type { PasteProblem } from '../triage/commands/index.js';
import type { PastedExplanation } from '../triage/commands/index.js';
import type { StatusReport } from '../triage/commands/index.js';
import type { Result } from '../result.js';
import { ambiguityMessage } from './ambiguity-message.js';
import { explanationMessage } from './explanation-message.js';
import type { SlackMessage } from './alert-message.js';
import {
  commandProblemText,
  helpMessage,
  muteMessage,
  pasteProblemText,
  statusMessage,
  textMessage,
  unmuteMessage,
} from './command-messages.js';
import { refusalText } from './refusal-text.js';
import { asBlocks } from './slack-chat.js';

export interface FalcoCommandHandlers {
  /** Explains pasted text; the alert id (when stored) goes on a Propose exception button. */
  explain(text: string): Promise<Result<PastedExplanation, PasteProblem>>;
  /** The status of every target, or of the one named. */
  status(target?: string): Promise<StatusReport>;
  mute(target: MuteTarget, durationMs: number, reason: string | null, userId: string): Promise<MuteOutcome>;
  unmute(target: MuteTarget, userId: string): Promise<UnmuteOutcome>;
  now(): number;
}

async function answer(respond: RespondFn, message: SlackMessage): Promise<void> {
  await respond({ response_type: 'ephemeral', text: message.text, blocks: asBlocks(message.blocks) });
}

export function registerFalcoCommand(app: App, handlers: FalcoCommandHandlers, logger: Logger): void {
  app.command('/falco', async ({ ack, command, respond }) => {
    await ack();
    const parsed = parseFalcoCommand(command.text);
    let message: SlackMessage;
    try {
      switch (parsed.kind) {
        case 'help':
          message = helpMessage(parsed.unknown);
          break;
        case 'invalid':
          message = textMessage(commandProblemText(parsed.problem));
          break;
        case 'status':
          message = statusMessage(await handlers.status(parsed.target), handlers.now());
          break;
        case 'explain':
          {
            const explained = await handlers.explain(parsed.text);
            message = explained.ok
              ? explanationMessage(explained.value.report, {
                  ...(explained.value.alertId === undefined
                    ? {}
                    : { proposeAlertId: explained.value.alertId }),
                  ...(explained.value.rules === undefined ? {} : { rules: explained.value.rules }),
                })
              : explained.error.code === 'ambiguous'
                ? ambiguityMessage(explained.error.ambiguity)
                : textMessage(pasteProblemText(explained.error));
          }
          break;
        case 'mute': {
          const outcome = await handlers.mute(
            parsed.target,
            parsed.durationMs,
            parsed.reason,
            command.user_id,
          );
          message = outcome.ok
            ? muteMessage(outcome.value.mute, outcome.value.replaced, handlers.now())
            : textMessage(refusalText(outcome.error));
          break;
        }
        case 'unmute': {
          const outcome = await handlers.unmute(parsed.target, command.user_id);
          message = outcome.ok ? unmuteMessage(outcome.value) : textMessage(refusalText(outcome.error));
          break;
        }
      }
    } catch (error) {
      logger.error({ err: error, subcommand: parsed.kind }, '/falco failed');
      message = textMessage(
        ':warning: Something went wrong inside falco-triage while answering that. It has been logged; try again in a minute.',
      );
    }
    await answer(respond, message).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not answer /falco (the response_url may have expired)');
    });
  });
}
