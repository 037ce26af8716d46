/**
 * Row parsing at the repository edge. The two drivers differ in small ways (`bigint` is a string from `pg` and a
 * number from PGlite); these schemas absorb that, so the rest of the code sees one shape.
 */
import { z } from 'zod';
import { BotError } from '../errors.js';

/** A bigint/integer column: string (pg) or number (PGlite). */
export const integer = z.coerce.number().int();
export const nullableInteger = z.union([z.null(), z.coerce.number().int()]);
export const timestamp = z.date();
export const nullableTimestamp = z.date().nullable();
export const nullableText = z.string().nullable();
export const textArray = z.array(z.string());
/** A JSON object column (jsonb). */
export const jsonObject = z.record(z.string(), z.unknown());

/** Parses database rows; a mismatch means the schema and the code disagree, which is a bug, not bad input. */
export function parseRows<S extends z.ZodType>(
  schema: S,
  rows: readonly unknown[],
  what: string,
): z.output<S>[] {
  return rows.map((row) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      throw new BotError('internal', `store: unexpected ${what} row: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  });
}

export function parseRow<S extends z.ZodType>(schema: S, row: unknown, what: string): z.output<S> {
  const [parsed] = parseRows(schema, [row], what);
  return parsed as z.output<S>;
}
