/**
 * GitHub's own descriptions, which the stand-in checks against when the caller gives them: the REST API's OpenAPI
 * description and the webhook payload schemas (the tests give `../shared/fixtures/github/openapi.subset.json` and
 * `webhooks.subset.json`), and GitHub's example of a branch `push` payload (the webhook description has no `push`
 * schema). Without them the stand-in routes by its own table (routes.ts) and checks nothing; with them every request,
 * every built webhook payload and, in debug mode, every answer is checked (schema-validation.ts, which alone loads
 * Ajv, and only then).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GitHubSchemas {
  /** The OpenAPI 3.0 description of at least the operations the stand-in serves. */
  readonly openapi: Record<string, unknown>;
  /** The webhook payload schemas, as `#/components/schemas/webhook-<event>-<action>`. */
  readonly webhooks: Record<string, unknown>;
  /** GitHub's example payload of a push to a branch; built `push` payloads must have its keys and JSON types. */
  readonly pushExample?: Record<string, unknown>;
}

export const OPENAPI_FILE = 'openapi.subset.json';
export const WEBHOOKS_FILE = 'webhooks.subset.json';

/** The two descriptions from `dir` (OPENAPI_FILE and WEBHOOKS_FILE), or undefined when either is missing. */
export function readGitHubSchemas(dir: string): GitHubSchemas | undefined {
  const openapi = join(dir, OPENAPI_FILE);
  const webhooks = join(dir, WEBHOOKS_FILE);
  if (!existsSync(openapi) || !existsSync(webhooks)) return undefined;
  return {
    openapi: JSON.parse(readFileSync(openapi, 'utf8')) as Record<string, unknown>,
    webhooks: JSON.parse(readFileSync(webhooks, 'utf8')) as Record<string, unknown>,
  };
}
