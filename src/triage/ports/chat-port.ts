import type { GroupView } from './group-view.js';
import type { ExplainReport } from '../../falco/explain/index.js';
import type { Result } from '../../result.js';
import type { ProposalView } from './proposal-view.js';
import type { ThreadNote } from './thread-note.js';
import type { TriageMark } from './triage-records.js';
import type { ExplainedWith } from './target-ref.js';

/**
 * How the workflow talks to the chat platform (Slack). Implementations render the neutral views into messages
 * (src/slack) and translate platform errors into the three outcomes the workflow acts on.
 */
export type ChatError =
  /** Slack said 429: try again after `retryAfterMs` (and hold the channel until then). */
  | { readonly kind: 'rate_limited'; readonly code: string; readonly retryAfterMs: number }
  /** 5xx, timeouts, network: retry with backoff. */
  | { readonly kind: 'transient'; readonly code: string; readonly message: string }
  /** The request can never succeed (channel_not_found, invalid_blocks, …): give up and tell the operator. */
  | { readonly kind: 'permanent'; readonly code: string; readonly message: string };

export type ChatResult<T> = Result<T, ChatError>;

/** A thread reply under an alert group's message (or a proposal message of its own). */
export type ThreadReply =
  | {
      readonly kind: 'samples';
      readonly rule: string;
      readonly samples: Readonly<Record<string, readonly string[]>>;
    }
  | { readonly kind: 'note'; readonly note: ThreadNote }
  /** A note already worded in the chat's markup: queued before notes were codes, and sent exactly as queued. */
  | { readonly kind: 'text'; readonly text: string }
  /** The group was escalated: the reply mentions the user group, once. */
  | {
      readonly kind: 'escalation';
      readonly usergroup: string;
      readonly by: string;
      readonly rule: string;
      readonly priority: string;
      readonly count: number;
    };

export interface ChatPort {
  postGroup(channel: string, view: GroupView): Promise<ChatResult<{ readonly ts: string }>>;
  updateGroup(channel: string, ts: string, view: GroupView): Promise<ChatResult<void>>;
  postThreadReply(
    channel: string,
    threadTs: string,
    reply: ThreadReply,
  ): Promise<ChatResult<{ readonly ts: string }>>;
  /** The proposal message (Approve / Reject): a reply in the alert's thread, or (no thread) a message of its own. */
  postProposal(
    channel: string,
    threadTs: string | undefined,
    view: ProposalView,
  ): Promise<ChatResult<{ readonly ts: string }>>;
  updateProposal(channel: string, ts: string, view: ProposalView): Promise<ChatResult<void>>;
  /** An explanation of the group's alert, as a thread reply; `rules`: whose rules it used, when there are targets. */
  postExplanation(
    channel: string,
    threadTs: string,
    report: ExplainReport,
    requestedBy: string,
    rules?: ExplainedWith,
  ): Promise<ChatResult<{ readonly ts: string }>>;
  /**
   * Shows exactly these triage marks on a group's message (for Slack: the bot's own reactions), adding the missing
   * and taking back the others; marks people set themselves are left alone.
   */
  showMarks(channel: string, ts: string, marks: readonly TriageMark[]): Promise<ChatResult<void>>;
  /** A link to a message (for PR bodies); undefined when Slack cannot say. */
  permalink(channel: string, ts: string): Promise<string | undefined>;
}
