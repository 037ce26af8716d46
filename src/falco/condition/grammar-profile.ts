/**
 * What the condition grammar looks like at one Falco version: which operators and transformers the lexer knows,
 * and the operator/transformer lists libs prints in its error messages (which grow with the version too).
 */
import type { BinaryOperator, TransformerName } from './ast.js';
import { formatFalcoVersion, supports, type FalcoFeature, type FalcoVersion } from '../version.js';

export interface StringOperator {
  readonly operator: BinaryOperator;
  /** Word operators must be followed by a blank (`startswith value`); symbols need none (`=value`). */
  readonly needsBlank: boolean;
  readonly feature?: FalcoFeature;
}

export interface TransformerToken {
  readonly name: TransformerName;
  /** The name with its opening parenthesis: libs lexes `tolower(` as one token, so `tolower (x)` is no call. */
  readonly token: string;
  readonly feature: FalcoFeature;
}

/** One check operator, in the order libs tries them: unary, numeric, string, list. */
export type OperatorToken =
  | { readonly kind: 'unary'; readonly operator: 'exists' }
  | { readonly kind: 'numeric' | 'list'; readonly operator: BinaryOperator }
  | ({ readonly kind: 'string' } & StringOperator);

export interface GrammarProfile {
  readonly stringOperators: readonly StringOperator[];
  /** Every operator keyed by its first char code, so the parser tries only the few that can match. */
  readonly operatorsByFirstChar: ReadonlyMap<number, readonly OperatorToken[]>;
  readonly transformers: readonly TransformerToken[];
  readonly transformersByFirstChar: ReadonlyMap<number, readonly TransformerToken[]>;
  /** `val(field)` on the right-hand side. */
  readonly val: boolean;
  /** Transformer arguments beyond a single field: strings, numbers, transformer lists, several arguments. */
  readonly multivalue: boolean;
  /** `getopt(...)[t]`. */
  readonly transformerIndex: boolean;
  readonly modifiers: boolean;
  /** For "expected a valid check operator: one of ...". */
  readonly operatorList: string;
  /** For "... or a field with a valid transformer: ..."; empty when the version has no transformers. */
  readonly transformerList: string;
}

const ALL_STRING_OPERATORS: readonly StringOperator[] = [
  { operator: '==', needsBlank: false },
  { operator: '=', needsBlank: false },
  { operator: '!=', needsBlank: false },
  { operator: 'glob', needsBlank: true },
  { operator: 'iglob', needsBlank: true, feature: 'iglob' },
  { operator: 'contains', needsBlank: true },
  { operator: 'icontains', needsBlank: true },
  { operator: 'bcontains', needsBlank: true },
  { operator: 'startswith', needsBlank: true },
  { operator: 'bstartswith', needsBlank: true },
  { operator: 'endswith', needsBlank: true },
  { operator: 'regex', needsBlank: true, feature: 'regex' },
];

const ALL_TRANSFORMERS: readonly TransformerToken[] = [
  { name: 'tolower', token: 'tolower(', feature: 'case-transformers' },
  { name: 'toupper', token: 'toupper(', feature: 'case-transformers' },
  { name: 'b64', token: 'b64(', feature: 'case-transformers' },
  { name: 'basename', token: 'basename(', feature: 'basename' },
  { name: 'len', token: 'len(', feature: 'len' },
  { name: 'join', token: 'join(', feature: 'join' },
  { name: 'concat', token: 'concat(', feature: 'concat' },
  { name: 'getopt', token: 'getopt(', feature: 'getopt' },
];

export const UNARY_OPERATORS = ['exists'] as const;
export const NUMERIC_OPERATORS = ['<=', '<', '>=', '>'] as const;
export const LIST_OPERATORS = ['intersects', 'in', 'pmatch'] as const;

function quoteList(items: readonly string[]): string {
  return items.map((item) => `'${item}'`).join(', ');
}

function groupByFirstChar<T>(items: readonly T[], text: (item: T) => string): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const first = text(item).charCodeAt(0);
    groups.set(first, [...(groups.get(first) ?? []), item]);
  }
  return groups;
}

function buildProfile(version: FalcoVersion): GrammarProfile {
  const stringOperators = ALL_STRING_OPERATORS.filter(
    (op) => op.feature === undefined || supports(version, op.feature),
  );
  const transformers = ALL_TRANSFORMERS.filter((t) => supports(version, t.feature));
  const val = supports(version, 'field-comparison');
  const operators = [
    ...UNARY_OPERATORS,
    ...NUMERIC_OPERATORS,
    ...stringOperators.map((op) => op.operator),
    ...LIST_OPERATORS,
  ];
  const ordered: OperatorToken[] = [
    ...UNARY_OPERATORS.map((operator) => ({ kind: 'unary' as const, operator })),
    ...NUMERIC_OPERATORS.map((operator) => ({ kind: 'numeric' as const, operator })),
    ...stringOperators.map((op) => ({ kind: 'string' as const, ...op })),
    ...LIST_OPERATORS.map((operator) => ({ kind: 'list' as const, operator })),
  ];
  const operatorsByFirstChar = groupByFirstChar(ordered, (token) => token.operator);
  const transformersByFirstChar = groupByFirstChar(transformers, (token) => token.token);
  const transformerNames = [...(val ? ['val'] : []), ...transformers.map((t) => t.name)];
  return {
    stringOperators,
    operatorsByFirstChar,
    transformers,
    transformersByFirstChar,
    val,
    multivalue: supports(version, 'multivalue-transformers'),
    transformerIndex: supports(version, 'transformer-index'),
    modifiers: supports(version, 'modifiers'),
    operatorList: quoteList(operators),
    transformerList: quoteList(transformerNames),
  };
}

const cache = new Map<string, GrammarProfile>();
const byObject = new WeakMap<FalcoVersion, GrammarProfile>();

/** The grammar of `version`; profiles are cached, so calling this per condition is cheap. */
export function grammarProfile(version: FalcoVersion): GrammarProfile {
  const known = byObject.get(version);
  if (known !== undefined) return known;
  const key = formatFalcoVersion(version);
  let profile = cache.get(key);
  if (profile === undefined) {
    profile = buildProfile(version);
    if (cache.size >= 64) cache.clear();
    cache.set(key, profile);
  }
  byObject.set(version, profile);
  return profile;
}
