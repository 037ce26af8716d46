/**
 * Shared set-up for the fake GitHub's own tests: a started fake with response validation on (debug mode keeps
 * the fake honest), a token, a rules repository, and the real octokit 5 client pointed at it.
 */
import { Octokit } from 'octokit';
import type { FakeGitHub } from '../../../../src/stand-ins/github/fake-github.js';
import { startFakeGitHub } from '../../../helpers/fake-github.js';

export const TOKEN = 'ghp_fake_token_for_tests';
export const REPO = 'acme/falco-rules';
export const VALUES = 'falco/values.yaml';
export const SEED = 'customRules:\n  custom_rules.yaml: |-\n    - list: hids_binaries\n      items: [aide]\n';

export async function startFake(): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({ validateResponses: true });
  fake.addToken(TOKEN, { login: 'falco-triage-bot' });
  fake.createRepo('acme', 'falco-rules', { files: { [VALUES]: SEED, 'README.md': '# rules\n' } });
  return fake;
}

/** The client the bot uses, configured the way tests must (no throttling queue, no automatic retries). */
export function octokitFor(fake: FakeGitHub, token = TOKEN): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: fake.url,
    throttle: { enabled: false },
    request: { retries: 0 },
  });
}

/** The HTTP status of an octokit call, whether it resolved or rejected with a RequestError. */
export async function statusOf(call: Promise<{ status: number }>): Promise<number> {
  try {
    return (await call).status;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

export function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}
