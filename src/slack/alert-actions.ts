/**
 * The Explain and Mark false positive buttons of an alert message (the triage controls are in triage-actions.ts).
 * Each listener acks first (Slack's 3-second rule), then asks the workflow, which decides from stored state: the
 * button's value is only a group id, and the clicking user is the one Slack signed. Refusals and notes go back as
 * ephemeral messages, visible only to the person who clicked.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Result } from '../result.js';
import type { ExplainRequestRefusal } from '../triage/ports/index.js';
import type { ExceptionFlow } from '../triage/proposals/index.js';
import { ACTION_EXPLAIN, ACTION_MARK_FP } from './alert-message.js';
import { openExceptionModal } from './exception-actions.js';
import { refusalText } from './refusal-text.js';
import { unavailableText } from './unavailable-text.js';

export interface AlertActionHandlers {
  /** Queues the explanation as a thread reply under the alert. */
  explain(groupId: string, userId: string): Promise<Result<void, ExplainRequestRefusal>>;
  /** The false-positive flow; its `unavailable` says why the button cannot work (no GitHub, no rules). */
  readonly exceptionFlow: ExceptionFlow;
}

interface ClickContext {
  readonly groupId: string;
  readonly userId: string;
  readonly channelId: string | undefined;
}

function clickOf(body: BlockAction, action: ButtonAction): ClickContext {
  return { groupId: action.value ?? '', userId: body.user.id, channelId: body.channel?.id };
}

export function registerAlertActions(app: App, handlers: AlertActionHandlers, logger: Logger): void {
  const tell = async (client: App['client'], click: ClickContext, text: string): Promise<void> => {
    if (click.channelId === undefined) return;
    await client.chat
      .postEphemeral({ channel: click.channelId, user: click.userId, text })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not send an ephemeral reply'));
  };

  app.action<BlockAction<ButtonAction>>(ACTION_EXPLAIN, async ({ ack, body, action, client }) => {
    await ack();
    const click = clickOf(body, action);
    const outcome = await handlers.explain(click.groupId, click.userId);
    if (!outcome.ok) await tell(client, click, refusalText(outcome.error));
  });

  app.action<BlockAction<ButtonAction>>(ACTION_MARK_FP, async ({ ack, body, action, client }) => {
    await ack();
    const click = clickOf(body, action);
    const flow = handlers.exceptionFlow;
    if (flow.unavailable !== undefined) {
      await tell(client, click, unavailableText(flow.unavailable));
      return;
    }
    await openExceptionModal(
      client,
      { triggerId: body.trigger_id, source: { groupId: click.groupId } },
      flow,
      logger,
    );
  });
}
