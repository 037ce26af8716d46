/**
 * The GitHub stand-in's own route table (routes.ts) against GitHub's description of the operations the bot uses
 * (../shared/fixtures/github/openapi.subset.json): the same operations, methods and paths, and the same parameter
 * types, so routing without the description serves exactly what the tests check against it.
 */
import { describe, expect, it } from '@jest/globals';
import {
  BOOLEAN_PARAMETERS,
  GITHUB_ROUTES,
  INTEGER_PARAMETERS,
} from '../../../../src/stand-ins/github/index.js';
import { matchRoute, routeParams } from '../../../../src/stand-ins/github/routes.js';
import { githubSchemas } from '../../../helpers/fake-github.js';

type Json = Record<string, unknown>;

const description = githubSchemas().openapi;

/** Follows `#/components/...` references. */
function resolve(node: unknown): Json {
  let current = node as Json;
  while (typeof current['$ref'] === 'string') {
    current = current['$ref']
      .slice(2)
      .split('/')
      .reduce<Json>((at, part) => at[part] as Json, description);
  }
  return current;
}

const described = Object.entries(description['paths'] as Record<string, Record<string, Json>>).flatMap(
  ([template, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      operationId: operation['operationId'] as string,
      parameters: ((operation['parameters'] as unknown[] | undefined) ?? []).map(resolve),
    })),
);

const byKey = (route: { method: string; template: string; operationId: string }) =>
  `${route.method} ${route.template} ${route.operationId}`;

describe('the GitHub stand-in routes', () => {
  it('are the operations of the description: same methods, paths and operation ids', () => {
    expect(GITHUB_ROUTES.map(byKey).sort()).toEqual(described.map(byKey).sort());
    expect(new Set(GITHUB_ROUTES.map(byKey)).size).toBe(GITHUB_ROUTES.length);
  });

  it('type parameters as the description does (integers, booleans, the rest strings)', () => {
    const typeOf = (name: string) =>
      INTEGER_PARAMETERS.has(name) ? 'integer' : BOOLEAN_PARAMETERS.has(name) ? 'boolean' : 'string';
    const differing = described.flatMap((operation) =>
      operation.parameters
        .filter((parameter) => parameter['in'] !== 'header')
        .filter((parameter) => {
          const type = (parameter['schema'] as Json)['type'];
          return (type === 'number' ? 'integer' : type) !== typeOf(parameter['name'] as string);
        })
        .map((parameter) => `${operation.operationId} ${String(parameter['name'])}`),
    );
    expect(differing).toEqual([]);
    const used = new Set(described.flatMap((operation) => operation.parameters.map((p) => p['name'])));
    expect([...INTEGER_PARAMETERS, ...BOOLEAN_PARAMETERS].filter((name) => !used.has(name))).toEqual([]);
  });

  it('route every operation of the description by a path made from its template', () => {
    for (const operation of described) {
      const path = operation.template.replace(/\{(\w+)\}/g, (_m, name: string) =>
        INTEGER_PARAMETERS.has(name) ? '7' : `x-${name}`,
      );
      expect(matchRoute(operation.method, path)?.route.operationId).toBe(operation.operationId);
    }
    expect(matchRoute('GET', '/repos/a/b/issues')).toBeUndefined();
  });

  it('decode and type parameters without the description', () => {
    const match = matchRoute('GET', '/repos/acme/rules/pulls/12/files');
    if (match === undefined) throw new Error('route missing');
    expect(routeParams(match, new URLSearchParams('per_page=100&page=2'))).toEqual({
      owner: 'acme',
      repo: 'rules',
      pull_number: 12,
      per_page: 100,
      page: 2,
    });
    const content = matchRoute('GET', '/repos/acme/rules/contents/falco%2Fvalues.yaml');
    if (content === undefined) throw new Error('route missing');
    expect(routeParams(content, new URLSearchParams('ref=heads/main'))).toMatchObject({
      path: 'falco/values.yaml',
      ref: 'heads/main',
    });
  });
});
