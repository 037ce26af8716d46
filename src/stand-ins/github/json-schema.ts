/**
 * Ajv set up for GitHub's official OpenAPI 3.0 descriptions (of the REST API and of webhook payloads), when the
 * caller gives them (schemas.ts). Each document is loaded whole as one schema, so its internal `#/components/...`
 * references resolve without rewriting; OpenAPI's `nullable` is turned into JSON Schema first because Ajv refuses
 * `nullable` without a sibling `type`, which GitHub's description uses.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** `ajv-formats` is CommonJS; under nodenext its default import is the module object or the plugin itself. */
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

/** OpenAPI 3.0 `nullable: true` → JSON Schema (type union, or `anyOf` with null when there is no `type`). */
export function normalizeNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = normalizeNullable(value);
  if (out['nullable'] !== true) return out;
  delete out['nullable'];
  if (Array.isArray(out['enum']) && !out['enum'].includes(null))
    out['enum'] = [...(out['enum'] as unknown[]), null];
  if (typeof out['type'] === 'string') return { ...out, type: [out['type'], 'null'] };
  return { anyOf: [out, { type: 'null' }] };
}

/** One Ajv instance per loaded document: GitHub formats registered, strict mode off for OpenAPI keywords. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // GitHub-specific format: "owner/name".
  ajv.addFormat('repo.nwo', /^[\w.-]+\/[\w.-]+$/);
  return ajv;
}

/** A loaded OpenAPI document with lazily compiled validators addressed by JSON pointer. */
export class SchemaDocument {
  readonly raw: Record<string, unknown>;
  private readonly ajv = createAjv();
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(
    private readonly id: string,
    document: Record<string, unknown>,
  ) {
    this.raw = document;
    this.ajv.addSchema({ ...(normalizeNullable(this.raw) as object), $id: id });
  }

  /** A validator for the schema at `pointer` (e.g. `#/components/schemas/pull-request`). */
  validator(pointer: string): ValidateFunction {
    let validate = this.cache.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${this.id}${pointer}` });
      this.cache.set(pointer, validate);
    }
    return validate;
  }

  /** Validates an inline schema (already normalized) that may `$ref` into this document. */
  validatorFor(schema: object, key: string): ValidateFunction {
    let validate = this.cache.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(rebaseRefs(schema, this.id));
      this.cache.set(key, validate);
    }
    return validate;
  }

  /** Follows a local `$ref` (`#/components/...`) to the object it names. */
  resolve<T>(node: unknown): T {
    let current: unknown = node;
    while (current !== null && typeof current === 'object' && '$ref' in current) {
      const ref = (current as { $ref: string }).$ref;
      current = ref
        .slice(2)
        .split('/')
        .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
        .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], this.raw);
      if (current === undefined) throw new Error(`Unresolvable $ref ${ref} in ${this.id}`);
    }
    return current as T;
  }
}

/** Points `#/...` references of an inline schema at the registered document. */
function rebaseRefs(schema: object, id: string): object {
  return JSON.parse(
    JSON.stringify(normalizeNullable(schema)).replaceAll('"$ref":"#/', `"$ref":"${id}#/`),
  ) as object;
}

/** Ajv errors as short lines GitHub-style: `For 'properties/title', must be string.` */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined, root = ''): string[] {
  return (errors ?? []).map((error) => {
    const where = `${root}${error.instancePath}` || '(root)';
    const detail =
      error.keyword === 'enum'
        ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})`
        : error.keyword === 'additionalProperties'
          ? ` ('${(error.params as { additionalProperty: string }).additionalProperty}')`
          : '';
    return `${where} ${error.message ?? 'is invalid'}${detail}`;
  });
}
