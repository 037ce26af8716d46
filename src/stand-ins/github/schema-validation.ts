/**
 * The checks over GitHub's descriptions (schemas.ts): requests and answers against the OpenAPI description, webhook
 * payloads against their schemas. Built once per set of descriptions, so validators compiled for one stand-in serve
 * every other one started with the same documents. Imported only when descriptions are given (FakeGitHub.start).
 */
import { formatAjvErrors, SchemaDocument } from './json-schema.js';
import { OpenApiOperations } from './openapi-operations.js';
import type { GitHubSchemas } from './schemas.js';

export class SchemaValidation {
  readonly operations: OpenApiOperations;
  readonly pushExample: Record<string, unknown> | undefined;
  private webhookSchemas: SchemaDocument | undefined;

  constructor(private readonly schemas: GitHubSchemas) {
    this.operations = new OpenApiOperations(schemas.openapi);
    this.pushExample = schemas.pushExample;
  }

  /** Problems of a payload against the webhook schema for `name.action` (empty when valid). */
  webhookProblems(name: string, action: string, payload: unknown): string[] {
    this.webhookSchemas ??= new SchemaDocument('github-webhooks', this.schemas.webhooks);
    const key = `webhook-${name.replaceAll('_', '-')}-${action.replaceAll('_', '-')}`;
    const validate = this.webhookSchemas.validator(`#/components/schemas/${key}`);
    return validate(payload) ? [] : formatAjvErrors(validate.errors, 'payload');
  }
}

const built = new WeakMap<GitHubSchemas, SchemaValidation>();

/** The checks over `schemas`, the same object for the same documents. */
export function validationFor(schemas: GitHubSchemas): SchemaValidation {
  let validation = built.get(schemas);
  if (validation === undefined) {
    validation = new SchemaValidation(schemas);
    built.set(schemas, validation);
  }
  return validation;
}
