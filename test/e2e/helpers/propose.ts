import { expect } from '@jest/globals';
import type { StoredMessage } from '../../../src/stand-ins/slack/index.js';
import { alertFixture } from '../../helpers/fixtures.js';
import { ALERTS_CHANNEL, type TestBot } from './test-bot.js';

export const ALICE = 'U0ALICE001';
export const BOB = 'U0BOB00001';
export const CAROL = 'U0CAROL001';

function text(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Posts a fresh copy of fixture 029 with `procName` (so each call makes its own group), has Alice propose the
 * default exception with a justification, and returns the alert message and the proposal message in its thread.
 * `evtTime` is written into the alert's text as is (JSON.stringify would round 19 digits).
 */
export async function propose(
  t: TestBot,
  procName: string,
  options: { readonly evtTime?: string } = {},
): Promise<{ readonly alert: StoredMessage; readonly proposal: StoredMessage }> {
  const base = alertFixture('029');
  const alert = {
    ...base,
    time: new Date().toISOString(),
    output_fields: { ...(base.output_fields as object), 'proc.name': procName },
  };
  const body =
    options.evtTime === undefined
      ? alert
      : JSON.stringify(alert).replace(/"evt\.time":\d+/, `"evt.time":${options.evtTime}`);
  expect((await t.post('/falco/alerts', body, { raw: options.evtTime !== undefined })).status).toBe(202);
  const message = await t.slack.waitFor(() =>
    t.slack
      .messages(ALERTS_CHANNEL)
      .find((m) => text(m.content.blocks).includes(`proc.name*\\n\`${procName}\``)),
  );
  const before = new Set(t.slack.openViews(ALICE).map((view) => view.id));
  await t.client.click({ channel: ALERTS_CHANNEL, ts: message.ts, actionId: 'alert_fp', user: ALICE });
  const view = await t.slack.waitFor(() =>
    t.slack
      .openViews(ALICE)
      .find(
        (candidate) => !before.has(candidate.id) && text(candidate.definition).includes('fp_justification'),
      ),
  );
  const submitted = await t.client.submitView({
    viewId: view.id,
    user: ALICE,
    values: { fp_justification: `${procName} reads /etc/shadow by design (backup agent)` },
  });
  expect(submitted.outcome).toMatchObject({ kind: 'closed' });
  const proposal = await t.slack.waitFor(() =>
    t.slack
      .thread(ALERTS_CHANNEL, message.ts)
      .find((reply) => text(reply.content.blocks).includes('proposal_approve')),
  );
  return { alert: message, proposal };
}
