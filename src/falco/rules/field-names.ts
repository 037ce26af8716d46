/**
 * Field names inside the text of an exception field or an output token: `tolower( proc.name)` names `proc.name`,
 * `join("-", (fd.name, fd.directory))` names both. Used to check them against the field catalog.
 */
import { resolveFieldText, type FieldCatalog } from '../fields/index.js';

const CALL = /^\s*[a-z0-9]+\((.*)\)\s*(\[[^\]]*\])?\s*$/;

export function fieldNamesIn(text: string): string[] {
  const inner = CALL.exec(text);
  if (inner === null) return [text.trim()];
  return (inner[1] ?? '')
    .split(',')
    .map((part) => part.trim().replace(/^\(+|\)+$/g, ''))
    .flatMap((part) => fieldNamesIn(part))
    .filter((name) => /^[a-zA-Z][a-zA-Z0-9_]*\./.test(name));
}

/** Whether every field in `text` (a field, or a transformer over fields) is in the catalog. */
export function knownFieldText(catalog: FieldCatalog, text: string): boolean {
  const names = fieldNamesIn(text);
  return names.length > 0 && names.every((name) => resolveFieldText(catalog, name).ok);
}
