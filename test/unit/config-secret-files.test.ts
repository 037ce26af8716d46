/**
 * Secrets given as files (`NAME_FILE`), through loadConfig as `npm start` calls it. The process test
 * (test/e2e/secret-files.test.ts) runs the same through the real entry point.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ENVIRONMENT_VARIABLES, formatConfigProblems, loadConfig } from '../../src/config.js';
import { SECRET_VARIABLES } from '../../src/config-secret-files.js';

const dir = mkdtempSync(join(tmpdir(), 'falco-triage-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes `content` to a new file and returns its path. */
function secretFile(content: string): string {
  files += 1;
  const path = join(dir, `secret-${files}`);
  writeFileSync(path, content);
  return path;
}

const minimal = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-3',
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_DEFAULT_CHANNEL: 'C0123456789',
  INGEST_TOKEN: '0123456789abcdef0123',
};

const github = { GITHUB_REPO: 'acme/falco-rules', RULES_FILE: 'values.yaml', FALCO_VERSION: '0.44.1' };

describe('secrets given as NAME_FILE', () => {
  it('reads every Slack, intake and database secret from its file, trailing newline removed', () => {
    const loaded = loadConfig({
      SLACK_DEFAULT_CHANNEL: 'C0123456789',
      SLACK_BOT_TOKEN_FILE: secretFile('xoxb-from-file\n'),
      SLACK_SIGNING_SECRET_FILE: secretFile('signing-from-file\r\n'),
      SLACK_APP_TOKEN_FILE: secretFile('xapp-from-file'),
      INGEST_TOKEN_FILE: secretFile('ingest-token-from-a-file\n\n'),
      DATABASE_URL_FILE: secretFile('postgres://bot:p%40ss@db.internal:5432/falco\n'),
    });

    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.slack).toMatchObject({
      botToken: 'xoxb-from-file',
      signingSecret: 'signing-from-file',
      appToken: 'xapp-from-file',
    });
    expect(loaded.value.ingest.token).toBe('ingest-token-from-a-file');
    expect(loaded.value.store).toMatchObject({
      kind: 'postgres',
      url: 'postgres://bot:p%40ss@db.internal:5432/falco',
    });
  });

  it('reads the GitHub token and webhook secret from files', () => {
    const loaded = loadConfig({
      ...minimal,
      ...github,
      GITHUB_TOKEN_FILE: secretFile('ghp_fromfile\n'),
      GITHUB_WEBHOOK_SECRET_FILE: secretFile('hook-secret\n'),
    });

    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.github?.auth).toEqual({ kind: 'token', token: 'ghp_fromfile' });
    expect(loaded.value.github?.webhookSecret).toBe('hook-secret');
  });

  it('reads a GitHub App private key from its file with its line breaks intact', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIabc\ndef\n-----END RSA PRIVATE KEY-----\n';
    const loaded = loadConfig({
      ...minimal,
      ...github,
      GITHUB_APP_ID: '123',
      GITHUB_APP_PRIVATE_KEY_FILE: secretFile(pem),
    });

    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.github?.auth).toMatchObject({ kind: 'app', privateKey: pem.trimEnd() });
  });

  it('refuses a secret given both ways, naming both variables', () => {
    const loaded = loadConfig({ ...minimal, INGEST_TOKEN_FILE: secretFile('ingest-token-from-a-file') });

    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error).toEqual([
      {
        variable: 'INGEST_TOKEN_FILE',
        message:
          'INGEST_TOKEN is set as well: give the secret one way, INGEST_TOKEN or INGEST_TOKEN_FILE, not both',
      },
    ]);
  });

  it('takes an empty NAME (a copied .env.example line) as unset beside NAME_FILE', () => {
    const loaded = loadConfig({
      ...minimal,
      INGEST_TOKEN: '',
      INGEST_TOKEN_FILE: secretFile('0123456789abcdef'),
    });

    expect(loaded.ok && loaded.value.ingest.token).toBe('0123456789abcdef');
  });

  it.each([
    ['a missing file', () => join(dir, 'absent'), 'no such file (is the Secret mounted at this path?)'],
    [
      'a directory',
      () => {
        const path = join(dir, 'a-directory');
        mkdirSync(path, { recursive: true });
        return path;
      },
      'it is a directory (name the file inside it)',
    ],
    [
      'a file too large for a secret',
      () => secretFile('x'.repeat(70_000)),
      'larger than 64 KiB: not a secret',
    ],
  ])('names the variable and the path of %s, and reports the rest at once', (_, pathOf, reason) => {
    // (Permission denied is not tested: the tests may run as root, who reads any file.)
    const path = pathOf();

    const loaded = loadConfig({
      ...minimal,
      SLACK_BOT_TOKEN: undefined,
      SLACK_BOT_TOKEN_FILE: path,
      PORT: 'x',
    });

    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error).toEqual([
      { variable: 'SLACK_BOT_TOKEN_FILE', message: `cannot read ${path}: ${reason}` },
      { variable: 'PORT', message: expect.any(String) as unknown as string },
    ]);
  });

  it('says an empty file is empty', () => {
    const path = secretFile('\n');

    const loaded = loadConfig({ ...minimal, INGEST_TOKEN: undefined, INGEST_TOKEN_FILE: path });

    expect(!loaded.ok && loaded.error).toEqual([
      { variable: 'INGEST_TOKEN_FILE', message: `${path} is empty: expected the value of INGEST_TOKEN` },
    ]);
  });

  it('names the file of an invalid value, never the value', () => {
    const content = 'not-a-bot-token-but-someones-password';
    const path = secretFile(`${content}\n`);

    const loaded = loadConfig({ ...minimal, SLACK_BOT_TOKEN: undefined, SLACK_BOT_TOKEN_FILE: path });

    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error).toEqual([
      {
        variable: 'SLACK_BOT_TOKEN_FILE',
        message: `expected a bot token starting with xoxb- (in ${path})`,
      },
    ]);
    expect(formatConfigProblems(loaded.error)).not.toContain(content);
  });

  it('covers every secret the configuration reads', () => {
    const secretLooking = ENVIRONMENT_VARIABLES.filter((name) =>
      /TOKEN|SECRET|PRIVATE_KEY|PASSWORD|DATABASE_URL/.test(name),
    );

    expect([...SECRET_VARIABLES].sort()).toEqual(secretLooking.sort());
  });
});
