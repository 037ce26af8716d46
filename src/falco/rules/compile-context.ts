/**
 * Shared state of one compile: the version, the catalog, the list substitution table, the diagnostics sink, and
 * parsing a condition the way Falco's `parse_condition` does (lists substituted as text, then libs' parser with
 * a depth limit of 1000), with errors positioned in the file.
 */
import { parseCondition } from '../condition/index.js';
import { CompileFailure } from './compile-failure.js';
import type { FieldCatalog } from '../fields/index.js';
import type { ProblemLocator } from './catalog-check.js';
import { mapBack, substituteLists, type ListTable } from './list-substitution.js';
import type { LoadErrorCode, LoadWarningCode } from './messages.js';
import type { Diagnostic, ItemKind, SourcePosition } from './model.js';
import type { MappedText } from './source-map.js';
import type { LoaderFeatures } from './version-gates.js';
import type { ParsedText } from './parsed-text.js';

export { locateParsed, type ParsedText } from './parsed-text.js';

/** Parse results by condition text, shared by the compiles of one load (Falco recompiles after each file). */
export type ParseCache = Map<string, ReturnType<typeof parseCondition>>;

export interface CompileContext {
  readonly features: LoaderFeatures;
  readonly parseCache: ParseCache;
  readonly fields: FieldCatalog | undefined;
  /** Runs libs' compiler check with positions; present when a field catalog is given. */
  locator: ProblemLocator | undefined;
  readonly lists: ListTable;
  readonly usedLists: Set<string>;
  readonly usedMacros: Set<string>;
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
}

export function warn(
  ctx: CompileContext,
  code: LoadWarningCode,
  message: string,
  at: SourcePosition,
  item?: { readonly kind: ItemKind; readonly name: string },
): void {
  ctx.warnings.push({ severity: 'warning', code, message, ...at, ...(item === undefined ? {} : { item }) });
}

export function fail(
  ctx: CompileContext,
  failure: CompileFailure,
  item: { readonly kind: ItemKind; readonly name: string },
): void {
  ctx.errors.push({ severity: 'error', code: failure.code, message: failure.message, ...failure.at, item });
}

export function parseMapped(ctx: CompileContext, source: MappedText): ParsedText {
  const substituted = substituteLists(source.text, ctx.lists);
  for (const name of substituted.used) ctx.usedLists.add(name);
  // The Lua loader marked a list used as soon as `string.find` met its name anywhere in the text, delimited or
  // not (`compiler.lua` `expand_lists_in`, L160-L163 in 0.25.0): `ash` is used by a condition naming `bash`.
  if (ctx.features.generation === 'lua')
    for (const list of ctx.lists.entries)
      if (source.text.includes(list.name) || substituted.text.includes(list.name))
        ctx.usedLists.add(list.name);
  let parsed = ctx.parseCache.get(substituted.text);
  if (parsed === undefined) {
    parsed = parseCondition(substituted.text, { version: ctx.features.version, maxDepth: 1000 });
    ctx.parseCache.set(substituted.text, parsed);
  }
  if (!parsed.ok) {
    const at = source.locate(mapBack(parsed.error.offset, substituted.edits));
    throw new CompileFailure('LOAD_ERR_COMPILE_CONDITION' satisfies LoadErrorCode, parsed.error.message, at);
  }
  return { expr: parsed.value, text: substituted.text, edits: substituted.edits, source };
}
