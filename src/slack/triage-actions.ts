/**
 * The triage controls of an alert message: Acknowledge and its undo, Assign to me, Unassign, the assignee picker,
 * Resolve… (and its form), Reopen, Escalate. A button's value (or the picker's block id) is only a group id: the
 * workflow decides from stored state, for the person Slack signed the click for, and commits before Slack hears the
 * click was received (within its 3 seconds). Refusals go back privately to that person.
 */
import type { App, BlockAction, ButtonAction, UsersSelectAction, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { TriageOutcome, TriageRequest, TriageRequestCommand } from '../triage/group-states/index.js';
import { ackWithin } from './ack-within.js';
import {
  ACTION_ACK,
  ACTION_ASSIGN,
  ACTION_ASSIGN_ME,
  ACTION_ESCALATE,
  ACTION_REOPEN,
  ACTION_RESOLVE,
  ACTION_UNACK,
  ACTION_UNASSIGN,
  groupOfBlock,
} from './alert-triage.js';
import {
  readResolveForm,
  RESOLVE_CALLBACK,
  RESOLVE_NOTE,
  RESOLVE_VERDICT,
  resolveModal,
} from './resolve-modal.js';
import { triageRefusalText } from './triage-refusal-text.js';

export interface TriageActionHandlers {
  apply(request: TriageRequest): Promise<TriageOutcome>;
  /** The rule of a group, for the resolve form (undefined: no such group). */
  ruleOf(groupId: string): Promise<string | undefined>;
}

type Client = App['client'];

const BUTTONS: readonly (readonly [string, (user: string) => TriageRequestCommand])[] = [
  [ACTION_ACK, () => ({ kind: 'acknowledge' })],
  [ACTION_UNACK, () => ({ kind: 'unacknowledge' })],
  [ACTION_ASSIGN_ME, (user) => ({ kind: 'assign', assignee: user })],
  [ACTION_UNASSIGN, () => ({ kind: 'unassign' })],
  [ACTION_REOPEN, () => ({ kind: 'reopen' })],
  [ACTION_ESCALATE, () => ({ kind: 'escalate' })],
];

export function registerTriageActions(app: App, handlers: TriageActionHandlers, logger: Logger): void {
  const tell = async (
    client: Client,
    channel: string | undefined,
    user: string,
    text: string,
  ): Promise<void> => {
    if (channel === undefined) return;
    await client.chat
      .postEphemeral({ channel, user, text })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not send an ephemeral reply'));
  };

  const decide = async (
    ack: () => Promise<void>,
    client: Client,
    body: BlockAction,
    request: TriageRequest,
  ): Promise<void> => {
    const outcome = await ackWithin(ack, handlers.apply(request), logger);
    if (!outcome.ok) await tell(client, body.channel?.id, body.user.id, triageRefusalText(outcome.error));
  };

  for (const [actionId, command] of BUTTONS) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      const request: TriageRequest = {
        target: { groupId: action.value ?? '' },
        command: command(body.user.id),
        actor: body.user.id,
        via: 'button',
      };
      await decide(ack, client, body, request);
    });
  }

  app.action<BlockAction<UsersSelectAction>>(ACTION_ASSIGN, async ({ ack, body, action, client }) => {
    const groupId = groupOfBlock(action.block_id);
    if (groupId === undefined || action.selected_user === '') {
      await ack();
      return;
    }
    const request: TriageRequest = {
      target: { groupId },
      command: { kind: 'assign', assignee: action.selected_user },
      actor: body.user.id,
      via: 'picker',
    };
    await decide(ack, client, body, request);
  });

  app.action<BlockAction<ButtonAction>>(ACTION_RESOLVE, async ({ ack, body, action, client }) => {
    await ack();
    const groupId = action.value ?? '';
    // The trigger lasts 3 seconds: one read of the group, then the form.
    const rule = await handlers.ruleOf(groupId);
    if (rule === undefined) {
      await tell(client, body.channel?.id, body.user.id, triageRefusalText({ code: 'group_not_found' }));
      return;
    }
    await client.views
      .open({ trigger_id: body.trigger_id, view: resolveModal(groupId, rule) as never })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not open the resolve form'));
  });

  app.view<ViewSubmitAction>(RESOLVE_CALLBACK, async ({ ack, body, view }) => {
    const form = readResolveForm(view.state.values);
    const outcome = await handlers.apply({
      target: { groupId: view.private_metadata },
      command: { kind: 'resolve', resolution: form.resolution, note: form.note },
      actor: body.user.id,
      via: 'form',
    });
    if (outcome.ok) {
      await ack();
      return;
    }
    const code = outcome.error.code;
    const block = code === 'note_required' || code === 'note_too_long' ? RESOLVE_NOTE : RESOLVE_VERDICT;
    await ack({ response_action: 'errors', errors: { [block]: triageRefusalText(outcome.error) } });
  });
}
