/** A condition as parsed from a rules file: the tree, the text after list substitution, and the way back to the file. */
import type { Expr } from '../condition/index.js';
import { mapBack, type TextEdit } from './list-substitution.js';
import type { SourcePosition } from './model.js';
import type { MappedText } from './source-map.js';

export interface ParsedText {
  readonly expr: Expr;
  /** The text that was parsed (lists substituted). */
  readonly text: string;
  readonly edits: readonly TextEdit[];
  readonly source: MappedText;
}

/** Where an offset of the parsed (substituted) text was written. */
export function locateParsed(parsed: Pick<ParsedText, 'edits' | 'source'>, offset: number): SourcePosition {
  return parsed.source.locate(mapBack(offset, parsed.edits));
}
