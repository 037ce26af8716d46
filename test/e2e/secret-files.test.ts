/**
 * Secrets as files (`NAME_FILE`, as Kubernetes mounts a Secret) through the real entry point: the bot starts on
 * secrets read from files and never prints them; a file it cannot read stops the start with the variable and the
 * path, without a stack trace and without the content of any secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_SIGNING_SECRET, FakeSlack } from '../../src/stand-ins/slack/index.js';
import { runMain } from './helpers/main-process.js';

const INGEST_SECRET = 'ingest-secret-from-a-mounted-file';

let slack: FakeSlack;
let dir: string;

beforeAll(async () => {
  slack = await FakeSlack.start();
  dir = mkdtempSync(join(tmpdir(), 'falco-triage-secret-files-'));
});

afterAll(async () => {
  await slack.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a secret file as a Kubernetes Secret volume holds it (with a trailing newline) and returns its path. */
function mounted(name: string, value: string): string {
  const path = join(dir, name);
  writeFileSync(path, `${value}\n`);
  return path;
}

describe('npm start with secrets in files', () => {
  it('starts on secrets read from files, accepts the intake token from its file and logs none of them', async () => {
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_API_URL: slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
      FALCO_TRIAGE_DATA_DIR: join(dir, 'data'),
      SLACK_BOT_TOKEN_FILE: mounted('slack-bot-token', slack.botToken),
      SLACK_SIGNING_SECRET_FILE: mounted('slack-signing-secret', DEFAULT_SIGNING_SECRET),
      INGEST_TOKEN_FILE: mounted('ingest-token', INGEST_SECRET),
    };
    let statuses: number[] = [];
    let asked = false;

    const result = await runMain(env, (stdout, stop) => {
      const port = /"port":(\d+)/.exec(stdout)?.[1];
      if (port === undefined || asked) return;
      asked = true;
      const test = (token: string): Promise<number> =>
        fetch(`http://127.0.0.1:${port}/test`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        }).then((response) => response.status);
      void Promise.all([test(INGEST_SECRET), test('wrong-token-0123456789')]).then((answers) => {
        statuses = answers;
        stop();
      });
    });

    expect(result.code).toBe(0);
    expect(statuses).toEqual([202, 401]);
    for (const secret of [INGEST_SECRET, slack.botToken, DEFAULT_SIGNING_SECRET]) {
      expect(result.stdout).not.toContain(secret);
      expect(result.stderr).not.toContain(secret);
    }
  }, 90_000);

  it('stops with the variable and the path of a file it cannot read, and never prints a secret', async () => {
    const missing = join(dir, 'not-mounted', 'slack-bot-token');

    const result = await runMain({
      SLACK_BOT_TOKEN_FILE: missing,
      SLACK_SIGNING_SECRET_FILE: mounted('signing', 'signing-secret-never-printed'),
      SLACK_SIGNING_SECRET: 'also-set-directly-never-printed',
      INGEST_TOKEN_FILE: mounted('ingest', INGEST_SECRET),
      SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
    });

    expect(result.code).toBe(78);
    expect(result.stderr).toContain('falco-triage cannot start: 2 configuration problems');
    expect(result.stderr).toContain(
      `SLACK_BOT_TOKEN_FILE: cannot read ${missing}: no such file (is the Secret mounted at this path?)`,
    );
    expect(result.stderr).toContain(
      'SLACK_SIGNING_SECRET_FILE: SLACK_SIGNING_SECRET is set as well: give the secret one way',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    for (const secret of ['signing-secret-never-printed', 'also-set-directly-never-printed', INGEST_SECRET]) {
      expect(result.stderr).not.toContain(secret);
      expect(result.stdout).not.toContain(secret);
    }
  });
});
