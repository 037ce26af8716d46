/**
 * Validates rendered Kubernetes objects offline. Built-in kinds go through the JSON schemas that kubernetes-models
 * (pinned devDependency) bundles; the custom resources the chart renders (Prometheus Operator's ServiceMonitor and
 * PrometheusRule, Gateway API's HTTPRoute) get the checks below: apiVersion and kind, and the fields their
 * controllers require. The model is loaded by a computed specifier, `kubernetes-models/<group>/<version>/<Kind>`,
 * so every kind the chart may render is covered without a list to keep up to date.
 */
import { createRequire } from 'node:module';
import type { KubeObject } from './chart-render.js';

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const duration = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

function modelSpecifier(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion.includes('/') ? apiVersion : `v1`}/${kind}`;
}

/** Jest's ESM loader fails ("request for './model.js' is not in cache") when one module graph is imported
 * concurrently, so models load one at a time, each once. */
const models = new Map<string, Promise<ModelClass | undefined>>();
let queue: Promise<unknown> = Promise.resolve();

function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const specifier = modelSpecifier(apiVersion, kind);
  let model = models.get(specifier);
  if (model === undefined) {
    model = queue.then(() => importModel(specifier, kind));
    queue = model.catch(() => undefined);
    models.set(specifier, model);
  }
  return model;
}

async function importModel(specifier: string, kind: string): Promise<ModelClass | undefined> {
  try {
    createRequire(import.meta.url).resolve('kubernetes-models/package.json');
  } catch {
    throw new Error('The chart tests need kubernetes-models@5.1.0 (devDependency); it is not installed.');
  }
  try {
    const module = (await import(specifier)) as Record<string, ModelClass | undefined>;
    return module[kind];
  } catch (error) {
    // No such model: a kind (or version) this Kubernetes release does not have. Anything else is a real failure.
    const text =
      error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code)}` : '';
    if (/Cannot find module|ERR_MODULE_NOT_FOUND/.test(text)) return undefined;
    throw error;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);

function serviceMonitorProblems(spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (!isObject(spec['selector'])) problems.push('spec.selector is required');
  const endpoints = list(spec['endpoints']);
  if (endpoints.length === 0) problems.push('spec.endpoints must list at least one endpoint');
  endpoints.forEach((endpoint, index) => {
    if (!isObject(endpoint)) return problems.push(`spec.endpoints[${index}] must be an object`);
    if (typeof endpoint['port'] !== 'string') problems.push(`spec.endpoints[${index}].port must name a port`);
    if (typeof endpoint['path'] === 'string' && !endpoint['path'].startsWith('/'))
      problems.push(`spec.endpoints[${index}].path must start with /`);
    for (const field of ['interval', 'scrapeTimeout']) {
      const value = endpoint[field];
      if (value !== undefined && (typeof value !== 'string' || !duration.test(value)))
        problems.push(`spec.endpoints[${index}].${field} must be a duration`);
    }
    return undefined;
  });
  return problems;
}

/** Brackets balance, so Prometheus can at least tokenise the expression (a full PromQL parse needs Prometheus). */
function bracketsBalance(expr: string): boolean {
  const closing: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const char of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if ('([{'.includes(char)) stack.push(char);
    else if (char in closing && stack.pop() !== closing[char]) return false;
  }
  return stack.length === 0;
}

function prometheusRuleProblems(spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const groups = list(spec['groups']);
  if (groups.length === 0) problems.push('spec.groups must list at least one group');
  groups.forEach((group, g) => {
    if (!isObject(group) || typeof group['name'] !== 'string')
      return problems.push(`spec.groups[${g}].name is required`);
    list(group['rules']).forEach((rule, r) => {
      const where = `spec.groups[${g}].rules[${r}]`;
      if (!isObject(rule)) return problems.push(`${where} must be an object`);
      if ((typeof rule['alert'] === 'string') === (typeof rule['record'] === 'string'))
        problems.push(`${where} needs exactly one of alert and record`);
      if (typeof rule['expr'] !== 'string' || !bracketsBalance(rule['expr']))
        problems.push(`${where}.expr must be an expression with balanced brackets`);
      if (rule['for'] !== undefined && (typeof rule['for'] !== 'string' || !duration.test(rule['for'])))
        problems.push(`${where}.for must be a duration`);
      for (const field of ['labels', 'annotations']) {
        const map = rule[field];
        if (
          map !== undefined &&
          (!isObject(map) || Object.values(map).some((value) => typeof value !== 'string'))
        )
          problems.push(`${where}.${field} must map names to strings`);
      }
      return undefined;
    });
    return undefined;
  });
  return problems;
}

const pathTypes = ['Exact', 'PathPrefix', 'RegularExpression'];
const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

function httpRouteProblems(spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const parents = list(spec['parentRefs']);
  if (parents.length === 0) problems.push('spec.parentRefs must name a Gateway');
  if (parents.some((parent) => !isObject(parent) || typeof parent['name'] !== 'string'))
    problems.push('spec.parentRefs[].name is required');
  list(spec['rules']).forEach((rule, r) => {
    if (!isObject(rule)) return problems.push(`spec.rules[${r}] must be an object`);
    list(rule['matches']).forEach((match, m) => {
      const where = `spec.rules[${r}].matches[${m}]`;
      const matchPath = isObject(match) ? match['path'] : undefined;
      if (
        !isObject(matchPath) ||
        typeof matchPath['type'] !== 'string' ||
        !pathTypes.includes(matchPath['type'])
      )
        problems.push(`${where}.path.type must be one of ${pathTypes.join(', ')}`);
      else if (typeof matchPath['value'] !== 'string' || !matchPath['value'].startsWith('/'))
        problems.push(`${where}.path.value must start with /`);
      const method = isObject(match) ? match['method'] : undefined;
      if (method !== undefined && (typeof method !== 'string' || !methods.includes(method)))
        problems.push(`${where}.method must be an HTTP method`);
    });
    list(rule['backendRefs']).forEach((backend, b) => {
      if (!isObject(backend) || typeof backend['name'] !== 'string' || !Number.isInteger(backend['port']))
        problems.push(`spec.rules[${r}].backendRefs[${b}] needs a name and an integer port`);
    });
    return undefined;
  });
  return problems;
}

const customResources: Record<string, (spec: Record<string, unknown>) => string[]> = {
  'monitoring.coreos.com/v1 ServiceMonitor': serviceMonitorProblems,
  'monitoring.coreos.com/v1 PrometheusRule': prometheusRuleProblems,
  'gateway.networking.k8s.io/v1 HTTPRoute': httpRouteProblems,
};

/** What is wrong with the object, as sentences naming the field; [] when it is valid. */
export async function schemaProblems(object: KubeObject): Promise<string[]> {
  const problems: string[] = [];
  const name = object.metadata.name;
  if (typeof name !== 'string' || !dnsSubdomain.test(name))
    problems.push(`metadata.name "${String(name)}" is not a DNS subdomain`);
  const custom = customResources[`${object.apiVersion} ${object.kind}`];
  if (custom !== undefined) {
    const spec = object['spec'];
    return [...problems, ...(isObject(spec) ? custom(spec) : ['spec is required'])];
  }
  const Model = await loadModel(object.apiVersion, object.kind);
  if (Model === undefined) return [...problems, `no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return problems;
}
