/**
 * The process entry point as `npm start` runs it: configuration errors end the process cleanly with what to fix,
 * and SIGTERM shuts a running bot down gracefully (stop accepting, finish, close the store, exit 0).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_SIGNING_SECRET, FakeSlack } from '../../src/stand-ins/slack/index.js';
import { runMain as run } from './helpers/main-process.js';

describe('npm start', () => {
  it('with nothing configured, lists what is missing and exits 78 without a stack trace', async () => {
    const result = await run({});

    expect(result.code).toBe(78);
    expect(result.stderr).toContain('falco-triage cannot start: 4 configuration problems');
    expect(result.stderr).toContain('SLACK_BOT_TOKEN');
    expect(result.stderr).toContain('docs/configuration.md');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an invalid routes file with its position', async () => {
    const result = await run({
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: 'secret',
      INGEST_TOKEN: '0123456789abcdef0123',
      ROUTES_FILE: resolve('package.json'),
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });

    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/package\.json:\d+:\d+:/);
    expect(result.stderr).toContain('See docs/routing-and-grouping.md.');
  });

  describe('running', () => {
    let slack: FakeSlack;
    let dataDir: string;

    beforeAll(async () => {
      slack = await FakeSlack.start();
      dataDir = mkdtempSync(join(tmpdir(), 'falco-triage-data-'));
    });

    afterAll(async () => {
      await slack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** A complete configuration, with Slack's Web API at `slackApiUrl`. */
    function runningEnv(slackApiUrl: string): Record<string, string> {
      return {
        PORT: '0',
        HOST: '127.0.0.1',
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
        SLACK_API_URL: slackApiUrl,
        SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
        INGEST_TOKEN: '0123456789abcdef0123',
        FALCO_TRIAGE_DATA_DIR: dataDir,
      };
    }

    it('shuts down gracefully on SIGTERM', async () => {
      let healthy = false;
      const result = await run(runningEnv(slack.apiUrl), (stdout, stop) => {
        const port = /"port":(\d+)/.exec(stdout)?.[1];
        if (port === undefined || healthy) return;
        healthy = true;
        void fetch(`http://127.0.0.1:${port}/healthz`).then((response) => {
          expect(response.status).toBe(200);
          stop();
        });
      });

      expect(healthy).toBe(true);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/"version":"\d+\.\d+\.\d+[^"]*"[^\n]*falco-triage is up/);
      expect(result.stdout).toContain('falco-triage stopped');
    }, 90_000);

    it('a SIGTERM during start-up stops the bot once it is up, and exits 0', async () => {
      let signalled = false;
      // The FALCO_VERSION warning is logged after the signal handlers are installed and before the store opens.
      const result = await run(runningEnv(slack.apiUrl), (stdout, stop) => {
        if (signalled || !stdout.includes('FALCO_VERSION is not set')) return;
        signalled = true;
        stop();
      });

      expect(signalled).toBe(true);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('stop requested during start-up');
      expect(result.stdout.indexOf('falco-triage is up')).toBeLessThan(
        result.stdout.indexOf('falco-triage stopped'),
      );
    }, 90_000);

    it('exits on SIGTERM while Slack is unreachable (its retries do not keep the process alive)', async () => {
      const closed = createServer();
      await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
      const { port: deadPort } = closed.address() as AddressInfo;
      await new Promise((done) => closed.close(done));
      let signalled = false;
      const result = await run(runningEnv(`http://127.0.0.1:${deadPort}/api/`), (stdout, stop, kill) => {
        const port = /"port":(\d+)/.exec(stdout)?.[1];
        if (port === undefined || signalled) return;
        signalled = true;
        // Once it answers, its signal handlers are in place.
        void fetch(`http://127.0.0.1:${port}/healthz`).then(() => {
          stop();
          setTimeout(kill, 15_000).unref(); // still running 15 s after SIGTERM: the exit code fails the test
        });
      });

      expect(signalled).toBe(true);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('falco-triage stopped');
    }, 90_000);
  });
});
