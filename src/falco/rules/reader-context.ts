/**
 * What the item readers share while reading one rules text: where offsets point, the version's features, the
 * collector, and the warning sink.
 */
import type { Scalar } from 'yaml';
import type { Collector } from './collector.js';
import type { ItemKind, SourcePosition } from './model.js';
import type { LoadWarningCode } from './messages.js';
import { MappedText, scalarValueMapper, type Locator } from './source-map.js';
import { scalarText } from './yaml-access.js';
import type { LoaderFeatures } from './version-gates.js';

/** One rules text: a file, or one `customRules` entry of a Helm values file. */
export interface RulesText {
  /** The name diagnostics carry (for Helm entries, the values file). */
  readonly name: string;
  readonly text: string;
  /** Maps an offset into `text` to the position the user should look at. */
  readonly locate: Locator;
}

export interface ReaderContext {
  readonly input: RulesText;
  readonly features: LoaderFeatures;
  readonly collector: Collector;
  readonly isField: ((name: string) => boolean) | undefined;
  readonly warn: (
    code: LoadWarningCode,
    message: string,
    offset: number,
    item?: { readonly kind: ItemKind; readonly name: string },
  ) => void;
}

export function positionAt(ctx: ReaderContext, offset: number): SourcePosition {
  return ctx.input.locate(offset);
}

/** A scalar's value as text whose offsets map back into the file (for conditions and outputs). */
export function mappedScalar(ctx: ReaderContext, scalar: Scalar): MappedText {
  const value = scalarText(scalar);
  const range = scalar.range;
  if (range === undefined || range === null) return MappedText.fixed(value, ctx.input.locate(0));
  const toOffset = scalarValueMapper(ctx.input.text, [range[0], range[1]], value);
  const locate = ctx.input.locate;
  return MappedText.from(value, (offset) => locate(toOffset(offset)));
}
