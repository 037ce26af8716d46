import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { App, Octokit } from 'octokit';
import type { FakeGitHub } from '../../../../src/stand-ins/github/fake-github.js';
import { REPO, octokitFor, startFake, statusOf } from './setup.js';
import { startFakeGitHub } from '../../../helpers/fake-github.js';

const APP_ID = 4242;
const INSTALLATION_ID = 77;
// GitHub hands out PKCS#1 keys; octokit converts them itself.
const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

function jwt(claims: Record<string, unknown>, privateKey = keys.privateKey): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey, 'base64url')}`;
}

function appFor(fake: FakeGitHub): App {
  return new App({
    appId: APP_ID,
    privateKey: keys.privateKey,
    Octokit: Octokit.defaults({ baseUrl: fake.url, throttle: { enabled: false }, request: { retries: 0 } }),
  });
}

describe('fake GitHub: authentication', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFake();
    fake.registerApp({
      appId: APP_ID,
      slug: 'falco-triage',
      publicKey: keys.publicKey,
      installations: [{ id: INSTALLATION_ID, account: 'acme', repos: [REPO] }],
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('runs the App flow: JWT → repository installation → installation token → API calls', async () => {
    const app = appFor(fake);
    const { data: installation } = await app.octokit.rest.apps.getRepoInstallation({
      owner: 'acme',
      repo: 'falco-rules',
    });
    expect(installation).toMatchObject({
      id: INSTALLATION_ID,
      app_id: APP_ID,
      repository_selection: 'selected',
    });

    const octokit = await app.getInstallationOctokit(installation.id);
    await octokit.rest.repos.get({ owner: 'acme', repo: 'falco-rules' });
    await octokit.rest.repos.getBranch({ owner: 'acme', repo: 'falco-rules', branch: 'main' });

    expect(fake.requests({ operationId: 'apps/create-installation-access-token' })).toHaveLength(1);
    expect(fake.requests({ operationId: 'repos/get' })[0]?.status).toBe(200);
    expect((await app.octokit.rest.apps.getAuthenticated()).data).toMatchObject({
      id: APP_ID,
      slug: 'falco-triage',
    });
  });

  it('commits as the App bot user and keeps the installation token to its repositories', async () => {
    fake.createRepo('acme', 'other');
    const octokit = await appFor(fake).getInstallationOctokit(INSTALLATION_ID);
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'falco-rules',
      path: 'new.txt',
      message: 'm',
      content: Buffer.from('x').toString('base64'),
    });
    expect(fake.commits(REPO, 'main')[0]?.author).toBe('falco-triage[bot]');
    expect(await statusOf(octokit.rest.repos.get({ owner: 'acme', repo: 'other' }))).toBe(404);
    expect(await statusOf(octokit.rest.users.getAuthenticated())).toBe(403);
  });

  it("checks the JWT signature, issuer and expiry with GitHub's messages", async () => {
    const client = new Octokit({ baseUrl: fake.url, throttle: { enabled: false }, request: { retries: 0 } });
    const now = Math.floor(Date.now() / 1000);
    const call = (token: string) =>
      client.request('GET /app', { headers: { authorization: `bearer ${token}` } });

    expect((await call(jwt({ iss: APP_ID, iat: now - 30, exp: now + 500 }))).status).toBe(200);
    await expect(call(jwt({ iss: APP_ID, iat: now - 700, exp: now - 100 }))).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining("'Expiration time' claim ('exp') must be a numeric value"),
    });
    await expect(call(jwt({ iss: APP_ID, iat: now, exp: now + 3600 }))).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('too far in the future'),
    });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(
      await statusOf(
        call(
          jwt(
            { iss: APP_ID, iat: now, exp: now + 500 },
            stranger.export({ type: 'pkcs1', format: 'pem' }) as string,
          ),
        ),
      ),
    ).toBe(401);
    expect(await statusOf(call(jwt({ iss: 999, iat: now, exp: now + 500 })))).toBe(401);
  });

  it('lets octokit correct clock skew from the Date header, as it does against GitHub', async () => {
    const skewed = await startFakeGitHub({ now: () => Date.now() + 20 * 60_000 });
    skewed.createRepo('acme', 'falco-rules');
    skewed.registerApp({
      appId: APP_ID,
      publicKey: keys.publicKey,
      installations: [{ id: INSTALLATION_ID, account: 'acme' }],
    });
    try {
      const app = appFor(skewed);
      app.octokit.log.warn = () => undefined;
      const { data } = await app.octokit.rest.apps.getRepoInstallation({
        owner: 'acme',
        repo: 'falco-rules',
      });
      expect(data.id).toBe(INSTALLATION_ID);
      expect(skewed.requests({ operationId: 'apps/get-repo-installation' }).map((r) => r.status)).toEqual([
        401, 200,
      ]);
    } finally {
      await skewed.close();
    }
  });

  it('answers 401 for a bad or missing token, 404 outside a scoped token, 403 for writes with a read-only one', async () => {
    expect(
      await statusOf(octokitFor(fake, 'ghp_wrong').rest.repos.get({ owner: 'acme', repo: 'falco-rules' })),
    ).toBe(401);
    const anonymous = new Octokit({
      baseUrl: fake.url,
      throttle: { enabled: false },
      request: { retries: 0 },
    });
    expect(await statusOf(anonymous.rest.repos.get({ owner: 'acme', repo: 'falco-rules' }))).toBe(401);

    fake.createRepo('acme', 'private-other');
    fake.addToken('ghp_scoped', { login: 'scoped', repos: [REPO] });
    expect(
      await statusOf(octokitFor(fake, 'ghp_scoped').rest.repos.get({ owner: 'acme', repo: 'private-other' })),
    ).toBe(404);

    fake.addToken('ghp_ro', { login: 'reader', readOnly: true });
    const reader = octokitFor(fake, 'ghp_ro');
    expect(await statusOf(reader.rest.repos.get({ owner: 'acme', repo: 'falco-rules' }))).toBe(200);
    expect(
      await statusOf(
        reader.rest.git.createRef({
          owner: 'acme',
          repo: 'falco-rules',
          ref: 'refs/heads/x',
          sha: 'a'.repeat(40),
        }),
      ),
    ).toBe(403);

    fake.revokeToken('ghp_ro');
    expect(await statusOf(reader.rest.repos.get({ owner: 'acme', repo: 'falco-rules' }))).toBe(401);
    const bearer = new Octokit({ baseUrl: fake.url, throttle: { enabled: false }, request: { retries: 0 } });
    const viaBearer = bearer.request('GET /user', {
      headers: { authorization: 'Bearer ghp_fake_token_for_tests' },
    });
    expect((await viaBearer).data.login).toBe('falco-triage-bot');
  });
});
