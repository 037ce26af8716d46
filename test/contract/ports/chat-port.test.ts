/**
 * The ChatPort contract, run against the in-memory double (test/doubles) and against the Slack adapter wired as the
 * bot wires it (createSlackClient + createSlackChat) over the fake Slack Web API.
 */
import type { ChatError } from '../../../src/triage/ports/index.js';
import { createSlackChat } from '../../../src/slack/slack-chat.js';
import { createSlackClient } from '../../../src/slack/slack-client.js';
import { chatErrors, InMemoryChat } from '../../doubles/in-memory-chat.js';
import { FakeSlack, type Fault } from '../../../src/stand-ins/slack/index.js';
import { chatPortContract, type PlatformFault } from './chat-port.contract.js';

const CHANNEL = 'C0ALERTS01';
const MISSING = 'C0NOSUCH01';

/** The double is scripted with the ChatErrors it claims Slack produces; the contract checks the claim. */
function scriptedError(fault: PlatformFault): ChatError {
  switch (fault.kind) {
    case 'rate_limited':
      return chatErrors.rateLimited(fault.retryAfterSeconds);
    case 'unavailable':
      return chatErrors.unavailable(fault.status);
    case 'permanent':
      return chatErrors.permanent(fault.code);
  }
}

/** The same failure as the fake Slack produces it on the wire. */
function slackFault(fault: PlatformFault): Fault {
  switch (fault.kind) {
    case 'rate_limited':
      return { kind: 'ratelimited', retryAfterSeconds: fault.retryAfterSeconds };
    case 'unavailable':
      return { kind: 'status', status: fault.status };
    case 'permanent':
      return { kind: 'error', error: fault.code };
  }
}

chatPortContract('in-memory double', () => {
  const chat = new InMemoryChat({ channels: [CHANNEL] });
  return Promise.resolve({
    chat,
    channel: CHANNEL,
    missingChannel: MISSING,
    failNext: (fault) => chat.failNext('*', scriptedError(fault)),
    topLevel: (channel) => chat.messages(channel).map((message) => message.ts),
    replies: (channel, ts) => chat.thread(channel, ts).map((message) => message.ts),
    edits: (channel, ts) => chat.message(channel, ts)?.edits.length ?? -1,
    deleteMessage: (channel, ts) => chat.deleteMessage(channel, ts),
    marks: (channel, ts) => chat.message(channel, ts)?.marks.length ?? -1,
    close: () => Promise.resolve(),
  });
});

chatPortContract('Slack adapter over the fake Slack', async () => {
  // The per-channel limiter is off: the cases schedule their 429s themselves.
  const slack = await FakeSlack.start({ rateLimits: { postMessagePerChannel: false } });
  const client = createSlackClient({ token: slack.botToken, apiUrl: slack.apiUrl, timeoutMs: 2000 });
  return {
    chat: createSlackChat(client, Date.now),
    channel: CHANNEL,
    missingChannel: MISSING,
    failNext: (fault) => slack.failNext('*', slackFault(fault)),
    topLevel: (channel) => slack.messages(channel).map((message) => message.ts),
    replies: (channel, ts) => slack.thread(channel, ts).map((message) => message.ts),
    edits: (channel, ts) => slack.message(channel, ts)?.edits.length ?? -1,
    deleteMessage: (channel, ts) => {
      const message = slack.message(channel, ts);
      if (message === undefined) throw new Error(`no message ${ts}`);
      message.deleted = true;
    },
    marks: (channel, ts) => slack.botReactions(channel, ts).length,
    close: () => slack.stop(),
  };
});
