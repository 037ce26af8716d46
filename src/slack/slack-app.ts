/**
 * The Bolt 5 app: interactivity (buttons, modals) and the `/falco` command. In HTTP mode Bolt's HTTPReceiver is
 * mounted on our own server at `/slack/events` (one server for intake, Slack and GitHub); in Socket Mode Bolt
 * connects out with the app-level token and the HTTP server keeps serving intake only.
 *
 * Bolt verifies every request's signature (and refuses stale ones) before a listener runs. Listeners ack at once
 * and do the slow work afterwards, within Slack's 3-second window. Events (reactions) are acknowledged by Bolt.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import bolt from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { registerAlertActions, type AlertActionHandlers } from './alert-actions.js';
import { boltLogger } from './bolt-logger.js';
import { registerExceptionActions } from './exception-actions.js';
import { registerExplainShortcut, type ExplainShortcutHandler } from './explain-shortcut.js';
import { registerFalcoCommand, type FalcoCommandHandlers } from './falco-command.js';
import { registerHomeEvents } from './home-events.js';
import type { ChatResult } from '../triage/ports/index.js';
import { UrlAwareSocketModeReceiver } from './socket-mode-receiver.js';
import { registerReactionEvents, type ReactionHandlers } from './reaction-events.js';
import type { ReactionMap } from './reaction-map.js';
import { registerTriageActions, type TriageActionHandlers } from './triage-actions.js';

const { App, HTTPReceiver } = bolt;

export interface SlackAppOptions {
  readonly botToken: string;
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  readonly apiUrl: string;
  readonly logger: Logger;
  readonly handlers: AlertActionHandlers;
  readonly command: FalcoCommandHandlers;
  /** The "Explain this Falco alert" message shortcut. */
  readonly explainMessage: ExplainShortcutHandler;
  /** `app_home_opened`: publish the person's App Home. */
  readonly openHome: (userId: string) => Promise<ChatResult<void>>;
  /** Triage controls on alert messages, and reactions as actions. */
  readonly triage: TriageActionHandlers & ReactionHandlers;
  /** SLACK_REACTIONS: which reactions do what. */
  readonly reactions: ReactionMap;
  readonly metrics?: Metrics;
}

function registerListeners(app: InstanceType<typeof App>, options: SlackAppOptions): void {
  registerAlertActions(app, options.handlers, options.logger);
  registerTriageActions(app, options.triage, options.logger);
  registerReactionEvents(app, {
    reactions: options.reactions,
    handlers: options.triage,
    logger: options.logger,
    metrics: options.metrics,
  });
  registerFalcoCommand(app, options.command, options.logger);
  registerExceptionActions(app, options.handlers.exceptionFlow, options.logger);
  registerExplainShortcut(app, options.explainMessage, options.logger);
  registerHomeEvents(app, options.openHome, options.logger);
}

export interface SlackApp {
  /** HTTP mode: the request listener for `POST /slack/events`; undefined in Socket Mode. */
  readonly requestListener: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  readonly mode: 'http' | 'socket';
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const logger = boltLogger(options.logger);
  const clientOptions = { slackApiUrl: options.apiUrl };
  if (options.appToken !== undefined) {
    const receiver = new UrlAwareSocketModeReceiver({
      appToken: options.appToken,
      apiUrl: options.apiUrl,
      logger,
    });
    const app = new App({ token: options.botToken, receiver, logger, clientOptions });
    registerListeners(app, options);
    return {
      requestListener: undefined,
      mode: 'socket',
      start: async () => {
        await app.start();
      },
      stop: async () => {
        await app.stop();
      },
    };
  }
  if (options.signingSecret === undefined) {
    throw new Error(
      'createSlackApp: HTTP mode needs the signing secret (configuration should have refused this)',
    );
  }
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    logger,
    processBeforeResponse: false,
  });
  const app = new App({ token: options.botToken, receiver, logger, clientOptions });
  registerListeners(app, options);
  return {
    requestListener: receiver.requestListener,
    mode: 'http',
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
