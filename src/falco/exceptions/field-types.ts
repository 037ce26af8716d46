/**
 * Declared field types for evaluating exceptions when no field catalog is given. Without types the evaluator infers
 * them from the alert, and a numeric-looking string compared with a numeric-looking value is compared as a number
 * (`fd.name = 1e3` would match "1E3"), which Falco never does for a string field. Exceptions compare strings
 * exactly, so the fields they commonly use are declared: numbers and booleans from the identification tables, and
 * the string fields of processes, files, users, containers and Kubernetes. Other fields stay inferred.
 */
import { fieldTypesFromCatalog, type FieldTypeLookup } from '../eval/index.js';
import type { FieldCatalog } from '../fields/index.js';
import { valueKinds } from '../identify/index.js';

const kinds = valueKinds();

const STRING_FIELDS =
  /^(?:proc\.|thread\.|user\.|group\.|container\.|k8s\.|k8smeta\.|ka\.|fs\.path\.|evt\.type$|evt\.source$|evt\.abspath|fd\.(?:name|nameraw|directory|filename|typechar|type)$)/;

export const defaultFieldTypes: FieldTypeLookup = (name, arg) => {
  const key = arg === undefined ? name : `${name}[${arg}]`;
  const kind = kinds(key);
  if (kind === 'number' || kind === 'bool') return { kind };
  return STRING_FIELDS.test(name) ? { kind: 'string' } : undefined;
};

/** The catalog's types when there is one, else the defaults above. */
export function exceptionFieldTypes(catalog?: FieldCatalog): FieldTypeLookup {
  return catalog === undefined ? defaultFieldTypes : fieldTypesFromCatalog(catalog);
}
