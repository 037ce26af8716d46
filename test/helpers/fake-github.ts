/**
 * The GitHub stand-in as every test starts it: checking each request and each built webhook payload against GitHub's
 * descriptions in ../shared/fixtures/github, and push payloads against GitHub's example branch push
 * (@octokit/webhooks-examples). FAKE_GITHUB_VALIDATE_RESPONSES=1 checks its answers too (debug mode).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  FakeGitHub,
  readGitHubSchemas,
  type FakeGitHubOptions,
  type GitHubSchemas,
} from '../../src/stand-ins/github/index.js';
import { fixturePath } from './fixtures.js';

type Json = Record<string, unknown>;

let schemas: GitHubSchemas | undefined;
let examples: { readonly name: string; readonly examples: Json[] }[] | undefined;

/** GitHub's own example payloads of an event (@octokit/webhooks-examples), as copies. */
export function webhookExamples(name: string): Json[] {
  examples ??= JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('@octokit/webhooks-examples'), 'utf8'),
  ) as typeof examples;
  return (examples?.find((entry) => entry.name === name)?.examples ?? []).map((ex) => structuredClone(ex));
}

/** The descriptions, read once per process (so the stand-ins of one test file share compiled validators). */
export function githubSchemas(): GitHubSchemas {
  if (schemas === undefined) {
    const read = readGitHubSchemas(fixturePath('github'));
    if (read === undefined)
      throw new Error(`GitHub's descriptions are missing from ${fixturePath('github')}`);
    const pushExample = webhookExamples('push').find(
      (example) => String(example['ref']).startsWith('refs/heads/') && example['head_commit'] !== null,
    );
    if (pushExample === undefined) throw new Error('@octokit/webhooks-examples has no branch push example');
    schemas = { ...read, pushExample };
  }
  return schemas;
}

/** FakeGitHub.start with the descriptions (`options` may add to or override them). */
export function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  return FakeGitHub.start({
    schemas: githubSchemas(),
    validateResponses: process.env['FAKE_GITHUB_VALIDATE_RESPONSES'] === '1',
    ...options,
  });
}
