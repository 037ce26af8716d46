/**
 * Slack's Socket Mode, faked: `apps.connections.open` (with the app-level token) hands out a WebSocket URL; the app
 * connects, gets `hello`, and Slack then pushes envelopes (`slash_commands`, `interactive`, `events_api`) that the
 * app must acknowledge with `{ envelope_id, payload? }` within 3 seconds. Protocol: docs.slack.dev/apis/socket-mode.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const DEFAULT_APP_TOKEN = 'xapp-1-A0FALCO01-0000000000000-fakeappleveltoken0000000000000000';

export interface SocketAck {
  readonly envelopeId: string;
  readonly payload: unknown;
}

export class FakeSocketMode {
  readonly appToken: string;
  readonly #server: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();
  readonly #waiting = new Map<string, (ack: SocketAck) => void>();
  readonly opened: string[] = [];

  private constructor(server: WebSocketServer, appToken: string) {
    this.#server = server;
    this.appToken = appToken;
    server.on('connection', (socket, request) => {
      this.#sockets.add(socket);
      this.opened.push(request.url ?? '');
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('message', (data) => {
        const message = JSON.parse(
          Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'),
        ) as {
          envelope_id?: string;
          payload?: unknown;
        };
        if (message.envelope_id === undefined) return;
        this.#waiting.get(message.envelope_id)?.({
          envelopeId: message.envelope_id,
          payload: message.payload,
        });
        this.#waiting.delete(message.envelope_id);
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.#sockets.size,
          debug_info: { host: 'fake-socket-mode', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0FALCO01' },
        }),
      );
    });
  }

  static async start(appToken: string = DEFAULT_APP_TOKEN): Promise<FakeSocketMode> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new FakeSocketMode(server, appToken);
  }

  /** The URL `apps.connections.open` answers with. */
  connectionUrl(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}`;
  }

  get connections(): number {
    return this.#sockets.size;
  }

  /** Pushes an envelope to the connected app and resolves with its acknowledgement. */
  async push(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: unknown,
    timeoutMs = 3000,
  ): Promise<SocketAck> {
    const [socket] = this.#sockets;
    if (socket === undefined) throw new Error('FakeSocketMode: no app is connected');
    const envelopeId = randomUUID();
    const acked = new Promise<SocketAck>((resolve, reject) => {
      this.#waiting.set(envelopeId, resolve);
      setTimeout(
        () => reject(new Error(`FakeSocketMode: envelope ${type} not acknowledged within ${timeoutMs} ms`)),
        timeoutMs,
      ).unref();
    });
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
      }),
    );
    return acked;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
