/**
 * The abstract syntax tree of a Falco condition, modelled on libs' `libsinsp/filter/ast.h`.
 *
 * Every node is a member of a discriminated union on `type` and carries the span of source text it was parsed
 * from (offsets into the condition string, `end` exclusive), so errors, explanations and editors can point at it.
 * Nodes built by the engine rather than parsed (macro expansion, exceptions) keep the span of the text they
 * stand for, or `SYNTHETIC` when there is none.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export const SYNTHETIC: Span = { start: -1, end: -1 };

/** A boolean expression: what a condition, a macro body or a compiled rule is. */
export type Expr = AndExpr | OrExpr | NotExpr | IdentifierExpr | UnaryCheckExpr | BinaryCheckExpr;

export interface AndExpr {
  readonly type: 'and';
  readonly children: readonly Expr[];
  readonly span: Span;
}

export interface OrExpr {
  readonly type: 'or';
  readonly children: readonly Expr[];
  readonly span: Span;
}

export interface NotExpr {
  readonly type: 'not';
  readonly child: Expr;
  readonly span: Span;
}

/** A bare identifier in boolean position: a macro reference (resolved by the loader). */
export interface IdentifierExpr {
  readonly type: 'identifier';
  readonly name: string;
  readonly span: Span;
}

/** `proc.name exists`. */
export interface UnaryCheckExpr {
  readonly type: 'unary-check';
  readonly left: FieldOperand;
  readonly operator: UnaryOperator;
  readonly span: Span;
}

/** `proc.name in (a, b)`, `fd.name startswith /etc`, `proc.name glob oneof (a*, b*)`, `a.b = val(c.d)`. */
export interface BinaryCheckExpr {
  readonly type: 'binary-check';
  readonly left: FieldOperand;
  readonly operator: BinaryOperator;
  /** Falco 0.44+: `startswith oneof (...)`. */
  readonly modifier?: Modifier;
  readonly right: ValueOperand;
  readonly span: Span;
}

/** What may stand on the left of an operator: a field, or a transformer over fields. */
export type FieldOperand = FieldExpr | TransformerExpr;

/**
 * What may stand on the right: a constant, a list, or (0.38+) `val(field)` / a transformer. After a list operator
 * or a modifier a ValueExpr is a bare identifier naming a list (`proc.name in shell_binaries`), as in libs.
 */
export type ValueOperand = ValueExpr | ListExpr | TransformerExpr;

/** `proc.aname[2]`, `evt.arg["key with space"]`, `fd.name`. */
export interface FieldExpr {
  readonly type: 'field';
  readonly name: string;
  /** The text between the brackets, unescaped; undefined when there are no brackets. */
  readonly arg?: string;
  readonly span: Span;
}

/**
 * `tolower(proc.name)`, `join("-", (fd.name, fd.directory))`, `getopt(proc.args, "nt:")[t]`, and `val(field)`
 * on the right-hand side (libs models val() as a transformer too).
 */
export interface TransformerExpr {
  readonly type: 'transformer';
  readonly name: TransformerName;
  readonly args: readonly TransformerArg[];
  /** `getopt(...)[t]`: the index after the closing parenthesis. */
  readonly arg?: string;
  readonly span: Span;
}

export type TransformerArg = FieldExpr | TransformerExpr | ValueExpr | TransformerListExpr;

/**
 * `(fd.name, "-", tolower(proc.name))`: the list argument of `join`/`concat` (Falco 0.43+). Unlike a ListExpr its
 * items may be fields and transformers, so it is a node of its own (libs' `transformer_list_expr`).
 */
export interface TransformerListExpr {
  readonly type: 'transformer-list';
  readonly items: readonly (FieldExpr | TransformerExpr | ValueExpr)[];
  readonly span: Span;
}

/** A constant. `value` is unquoted and unescaped; the printer re-quotes as needed. */
export interface ValueExpr {
  readonly type: 'value';
  readonly value: string;
  readonly span: Span;
}

/** `(a, "b c", d)`. Also the right side of `in`/`pmatch`/`intersects` and of modifiers. */
export interface ListExpr {
  readonly type: 'list';
  readonly items: readonly ValueExpr[];
  readonly span: Span;
}

export type UnaryOperator = 'exists';

export type BinaryOperator =
  | '='
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'contains'
  | 'icontains'
  | 'bcontains'
  | 'startswith'
  | 'bstartswith'
  | 'endswith'
  | 'glob'
  | 'iglob'
  | 'regex'
  | 'in'
  | 'intersects'
  | 'pmatch';

export type Modifier = 'oneof' | 'anyof' | 'allof';

export type TransformerName =
  'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat' | 'getopt' | 'val';
