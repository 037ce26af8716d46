/**
 * Start-up while PostgreSQL is not there yet, through the real entry point (`npm start`): the bot logs one line per
 * attempt and keeps waiting; when the server appears (a TCP proxy to the real server opened on the port it waits
 * on) it comes up; when the wait runs out it exits with one clear sentence, no stack trace, never the password.
 * The second case needs the real server (TEST_DATABASE_URL, set by .ci/run; 127.0.0.1:5432 on dev and CI machines).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { quoteSchema } from '../../src/store/database.js';
import { DEFAULT_SIGNING_SECRET, FakeSlack } from '../../src/stand-ins/slack/index.js';
import { closedPort } from '../helpers/sockets.js';
import { TEST_DATABASE_URL } from '../helpers/store.js';
import { runMain } from './helpers/main-process.js';

const PASSWORD = 'hunter2-never-logged';

let slack: FakeSlack;

beforeAll(async () => {
  slack = await FakeSlack.start();
});

afterAll(async () => {
  await slack.stop();
});

function botEnv(databaseUrl: string, timeoutSeconds: number): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
    INGEST_TOKEN: '0123456789abcdef0123',
    DATABASE_URL: databaseUrl,
    DATABASE_CONNECT_TIMEOUT_SECONDS: String(timeoutSeconds),
  };
}

/** The `msg` of every JSON log line of stdout. */
function messages(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg));
}

describe('npm start with PostgreSQL unreachable', () => {
  it('logs each attempt, then gives up with one sentence after DATABASE_CONNECT_TIMEOUT_SECONDS', async () => {
    const port = await closedPort();

    const result = await runMain(botEnv(`postgres://falco:${PASSWORD}@127.0.0.1:${port}/falco`, 4));

    const waiting = messages(result.stdout).filter((message) => message.startsWith('waiting for PostgreSQL'));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting[0]).toMatch(
      new RegExp(
        `^waiting for PostgreSQL at 127\\.0\\.0\\.1:${port} \\(attempt 1, next in \\d+\\.\\ds\\): connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`,
      ),
    );
    expect(waiting[1]).toContain('(attempt 2, next in ');
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(
      `falco-triage cannot start: PostgreSQL at 127.0.0.1:${port} did not answer within 4 s (`,
    );
    expect(result.stderr).toContain('See docs/operations.md#starting-before-postgresql.');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.ms).toBeLessThan(15_000);
    expect(`${result.stdout}${result.stderr}`).not.toContain(PASSWORD);
  }, 30_000);

  const enabled = TEST_DATABASE_URL !== undefined && TEST_DATABASE_URL !== '';
  describe('when the server appears while it waits', () => {
    if (!enabled) {
      it('needs TEST_DATABASE_URL (not set here): no server to bring up', () => {
        expect(TEST_DATABASE_URL ?? '').toBe('');
      });
      return;
    }
    const schema = `e2e_dbwait_${process.pid}_${Date.now()}`;
    const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
    let proxy: Server | undefined;
    const sockets: Socket[] = [];

    beforeAll(async () => {
      await admin.query(`CREATE SCHEMA ${quoteSchema(schema)}`);
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      proxy?.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await admin.end();
    });

    /** Opens a TCP proxy on `port` to the real server. */
    async function openProxy(port: number): Promise<void> {
      const target = new URL(TEST_DATABASE_URL ?? '');
      proxy = createServer((client) => {
        const server = connect(Number(target.port || 5432), target.hostname);
        sockets.push(client, server);
        client.pipe(server).pipe(client);
        client.on('error', () => server.destroy());
        server.on('error', () => client.destroy());
      });
      await new Promise<void>((done) => proxy?.listen(port, '127.0.0.1', done));
    }

    it('keeps waiting, then comes up and is ready', async () => {
      const port = await closedPort();
      const url = new URL(TEST_DATABASE_URL ?? '');
      url.host = `127.0.0.1:${port}`;
      url.password = PASSWORD; // trust auth: the server never asks for it, but it must never be logged
      url.searchParams.set('options', `-c search_path=${schema}`);
      let proxyOpened = false;
      let readiness: number | undefined;

      const result = await runMain(botEnv(url.toString(), 120), (stdout, stop) => {
        if (!proxyOpened && stdout.includes('(attempt 2, next in')) {
          proxyOpened = true;
          void openProxy(port);
        }
        const botPort = /"port":(\d+)/.exec(stdout)?.[1];
        if (botPort === undefined || readiness !== undefined) return;
        readiness = 0;
        void fetch(`http://127.0.0.1:${botPort}/readyz`).then((response) => {
          readiness = response.status;
          stop();
        });
      });

      const logged = messages(result.stdout);
      expect(
        logged.filter((message) => message.startsWith('waiting for PostgreSQL')).length,
      ).toBeGreaterThanOrEqual(2);
      expect(logged).toContain(`PostgreSQL at 127.0.0.1:${port} answers`);
      expect(logged).toContain('falco-triage is up');
      expect(readiness).toBe(200);
      expect(result.code).toBe(0);
      expect(`${result.stdout}${result.stderr}`).not.toContain(PASSWORD);
      const { rows } = await admin.query<{ n: string }>(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'alerts'`,
        [schema],
      );
      expect(rows[0]?.n).toBe('1'); // it migrated the database it waited for
    }, 60_000);
  });
});
