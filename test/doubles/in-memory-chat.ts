/**
 * An in-memory ChatPort for workflow tests: it keeps what the workflow asked the chat to show as the port's own
 * records (views, replies, reports), never rendered, so tests assert on data and do not change when Slack messages
 * are redesigned or ThreadReply gains variants. Failures are scripted per call with the ChatErrors the Slack
 * adapter produces (`chatErrors`). test/contract/ports/chat-port.contract.ts runs the same cases against this double
 * and the Slack adapter, which keeps the two in step.
 *
 * @example
 *   const chat = new InMemoryChat({ channels: ['C1'] });
 *   chat.failNext('postGroup', chatErrors.rateLimited(2));
 *   // ... run the delivery worker ...
 *   expect(chat.messages('C1').map((m) => m.content.kind)).toEqual(['group']);
 */
import { STATUS_CODES } from 'node:http';
import type { ExplainReport } from '../../src/falco/explain/index.js';
import type {
  ChatError,
  ExplainedWith,
  ChatPort,
  ChatResult,
  GroupView,
  ProposalView,
  ThreadReply,
  TriageMark,
} from '../../src/triage/ports/index.js';
import { CallScript } from './call-script.js';

/** The port's methods that answer with a ChatResult (and so can be scripted to fail). */
export type ChatCall = Exclude<keyof ChatPort, 'permalink'>;

export type ChatContent =
  | { readonly kind: 'group'; readonly view: GroupView }
  | { readonly kind: 'proposal'; readonly view: ProposalView }
  | { readonly kind: 'reply'; readonly reply: ThreadReply }
  | {
      readonly kind: 'explanation';
      readonly report: ExplainReport;
      readonly requestedBy: string;
      readonly rules?: ExplainedWith;
    };

export interface ChatMessage {
  readonly channel: string;
  readonly ts: string;
  /** The parent's ts for a thread reply. */
  readonly threadTs: string | undefined;
  /** What the message shows now. */
  content: ChatContent;
  /** The triage marks shown on it (for Slack: the bot's reactions), in the order they were added. */
  marks: TriageMark[];
  /** Earlier contents, oldest first (one per update). */
  readonly edits: ChatContent[];
  deleted: boolean;
}

/** One call the workflow made, and how it ended. */
export interface ChatAttempt {
  readonly call: ChatCall;
  readonly channel: string;
  readonly atMs: number;
  readonly error: ChatError | undefined;
}

/** The ChatErrors the Slack adapter produces (src/slack/chat-errors.ts), for scripting failures. */
export const chatErrors = {
  /** Slack's 429 with `Retry-After: seconds`. */
  rateLimited: (seconds: number): ChatError => ({
    kind: 'rate_limited',
    code: 'ratelimited',
    retryAfterMs: seconds * 1000,
  }),
  /** An HTTP 5xx answer (an outage); the message is the status text, as @slack/web-api reports it. */
  unavailable: (status = 503): ChatError => ({
    kind: 'transient',
    code: `http_${status}`,
    message: STATUS_CODES[status] ?? '',
  }),
  /** A Slack error code no retry fixes (`channel_not_found`, `invalid_blocks`, …). */
  permanent: (code: string): ChatError => ({ kind: 'permanent', code, message: code }),
};

export class InMemoryChat implements ChatPort {
  readonly attempts: ChatAttempt[] = [];
  readonly #all: ChatMessage[] = [];
  readonly #script = new CallScript<ChatCall, ChatError>();
  readonly #channels: ReadonlySet<string> | undefined;
  readonly #now: () => number;
  #lastMicros = 0;

  /** `channels`: the channels the bot may post in (others answer `channel_not_found`); default any. */
  constructor(options: { readonly channels?: readonly string[]; readonly now?: () => number } = {}) {
    this.#channels = options.channels === undefined ? undefined : new Set(options.channels);
    this.#now = options.now ?? Date.now;
  }

  // --- scripting and inspection ------------------------------------------------------------------------------

  /** The next `times` calls of `call` (`'*'`: any call) fail with `error`, in the order scripted. */
  failNext(call: ChatCall | '*', error: ChatError, times = 1): void {
    this.#script.fail(call, error, times);
  }

  pendingFailures(): number {
    return this.#script.pending();
  }

  /** Live top-level messages of a channel, oldest first. */
  messages(channel: string): ChatMessage[] {
    return this.#all.filter((m) => m.channel === channel && m.threadTs === undefined && !m.deleted);
  }

  /** Live replies in the thread of `threadTs`, oldest first. */
  thread(channel: string, threadTs: string): ChatMessage[] {
    return this.#all.filter((m) => m.channel === channel && m.threadTs === threadTs && !m.deleted);
  }

  message(channel: string, ts: string): ChatMessage | undefined {
    return this.#all.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Someone deleted the message in Slack: updates of it now fail with `message_not_found`. */
  deleteMessage(channel: string, ts: string): void {
    const found = this.message(channel, ts);
    if (found === undefined) throw new Error(`no message ${ts} in ${channel}`);
    found.deleted = true;
  }

  // --- the port ------------------------------------------------------------------------------------------------

  postGroup(channel: string, view: GroupView): Promise<ChatResult<{ readonly ts: string }>> {
    return this.#post('postGroup', channel, undefined, { kind: 'group', view });
  }

  updateGroup(channel: string, ts: string, view: GroupView): Promise<ChatResult<void>> {
    return this.#update('updateGroup', channel, ts, { kind: 'group', view });
  }

  postThreadReply(
    channel: string,
    threadTs: string,
    reply: ThreadReply,
  ): Promise<ChatResult<{ readonly ts: string }>> {
    return this.#post('postThreadReply', channel, threadTs, { kind: 'reply', reply });
  }

  postProposal(
    channel: string,
    threadTs: string | undefined,
    view: ProposalView,
  ): Promise<ChatResult<{ readonly ts: string }>> {
    return this.#post('postProposal', channel, threadTs, { kind: 'proposal', view });
  }

  updateProposal(channel: string, ts: string, view: ProposalView): Promise<ChatResult<void>> {
    return this.#update('updateProposal', channel, ts, { kind: 'proposal', view });
  }

  postExplanation(
    channel: string,
    threadTs: string,
    report: ExplainReport,
    requestedBy: string,
    rules?: ExplainedWith,
  ): Promise<ChatResult<{ readonly ts: string }>> {
    return this.#post('postExplanation', channel, threadTs, {
      kind: 'explanation',
      report,
      requestedBy,
      ...(rules === undefined ? {} : { rules }),
    });
  }

  async showMarks(channel: string, ts: string, marks: readonly TriageMark[]): Promise<ChatResult<void>> {
    await Promise.resolve();
    const found = this.message(channel, ts);
    const error = this.#attempt('showMarks', channel, () =>
      found === undefined || found.deleted ? chatErrors.permanent('message_not_found') : undefined,
    );
    if (error !== undefined || found === undefined) {
      return { ok: false, error: error ?? chatErrors.permanent('message_not_found') };
    }
    found.marks = [
      ...found.marks.filter((mark) => marks.includes(mark)),
      ...marks.filter((mark) => !found.marks.includes(mark)),
    ];
    return { ok: true, value: undefined };
  }

  permalink(channel: string, ts: string): Promise<string | undefined> {
    const found = this.message(channel, ts);
    if (found === undefined || found.deleted) return Promise.resolve(undefined);
    const thread = found.threadTs === undefined ? '' : `?thread_ts=${found.threadTs}&cid=${channel}`;
    return Promise.resolve(`https://slack.test/archives/${channel}/p${ts.replace('.', '')}${thread}`);
  }

  // --- internals -----------------------------------------------------------------------------------------------

  /** This call's failure (scripted, unknown channel, or `refuse`'s), recorded either way. */
  #attempt(call: ChatCall, channel: string, refuse?: () => ChatError | undefined): ChatError | undefined {
    let error = this.#script.take(call);
    if (error === undefined && this.#channels !== undefined && !this.#channels.has(channel)) {
      error = chatErrors.permanent('channel_not_found');
    }
    error ??= refuse?.();
    this.attempts.push({ call, channel, atMs: this.#now(), error });
    return error;
  }

  async #post(
    call: ChatCall,
    channel: string,
    threadTs: string | undefined,
    content: ChatContent,
  ): Promise<ChatResult<{ readonly ts: string }>> {
    await Promise.resolve(); // answer asynchronously, as a network call does
    const error = this.#attempt(call, channel);
    if (error !== undefined) return { ok: false, error };
    const ts = this.#nextTs();
    this.#all.push({ channel, ts, threadTs, content, edits: [], deleted: false, marks: [] });
    return { ok: true, value: { ts } };
  }

  async #update(
    call: ChatCall,
    channel: string,
    ts: string,
    content: ChatContent,
  ): Promise<ChatResult<void>> {
    await Promise.resolve();
    const found = this.message(channel, ts);
    const error = this.#attempt(call, channel, () =>
      found === undefined || found.deleted ? chatErrors.permanent('message_not_found') : undefined,
    );
    if (error !== undefined || found === undefined) {
      return { ok: false, error: error ?? chatErrors.permanent('message_not_found') };
    }
    found.edits.push(found.content);
    found.content = content;
    return { ok: true, value: undefined };
  }

  /** Slack's `ts`: seconds and a 6-digit fraction, strictly increasing within the workspace. */
  #nextTs(): string {
    const micros = Math.max(this.#lastMicros + 1, Math.floor(this.#now()) * 1000);
    this.#lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }
}
