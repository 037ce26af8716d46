/**
 * The ChatPort contract: what the workflow relies on from any chat implementation, as one suite run against each
 * (pattern: @keyv/test-suite). The in-memory double used by the workflow's unit tests must pass it exactly as the
 * Slack adapter does against the fake Slack server; otherwise those unit tests would prove things about a chat that
 * does not exist. Cases speak the port's language (ts, ChatError) and observe through a small harness, so they do
 * not depend on how messages are rendered.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ChatPort, ChatResult } from '../../../src/triage/ports/index.js';
import { sampleGroupView, sampleProposalView } from './sample-views.js';

/** A failure of the chat platform, described the way the platform produces it. */
export type PlatformFault =
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'unavailable'; readonly status: number }
  | { readonly kind: 'permanent'; readonly code: string };

export interface ChatHarness {
  readonly chat: ChatPort;
  /** A channel the bot can post in. */
  readonly channel: string;
  /** A channel that does not exist. */
  readonly missingChannel: string;
  /** The platform answers the next call with `fault`. */
  failNext(fault: PlatformFault): void;
  /** What people see: the channel's top-level messages (ts, oldest first). */
  topLevel(channel: string): string[];
  /** The replies in a thread (ts, oldest first). */
  replies(channel: string, threadTs: string): string[];
  /** How many times a message was edited. */
  edits(channel: string, ts: string): number;
  /** Someone deletes the message in the chat. */
  deleteMessage(channel: string, ts: string): void;
  /** How many triage marks the message shows (for Slack: the bot's own reactions). */
  marks(channel: string, ts: string): number;
  close(): Promise<void>;
}

function value<T>(result: ChatResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const TS = /^\d{10}\.\d{6}$/;

export function chatPortContract(name: string, start: () => Promise<ChatHarness>): void {
  describe(`ChatPort contract: ${name}`, () => {
    let h: ChatHarness;
    beforeEach(async () => {
      h = await start();
    });
    afterEach(() => h.close());

    it('posts a group message, then updates that message in place', async () => {
      const { ts } = value(await h.chat.postGroup(h.channel, sampleGroupView(1)));
      expect(ts).toMatch(TS);
      value(await h.chat.updateGroup(h.channel, ts, sampleGroupView(5)));
      value(await h.chat.updateGroup(h.channel, ts, sampleGroupView(9)));

      expect(h.topLevel(h.channel)).toEqual([ts]);
      expect(h.edits(h.channel, ts)).toBe(2);
    });

    it('gives every new message a later ts than the one before', async () => {
      const first = value(await h.chat.postGroup(h.channel, sampleGroupView())).ts;
      const second = value(await h.chat.postGroup(h.channel, sampleGroupView())).ts;
      expect(Number(second)).toBeGreaterThan(Number(first));
      expect(h.topLevel(h.channel)).toEqual([first, second]);
    });

    it('replies in a thread without adding to the channel', async () => {
      const { ts } = value(await h.chat.postGroup(h.channel, sampleGroupView()));
      const samples = value(
        await h.chat.postThreadReply(h.channel, ts, {
          kind: 'samples',
          rule: 'Read sensitive file untrusted',
          samples: { 'container.name': ['web-1', 'web-2'] },
        }),
      );
      const note = value(await h.chat.postThreadReply(h.channel, ts, { kind: 'text', text: 'PR #3 merged' }));

      expect(h.replies(h.channel, ts)).toEqual([samples.ts, note.ts]);
      expect(h.topLevel(h.channel)).toEqual([ts]);
    });

    it('posts a proposal in the alert’s thread, or on its own without one, and updates it', async () => {
      const { ts } = value(await h.chat.postGroup(h.channel, sampleGroupView()));
      const threaded = value(await h.chat.postProposal(h.channel, ts, sampleProposalView()));
      const alone = value(await h.chat.postProposal(h.channel, undefined, sampleProposalView()));
      value(await h.chat.updateProposal(h.channel, threaded.ts, sampleProposalView(['U0BOB00001'])));

      expect(h.replies(h.channel, ts)).toEqual([threaded.ts]);
      expect(h.topLevel(h.channel)).toEqual([ts, alone.ts]);
      expect(h.edits(h.channel, threaded.ts)).toBe(1);
    });

    it('surfaces a rate limit as rate_limited with Retry-After, having posted nothing', async () => {
      h.failNext({ kind: 'rate_limited', retryAfterSeconds: 7 });
      const limited = await h.chat.postGroup(h.channel, sampleGroupView());

      expect(limited).toEqual({
        ok: false,
        error: { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: 7000 },
      });
      expect(h.topLevel(h.channel)).toEqual([]);
      value(await h.chat.postGroup(h.channel, sampleGroupView()));
      expect(h.topLevel(h.channel)).toHaveLength(1);
    });

    it('surfaces an outage as transient, and a rate-limited update the same way as a post', async () => {
      const { ts } = value(await h.chat.postGroup(h.channel, sampleGroupView()));
      h.failNext({ kind: 'unavailable', status: 503 });
      expect(await h.chat.updateGroup(h.channel, ts, sampleGroupView(2))).toEqual({
        ok: false,
        error: { kind: 'transient', code: 'http_503', message: 'Service Unavailable' },
      });
      h.failNext({ kind: 'rate_limited', retryAfterSeconds: 2 });
      const limited = await h.chat.updateGroup(h.channel, ts, sampleGroupView(2));
      expect(limited.ok ? undefined : limited.error).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 2000,
      });
      expect(h.edits(h.channel, ts)).toBe(0);
    });

    it('gives permanent errors for a missing channel and for what Slack refuses for good', async () => {
      expect(await h.chat.postGroup(h.missingChannel, sampleGroupView())).toEqual({
        ok: false,
        error: { kind: 'permanent', code: 'channel_not_found', message: 'channel_not_found' },
      });
      h.failNext({ kind: 'permanent', code: 'is_archived' });
      expect(
        await h.chat.postThreadReply(h.channel, '1700000000.000100', { kind: 'text', text: 'x' }),
      ).toEqual({
        ok: false,
        error: { kind: 'permanent', code: 'is_archived', message: 'is_archived' },
      });
    });

    it('answers message_not_found (permanent) when the message to update was deleted', async () => {
      const { ts } = value(await h.chat.postGroup(h.channel, sampleGroupView()));
      h.deleteMessage(h.channel, ts);

      const result = await h.chat.updateGroup(h.channel, ts, sampleGroupView(2));
      expect(result.ok ? undefined : result.error).toMatchObject({
        kind: 'permanent',
        code: 'message_not_found',
      });
    });

    it('shows exactly the marks asked for, again and again, and fails on a deleted message', async () => {
      const { ts } = value(await h.chat.postGroup(h.channel, sampleGroupView()));

      value(await h.chat.showMarks(h.channel, ts, ['acknowledged']));
      value(await h.chat.showMarks(h.channel, ts, ['acknowledged']));
      expect(h.marks(h.channel, ts)).toBe(1);
      value(await h.chat.showMarks(h.channel, ts, ['resolved_benign', 'escalated']));
      expect(h.marks(h.channel, ts)).toBe(2);
      value(await h.chat.showMarks(h.channel, ts, ['resolved_true_positive']));
      expect(h.marks(h.channel, ts)).toBe(1);
      value(await h.chat.showMarks(h.channel, ts, []));
      expect(h.marks(h.channel, ts)).toBe(0);

      h.deleteMessage(h.channel, ts);
      const result = await h.chat.showMarks(h.channel, ts, ['acknowledged']);
      expect(result.ok ? undefined : result.error).toMatchObject({
        kind: 'permanent',
        code: 'message_not_found',
      });
    });

    it('surfaces a rate-limited mark like any other call', async () => {
      const { ts } = value(await h.chat.postGroup(h.channel, sampleGroupView()));
      h.failNext({ kind: 'rate_limited', retryAfterSeconds: 3 });

      const limited = await h.chat.showMarks(h.channel, ts, ['escalated']);

      expect(limited.ok ? undefined : limited.error).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 3000,
      });
      expect(h.marks(h.channel, ts)).toBe(0);
    });

    it('links to a posted message, and to nothing for an unknown one', async () => {
      const { ts } = value(await h.chat.postGroup(h.channel, sampleGroupView()));

      expect(await h.chat.permalink(h.channel, ts)).toMatch(
        new RegExp(`^https://.*/archives/${h.channel}/p${ts.replace('.', '')}`),
      );
      expect(await h.chat.permalink(h.channel, '1600000000.000001')).toBeUndefined();
    });
  });
}
