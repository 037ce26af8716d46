/**
 * The scaffold of the intake bench's comparison servers (the parse-only baseline, the durable reference): a bare
 * node:http server on a free port that reads each request's body whole, JSON-parses it and hands it over with a
 * way to answer. Whatever the server does with the alerts is the handler's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = (status: number, body: string) => void;

export interface JsonServer {
  /** `http://127.0.0.1:<port>/falco/alerts` */
  readonly url: string;
  close(): Promise<void>;
}

export async function startJsonServer(
  handle: (parsed: unknown, answer: Answer) => void,
): Promise<JsonServer> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown, (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      });
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/falco/alerts`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
