/**
 * The JSON a proposal keeps (`proposals.exception`, `proposals.impact`), as zod schemas: the store parses the columns
 * with them, so the workflow gets typed values instead of casting. Fields added over time are optional, because rows
 * written before them are still read (an approved proposal can wait days for its pull request).
 */
import { z } from 'zod';
import type { ImpactSummary, MatchKind, RulesChange } from '../../falco/exceptions/index.js';

const text = z.string();

export const rulesChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('exception'),
    rule: text,
    name: text,
    fields: z.array(text),
    comps: z.array(text),
    row: z.array(text),
    exists: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('list'), list: text, items: z.array(text).min(1) }),
  z.object({ kind: z.literal('macro'), macro: text, condition: text.min(1) }),
  z.object({ kind: z.literal('condition'), rule: text, condition: text.min(1) }),
]) satisfies z.ZodType<RulesChange>;

const MATCH_KINDS = ['exact', 'startswith', 'pmatch', 'glob'] as const satisfies readonly MatchKind[];

/** What the proposal stores as its exception: the user's choice (replayable) and what it produced. */
export interface StoredException {
  readonly selection: {
    readonly fields: readonly { field: string; match: MatchKind }[];
    readonly strategyId: string;
  };
  readonly target: string;
  readonly predicate: string;
  readonly alsoAffects: readonly string[];
  /** Other rules the change makes fire more (absent in proposals stored before it was recorded). */
  readonly firesMore?: readonly string[] | undefined;
  readonly fields: readonly string[];
  readonly annotation: string;
  readonly falcoVersion: string;
  /** The structured change, as synthesised at submission (absent in proposals stored before it was recorded). */
  readonly change?: RulesChange | undefined;
}

export const storedExceptionSchema = z.object({
  selection: z.object({
    fields: z.array(z.object({ field: text, match: z.enum(MATCH_KINDS) })),
    strategyId: text,
  }),
  target: text,
  predicate: text,
  alsoAffects: z.array(text),
  firesMore: z.array(text).optional(),
  fields: z.array(text),
  annotation: text,
  falcoVersion: text,
  change: rulesChangeSchema.optional(),
}) satisfies z.ZodType<StoredException>;

const count = z.number().int().nonnegative();

/** The impact preview at submission; `{}` (nothing measured) reads as null. */
export const storedImpactSchema = z.preprocess(
  (value) => (typeof value === 'object' && value !== null && Object.keys(value).length === 0 ? null : value),
  z
    .object({
      excepted: count,
      stillFires: count,
      unknown: count,
      exceptedHosts: count,
      exceptedImages: count.optional(),
      byRule: z.array(
        z.object({ rule: text, excepted: count, stillFires: count, unknown: count, exceptedHosts: count }),
      ),
    })
    .nullable(),
) satisfies z.ZodType<ImpactSummary | null>;
