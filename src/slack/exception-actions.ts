/**
 * Slack side of the false-positive flow: the modal (opened inside the trigger's 3 seconds with a loading view, then
 * filled in), its live preview on every choice, the submission with inline errors, and the Approve / Reject buttons
 * of proposal messages. Every decision is the workflow's, from stored state; refusals go back as ephemeral messages.
 */
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { err } from '../result.js';
import type { DraftSource } from '../triage/proposals/index.js';
import type { ExceptionFlow } from '../triage/proposals/index.js';
import { rejectModal, REJECT_CALLBACK, REJECT_REASON } from './reject-modal.js';
import { errorModal, exceptionModal, loadingModal, sentModal } from './exception-modal.js';
import { ackWithin } from './ack-within.js';
import {
  FP_CALLBACK,
  FP_CONFIRM,
  FP_EXPIRY,
  FP_FIELDS,
  FP_JUSTIFICATION,
  FP_PREFIX,
  FP_STRATEGY,
  readModalState,
  sourceOfMetadata,
} from './exception-modal-state.js';
import { ACTION_EXPLAIN_PROPOSE } from './explanation-message.js';
import { ACTION_APPROVE, ACTION_REJECT, ACTION_RETRY } from './proposal-message.js';
import { draftProblemText, submitReasonText } from './problem-text.js';
import { refusalText } from './refusal-text.js';
import { unavailableText } from './unavailable-text.js';
import { truncate } from './block-kit.js';

type Client = App['client'];

async function tell(client: Client, channel: string | undefined, user: string, text: string, logger: Logger) {
  if (channel === undefined) return;
  await client.chat
    .postEphemeral({ channel, user, text })
    .catch((error: unknown) => logger.warn({ err: error }, 'could not send an ephemeral reply'));
}

/**
 * Tells the person who clicked: ephemerally in the channel, or (a click in App Home, which has no channel) in a small
 * modal, so a refused Approve in App Home is not silent.
 */
async function tellClicker(client: Client, body: BlockAction, text: string, logger: Logger): Promise<void> {
  if (body.channel?.id !== undefined) {
    await tell(client, body.channel.id, body.user.id, text, logger);
    return;
  }
  await client.views
    .open({ trigger_id: body.trigger_id, view: noticeModal(text) as never })
    .catch((error: unknown) => logger.warn({ err: error }, 'could not show a refusal in a modal'));
}

function noticeModal(text: string): Record<string, unknown> {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'falco-triage' },
    close: { type: 'plain_text', text: 'OK' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}

/** Opens the modal for a group: a loading view at once, then the real one (or why it cannot be done). */
export async function openExceptionModal(
  client: Client,
  args: { readonly triggerId: string; readonly source: DraftSource },
  flow: ExceptionFlow,
  logger: Logger,
): Promise<void> {
  const opened = await client.views.open({
    trigger_id: args.triggerId,
    view: loadingModal(args.source) as never,
  });
  const viewId = opened.view?.id;
  if (viewId === undefined) return;
  const state = await flow.open(args.source).then(
    (opened) => (opened.ok ? opened : err(draftProblemText(opened.error))),
    (error: unknown) => {
      logger.error({ err: error, source: args.source }, 'could not prepare the false-positive modal');
      return err('Something went wrong while reading the alert and the rules; it has been logged.');
    },
  );
  const view = state.ok
    ? exceptionModal(state.value.draft, state.value.selection, state.value.preview)
    : errorModal(args.source, state.error);
  await client.views
    .update({ view_id: viewId, hash: opened.view?.hash, view: view as never })
    .catch((error: unknown) => {
      logger.warn({ err: error }, 'could not fill in the false-positive modal');
    });
}

export function registerExceptionActions(app: App, flow: ExceptionFlow, logger: Logger): void {
  const previewOnChange = async ({
    ack,
    body,
    client,
  }: {
    ack: () => Promise<void>;
    body: BlockAction;
    client: Client;
  }) => {
    await ack();
    const view = body.view;
    const source = sourceOfMetadata(view?.private_metadata);
    if (view === undefined || source === undefined) return;
    const opened = await flow.open(source);
    if (!opened.ok) return;
    const { selection } = readModalState(view.state.values, opened.value.selection);
    const state = await flow.preview(source, selection);
    if (!state.ok) return;
    await client.views
      .update({
        view_id: view.id,
        hash: view.hash,
        view: exceptionModal(state.value.draft, state.value.selection, state.value.preview) as never,
      })
      // hash_conflict: a newer change is already being rendered.
      .catch((error: unknown) => logger.debug({ err: error }, 'preview update skipped'));
  };
  for (const actionId of [FP_FIELDS, FP_PREFIX, FP_STRATEGY]) {
    app.action<BlockAction>({ action_id: actionId }, previewOnChange);
  }

  app.view<ViewSubmitAction>(FP_CALLBACK, async ({ ack, body, view }) => {
    const source = sourceOfMetadata(view.private_metadata);
    if (source === undefined) {
      await ack({
        response_action: 'update',
        view: errorModal({ alertId: '' }, 'This form is no longer valid. Start again.') as never,
      });
      return;
    }
    const opened = await flow.open(source);
    if (!opened.ok) {
      await ack({
        response_action: 'update',
        view: errorModal(source, draftProblemText(opened.error)) as never,
      });
      return;
    }
    const state = readModalState(view.state.values, opened.value.selection);
    const result = await flow.submit({
      source,
      userId: body.user.id,
      selection: state.selection,
      justification: state.justification,
      expiresOn: state.expiresOn,
      confirmedWidening: state.confirmedWidening,
    });
    if (!result.ok) {
      const block =
        result.error.field === 'justification'
          ? FP_JUSTIFICATION
          : result.error.field === 'expiry'
            ? FP_EXPIRY
            : result.error.field === 'confirm'
              ? FP_CONFIRM
              : result.error.field === 'fields'
                ? FP_FIELDS
                : result.error.field === 'strategy'
                  ? FP_STRATEGY
                  : undefined;
      const message = submitReasonText(result.error.problem);
      if (block !== undefined) await ack({ response_action: 'errors', errors: { [block]: message } });
      else await ack({ response_action: 'update', view: errorModal(source, message) as never });
      return;
    }
    if (result.value.kind === 'equivalent') {
      const existing = result.value.proposal;
      const where = existing.prUrl === null ? `its thread` : `pull request ${existing.prUrl}`;
      await ack({
        response_action: 'update',
        view: errorModal(
          source,
          `The same exception was already proposed by someone (status: ${existing.status.replace('_', ' ')}); see ${where}. No duplicate was created.`,
        ) as never,
      });
      return;
    }
    const created = result.value.proposal;
    if (created.groupId === null && created.slackChannel !== null) {
      await ack({ response_action: 'update', view: sentModal(source, created.slackChannel) as never });
      return;
    }
    await ack();
  });

  app.action<BlockAction<ButtonAction>>(ACTION_EXPLAIN_PROPOSE, async ({ ack, body, action, client }) => {
    await ack();
    if (flow.unavailable !== undefined) {
      await tell(client, body.channel?.id, body.user.id, unavailableText(flow.unavailable), logger);
      return;
    }
    await openExceptionModal(
      client,
      { triggerId: body.trigger_id, source: { alertId: action.value ?? '' } },
      flow,
      logger,
    );
  });

  app.action<BlockAction<ButtonAction>>(ACTION_APPROVE, async ({ ack, body, action, client }) => {
    // The approval is committed before Slack hears the click was received (within Slack's 3 seconds).
    const outcome = await ackWithin(ack, flow.approve(action.value ?? '', body.user.id), logger);
    if (!outcome.ok) await tellClicker(client, body, refusalText(outcome.error), logger);
  });

  app.action<BlockAction<ButtonAction>>(ACTION_RETRY, async ({ ack, body, action, client }) => {
    const outcome = await ackWithin(ack, flow.retry(action.value ?? '', body.user.id), logger);
    if (!outcome.ok) await tell(client, body.channel?.id, body.user.id, refusalText(outcome.error), logger);
  });

  app.action<BlockAction<ButtonAction>>(ACTION_REJECT, async ({ ack, body, action, client }) => {
    await ack();
    const proposalId = action.value ?? '';
    const check = await flow.canReject(proposalId, body.user.id);
    if (!check.ok) {
      await tellClicker(client, body, refusalText(check.error), logger);
      return;
    }
    const withdraw = check.value.proposer === body.user.id;
    await client.views
      .open({
        trigger_id: body.trigger_id,
        view: rejectModal(proposalId, check.value.rule, withdraw) as never,
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not open the reject modal'));
  });

  app.view<ViewSubmitAction>(REJECT_CALLBACK, async ({ ack, body, view }) => {
    const reason = (view.state.values[REJECT_REASON]?.[REJECT_REASON]?.value ?? '').trim();
    if (reason.length < 3) {
      await ack({
        response_action: 'errors',
        errors: { [REJECT_REASON]: 'Say why, so the proposer can do better.' },
      });
      return;
    }
    const outcome = await flow.reject(view.private_metadata, body.user.id, reason);
    if (!outcome.ok) {
      await ack({ response_action: 'errors', errors: { [REJECT_REASON]: refusalText(outcome.error) } });
      return;
    }
    await ack();
  });
}
