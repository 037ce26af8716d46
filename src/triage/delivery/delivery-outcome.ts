/** How a Slack job ended, as the delivery worker settles it (complete, run again later, or a chat error). */
import type { ChatError } from '../ports/index.js';

export type Outcome =
  /** `paceChannel`: a new message went to this channel; its next one waits the channel's interval. */
  | { readonly kind: 'done'; readonly paceChannel?: string }
  | { readonly kind: 'later'; readonly afterMs: number; readonly reason: string }
  | { readonly kind: 'chat-error'; readonly error: ChatError; readonly paceChannel?: string };
