/**
 * Checking requests against GitHub's OpenAPI description of the routed operations (routes.ts), when the caller gives
 * it (tests give `../shared/fixtures/github/openapi.subset.json`): path parameters, query and JSON body, and, in debug
 * mode, what the stand-in answers.
 *
 * Stricter than GitHub on purpose in one respect: unknown query parameters and unknown top-level body fields are
 * problems, because GitHub silently ignores them and a misspelt field would otherwise pass every test.
 * One relaxation: `created` on workflow-run lists takes GitHub's search range syntax (`>=2024-01-01`), which the
 * description types as a bare date-time.
 */
import { formatAjvErrors, SchemaDocument } from './json-schema.js';
import { safeDecode, type ParamValue, type Route, type RouteMatch } from './routes.js';

type Json = Record<string, unknown>;

interface ParameterSpec {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema: Json;
}

/** One method + path of the description. */
export interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly pointer: string;
  readonly parameters: readonly ParameterSpec[];
  readonly hasBody: boolean;
  readonly bodyRequired: boolean;
}

export interface ValidatedRequest {
  /** Path and query parameters, coerced to their schema types. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly problems: readonly string[];
}

const relaxedFormats = new Set(['created']);

export class OpenApiOperations {
  /** The description's operations by `METHOD template`. */
  readonly operations: ReadonlyMap<string, Operation>;
  private readonly doc: SchemaDocument;

  /** Parses the description (an OpenAPI 3.0 document); validators are compiled on first use. */
  constructor(description: Record<string, unknown>) {
    this.doc = new SchemaDocument('github-openapi', description);
    const paths = this.doc.raw['paths'] as Record<string, Record<string, Json>>;
    const operations = new Map<string, Operation>();
    for (const [template, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        const body = op['requestBody'] as Json | undefined;
        operations.set(`${method.toUpperCase()} ${template}`, {
          operationId: op['operationId'] as string,
          method: method.toUpperCase(),
          template,
          pointer: `#/paths/${template.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}`,
          parameters: ((op['parameters'] as Json[] | undefined) ?? []).map((p) =>
            this.doc.resolve<ParameterSpec>(p),
          ),
          hasBody: body !== undefined,
          bodyRequired: body?.['required'] === true,
        });
      }
    }
    this.operations = operations;
  }

  /** The description's operation for a route, if it describes it. */
  operation(route: Route): Operation | undefined {
    return this.operations.get(`${route.method} ${route.template}`);
  }

  /** Checks path parameters, query and body against the operation; returns coerced parameters and problems. */
  validateRequest(
    match: RouteMatch,
    query: URLSearchParams,
    body: { readonly present: boolean; readonly value: unknown },
  ): ValidatedRequest {
    const operation = this.operation(match.route);
    if (operation === undefined)
      return { params: {}, problems: [`${match.route.operationId} is not an operation of the description`] };
    const problems: string[] = [];
    const params: Record<string, ParamValue> = {};
    const declared = new Set<string>();
    for (const spec of operation.parameters) {
      if (spec.in === 'header') continue;
      declared.add(`${spec.in}:${spec.name}`);
      let raw: string | null;
      if (spec.in === 'path') {
        const encoded = match.rawPathParams[spec.name];
        raw = encoded === undefined ? null : safeDecode(encoded);
      } else {
        raw = query.get(spec.name);
      }
      if (raw === null) {
        if (spec.required === true) problems.push(`${spec.in} parameter '${spec.name}' is required`);
        continue;
      }
      const value = coerce(raw, spec.schema);
      const schema = relaxedFormats.has(spec.name) ? withoutFormat(spec.schema) : spec.schema;
      const validate = this.doc.validatorFor(schema, `${operation.pointer}/param/${spec.in}/${spec.name}`);
      if (!validate(value))
        problems.push(...formatAjvErrors(validate.errors, `${spec.in} parameter '${spec.name}'`));
      params[spec.name] = value as ParamValue;
    }
    for (const key of new Set(query.keys())) {
      if (!declared.has(`query:${key}`)) problems.push(`unknown query parameter '${key}'`);
    }
    problems.push(...this.validateBody(operation, body));
    return { params, problems };
  }

  private validateBody(operation: Operation, body: { present: boolean; value: unknown }): string[] {
    if (!operation.hasBody) return body.present ? ['this operation takes no request body'] : [];
    if (!body.present) return operation.bodyRequired ? ['a request body is required'] : [];
    const pointer = `${operation.pointer}/requestBody/content/application~1json/schema`;
    const validate = this.doc.validator(pointer);
    const problems = validate(body.value) ? [] : formatAjvErrors(validate.errors, 'body');
    const known = this.knownProperties(this.doc.resolve<Json>(this.schemaAt(pointer)));
    if (
      known !== undefined &&
      body.value !== null &&
      typeof body.value === 'object' &&
      !Array.isArray(body.value)
    ) {
      for (const key of Object.keys(body.value)) {
        if (!known.has(key)) problems.push(`body has unknown field '${key}'`);
      }
    }
    return problems;
  }

  /** Problems of a response body against the operation's declared response for that status (debug mode). */
  validateResponse(route: Route, status: number, body: unknown): string[] {
    const operation = this.operation(route);
    if (operation === undefined) return [`${route.operationId} is not an operation of the description`];
    const responses = this.schemaAt(`${operation.pointer}/responses`) as Json;
    const declared = responses[String(status)] ?? responses['default'];
    if (declared === undefined) {
      return [`status ${status} is not a documented response of ${operation.operationId}`];
    }
    const response = this.doc.resolve<Json>(declared);
    const content = response['content'] as Record<string, { schema?: Json }> | undefined;
    const schema = content?.['application/json']?.schema;
    if (schema === undefined)
      return body === undefined ? [] : [`status ${status} of ${operation.operationId} has no body`];
    const validate = this.doc.validatorFor(schema, `${operation.pointer}/response/${status}`);
    return validate(body) ? [] : formatAjvErrors(validate.errors, 'response');
  }

  private schemaAt(pointer: string): unknown {
    return this.doc.resolve({ $ref: pointer });
  }

  /** Top-level property names a body may carry (union over `oneOf`/`anyOf`), or undefined if open-ended. */
  private knownProperties(schema: Json): Set<string> | undefined {
    const alternatives = (schema['oneOf'] ?? schema['anyOf']) as Json[] | undefined;
    if (alternatives !== undefined) {
      const names = new Set<string>();
      for (const alternative of alternatives) {
        const inner = this.knownProperties(this.doc.resolve(alternative));
        if (inner === undefined) return undefined;
        inner.forEach((name) => names.add(name));
      }
      return names;
    }
    const properties = schema['properties'] as Json | undefined;
    return properties === undefined ? undefined : new Set(Object.keys(properties));
  }
}

function withoutFormat(schema: Json): Json {
  const { format: _format, ...rest } = schema;
  return rest;
}

/** Query and path values arrive as strings; the schema says what they mean. */
function coerce(raw: string, schema: Json): unknown {
  if (schema['type'] === 'integer' || schema['type'] === 'number') {
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  if (schema['type'] === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}
