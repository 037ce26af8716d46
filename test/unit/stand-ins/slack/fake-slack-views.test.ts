import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ModalView, WebAPIPlatformError, WebClient } from '@slack/web-api';
import { FakeSlack } from '../../../../src/stand-ins/slack/index.js';
import { webClient } from './web-client.js';

let slack: FakeSlack;
let client: WebClient;
let now = Date.UTC(2024, 3, 5, 12, 0, 0);

beforeAll(async () => {
  slack = await FakeSlack.start({ now: () => now });
  client = webClient(slack);
});
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const modal = (title = 'Mark false positive', extra: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  callback_id: 'fp_modal',
  title: { type: 'plain_text', text: title },
  submit: { type: 'plain_text', text: 'Propose' },
  blocks: [
    {
      type: 'input',
      block_id: 'why',
      label: { type: 'plain_text', text: 'Justification' },
      element: { type: 'plain_text_input', action_id: 'text' },
    },
  ],
  ...extra,
});

async function slackError(call: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as WebAPIPlatformError | undefined;
  if (error === undefined) throw new Error('expected the call to fail');
  return error.data;
}

describe('FakeSlack views and trigger ids', () => {
  it('opens a modal with a fresh trigger id and answers the view as Slack does', async () => {
    const trigger = slack.issueTriggerId('U0ALICE001');
    const opened = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(opened.view).toMatchObject({
      type: 'modal',
      callback_id: 'fp_modal',
      team_id: 'T0FALCO01',
      app_id: 'A0FALCO01',
      state: { values: {} },
      previous_view_id: null,
    });
    expect(opened.view?.id).toMatch(/^V[0-9A-Z]{9}$/);
    expect(opened.view?.root_view_id).toBe(opened.view?.id);
    expect(slack.openViews('U0ALICE001').map((v) => v.id)).toEqual([opened.view?.id]);
  });

  it('refuses a trigger id older than 3 s (expired), used twice (exchanged) or never issued (invalid)', async () => {
    const stale = slack.issueTriggerId('U0ALICE001');
    now += 3001;
    expect((await slackError(client.views.open({ trigger_id: stale, view: modal() }))).error).toBe(
      'expired_trigger_id',
    );
    const once = slack.issueTriggerId('U0ALICE001');
    now += 2999;
    await client.views.open({ trigger_id: once, view: modal() });
    expect((await slackError(client.views.open({ trigger_id: once, view: modal() }))).error).toBe(
      'exchanged_trigger_id',
    );
    expect((await slackError(client.views.open({ trigger_id: '1.2.3', view: modal() }))).error).toBe(
      'invalid_trigger_id',
    );
  });

  it('refuses an invalid view with invalid_arguments and the problems, without spending the trigger', async () => {
    const trigger = slack.issueTriggerId('U0ALICE001');
    const data = await slackError(
      client.views.open({ trigger_id: trigger, view: modal('A title far too long for Slack') }),
    );
    expect(data).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: {
        messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
      },
    });
    expect((await client.views.open({ trigger_id: trigger, view: modal() })).ok).toBe(true);
  });

  it('updates by view id with hash protection, and by external id', async () => {
    const opened = await client.views.open({
      trigger_id: slack.issueTriggerId('U0ALICE001'),
      view: modal('Loading…', { external_id: 'fp-42' }),
    });
    const id = opened.view!.id!;
    const hash = opened.view!.hash!;
    const updated = await client.views.update({
      view_id: id,
      hash,
      view: modal('Preview', { external_id: 'fp-42' }),
    });
    expect(updated.view?.title).toEqual({ type: 'plain_text', text: 'Preview' });
    expect(updated.view?.hash).not.toBe(hash);
    expect((await slackError(client.views.update({ view_id: id, hash, view: modal('Stale') }))).error).toBe(
      'hash_conflict',
    );
    await client.views.update({
      external_id: 'fp-42',
      view: modal('By external id', { external_id: 'fp-42' }),
    });
    expect(slack.view(id)?.definition.title).toEqual({ type: 'plain_text', text: 'By external id' });
    expect(slack.view(id)?.history).toHaveLength(2);
    expect((await slackError(client.views.update({ view_id: 'V000NOPE', view: modal() }))).error).toBe(
      'not_found',
    );
  });

  it('pushes onto the stack of the modal the trigger came from, at most three views deep', async () => {
    const root = await client.views.open({
      trigger_id: slack.issueTriggerId('U0ALICE001'),
      view: modal('One'),
    });
    const rootId = root.view!.id!;
    const second = await client.views.push({
      trigger_id: slack.issueTriggerId('U0ALICE001', rootId),
      view: modal('Two'),
    });
    expect(second.view).toMatchObject({ root_view_id: rootId, previous_view_id: rootId });
    await client.views.push({
      trigger_id: slack.issueTriggerId('U0ALICE001', second.view!.id),
      view: modal('Three'),
    });
    const fourth = client.views.push({
      trigger_id: slack.issueTriggerId('U0ALICE001', rootId),
      view: modal('Four'),
    });
    expect((await slackError(fourth)).error).toBe('push_limit_reached');
    // A trigger from a message button has no modal to push onto.
    const fromMessage = client.views.push({
      trigger_id: slack.issueTriggerId('U0ALICE001'),
      view: modal('Five'),
    });
    expect((await slackError(fromMessage)).error).toBe('invalid_trigger_id');
  });

  it('applies view_submission acks: errors keep the view open, update replaces it, an empty ack closes it', async () => {
    const opened = await client.views.open({ trigger_id: slack.issueTriggerId('U0ALICE001'), view: modal() });
    const id = opened.view!.id!;
    expect(slack.applyViewAck(id, { response_action: 'errors', errors: { why: 'Say why' } })).toEqual({
      kind: 'errors',
      errors: { why: 'Say why' },
    });
    expect(slack.applyViewAck(id, { response_action: 'errors', errors: { nope: 'x' } })).toMatchObject({
      kind: 'invalid',
    });
    expect(slack.applyViewAck(id, { response_action: 'update', view: modal('Submitted') })).toMatchObject({
      kind: 'updated',
    });
    expect(slack.view(id)?.open).toBe(true);
    expect(slack.applyViewAck(id, undefined)).toEqual({ kind: 'closed' });
    expect(slack.openViews()).toEqual([]);
  });
});
