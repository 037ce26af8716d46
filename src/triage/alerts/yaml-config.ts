/**
 * Reading an operator's YAML file (routes, targets) against a zod schema, so that every problem, YAML syntax or
 * schema, is reported with the line and column it is about: people fix these files from the start-up message alone.
 */
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { err, ok, type Result } from '../../result.js';

export interface YamlProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * Parses `text` and validates it with `schema`. A file that is a bare YAML list is read as the value of `listKey`
 * (so `- match: …` works as well as `routes:\n  - match: …`).
 */
export function parseYamlConfig<S extends z.ZodType>(
  text: string,
  schema: S,
  listKey: string,
): Result<z.output<S>, YamlProblem[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return err(
      doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return { line: pos.line, column: pos.col, message: error.message.split('\n')[0] ?? error.message };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  const input = Array.isArray(raw) ? { [listKey]: raw } : (raw ?? {});
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const offset = Array.isArray(raw) ? 1 : 0; // a bare list has no list key in its path
  return err(
    parsed.error.issues.map((issue) => {
      const path = issue.path.slice(offset) as (string | number)[];
      const pos = positionOf(doc, path, lineCounter);
      const where = issue.path.map(String).join('.');
      return { ...pos, message: where === '' ? issue.message : `${where}: ${issue.message}` };
    }),
  );
}

function positionOf(
  doc: Document,
  path: readonly (string | number)[],
  lineCounter: LineCounter,
): { line: number; column: number } {
  // The deepest node that exists on the path: a missing key is reported where its parent is.
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}
