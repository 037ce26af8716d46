/**
 * A Bolt receiver for Socket Mode that honours our Slack API URL. Bolt's own SocketModeReceiver builds its socket
 * client without `clientOptions`, so `apps.connections.open` would always go to slack.com (no proxy, no GovSlack,
 * no test server). This is the same wiring (SocketModeClient events → `app.processEvent`) with the URL passed on.
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';

interface SocketEvent {
  readonly ack: (response?: Record<string, unknown>) => Promise<void>;
  readonly body: Record<string, unknown>;
  readonly retry_num?: number;
  readonly retry_reason?: string;
}

export class UrlAwareSocketModeReceiver implements Receiver {
  readonly client: SocketModeClient;
  #app: App | undefined;

  constructor(options: { appToken: string; apiUrl: string; logger: BoltLogger }) {
    this.client = new SocketModeClient({
      appToken: options.appToken,
      logger: options.logger,
      clientOptions: { slackApiUrl: options.apiUrl },
    });
    this.client.on('slack_event', (args: SocketEvent) => {
      void this.#dispatch(args, options.logger);
    });
  }

  async #dispatch(args: SocketEvent, logger: BoltLogger): Promise<void> {
    let acked = false;
    const event: ReceiverEvent = {
      body: args.body,
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        await args.ack(
          typeof response === 'object' && response !== null
            ? (response as Record<string, unknown>)
            : undefined,
        );
      },
      ...(args.retry_num === undefined ? {} : { retryNum: args.retry_num }),
      ...(args.retry_reason === undefined ? {} : { retryReason: args.retry_reason }),
      customProperties: {},
    };
    try {
      await this.#app?.processEvent(event);
    } catch (error) {
      logger.error('Socket Mode event failed:', error);
      await event.ack();
    }
  }

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<unknown> {
    return this.client.start();
  }

  async stop(): Promise<unknown> {
    return this.client.disconnect();
  }
}
