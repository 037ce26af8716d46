import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { GitHubConfig } from '../../../src/config.js';
import type { FakeGitHub } from '../../../src/stand-ins/github/index.js';
import { failure, REPO, RULES, repoFor, SEED, startFake, unwrap } from './setup.js';

const APP_ID = 4242;
const INSTALLATION_ID = 77;
// GitHub hands out PKCS#1 keys ("BEGIN RSA PRIVATE KEY").
const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

function appAuth(
  overrides: Partial<Extract<GitHubConfig['auth'], { kind: 'app' }>> = {},
): GitHubConfig['auth'] {
  return {
    kind: 'app',
    appId: String(APP_ID),
    privateKey: keys.privateKey,
    installationId: undefined,
    ...overrides,
  };
}

describe('GitHub repo port: GitHub App authentication', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    // The fake reads the clock at call time, so a test can move GitHub's time with jest's fake Date.
    fake = await startFake({ now: () => Date.now() });
    fake.registerApp({
      appId: APP_ID,
      slug: 'falco-triage',
      publicKey: keys.publicKey,
      installations: [{ id: INSTALLATION_ID, account: 'acme', repos: [REPO] }],
    });
  });
  afterEach(async () => {
    fake.assertNoViolations();
    await fake.close();
  });

  it('uses the configured installation: one token for many calls, commits as the App', async () => {
    const repo = repoFor(fake, appAuth({ installationId: String(INSTALLATION_ID) }));
    const file = unwrap(await repo.readFile(RULES, 'main'));
    expect(file?.content).toBe(SEED);
    unwrap(
      await repo.writeFile({
        branch: 'main',
        path: RULES,
        content: `${SEED}#\n`,
        expectedSha: file?.sha,
        message: 'm',
      }),
    );
    expect(fake.requests({ operationId: 'apps/get-repo-installation' })).toHaveLength(0);
    expect(fake.requests({ operationId: 'apps/create-installation-access-token' })).toHaveLength(1);
    expect(fake.commits(REPO, 'main')[0]?.author).toBe('falco-triage[bot]');
  });

  it('mints a new installation token when the hour is up', async () => {
    // Only the clock is faked: GitHub's side (the fake) and octokit's token cache both read Date.
    jest.useFakeTimers({
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      const repo = repoFor(fake, appAuth({ installationId: String(INSTALLATION_ID) }));
      unwrap(await repo.branchHead('main'));
      jest.setSystemTime(Date.now() + 61 * 60 * 1000);
      unwrap(await repo.branchHead('main'));
      const tokens = fake.requests({ operationId: 'apps/create-installation-access-token' });
      expect(tokens.map((request) => request.status)).toEqual([201, 201]);
      expect(fake.requests({ operationId: 'git/get-ref' }).map((request) => request.status)).toEqual([
        200, 200,
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('finds the installation on the repository when none is configured, once', async () => {
    const repo = repoFor(fake, appAuth());
    const [a, b] = await Promise.all([repo.branchHead('main'), repo.readFile(RULES, 'main')]);
    unwrap(a);
    unwrap(b);
    unwrap(await repo.branchHead('main'));
    const lookups = fake.requests({ operationId: 'apps/get-repo-installation' });
    expect(lookups).toHaveLength(1);
    expect(lookups[0]?.path).toBe('/repos/acme/falco-rules/installation');
    expect(fake.requests({ operationId: 'apps/create-installation-access-token' })).toHaveLength(1);
  });

  it('is forbidden, naming the fix, when the App is not installed on the repository; and recovers once it is', async () => {
    fake.registerApp({ appId: APP_ID, slug: 'falco-triage', publicKey: keys.publicKey, installations: [] });
    const repo = repoFor(fake, appAuth());
    const error = failure(await repo.branchHead('main'));
    expect(error).toMatchObject({ kind: 'forbidden' });
    expect(error.message).toContain('not installed on acme/falco-rules');

    fake.registerApp({
      appId: APP_ID,
      slug: 'falco-triage',
      publicKey: keys.publicKey,
      installations: [{ id: INSTALLATION_ID, account: 'acme' }],
    });
    unwrap(await repo.branchHead('main'));
  });

  it('is forbidden with a private key that does not belong to the App, and never shows the key', async () => {
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const error = failure(await repoFor(fake, appAuth({ privateKey: other.privateKey })).branchHead('main'));
    expect(error.kind).toBe('forbidden');
    expect(error.message).not.toContain('PRIVATE KEY');
  });

  it('is forbidden for an installation id that is not the App’s', async () => {
    const error = failure(await repoFor(fake, appAuth({ installationId: '999' })).branchHead('main'));
    expect(error).toMatchObject({ kind: 'forbidden' });
    expect(error.message).toContain('GITHUB_APP_INSTALLATION_ID');
  });
});
