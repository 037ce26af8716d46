/** The printer: libs' canonical form, and a reparseable form that round-trips any tree (property-tested). */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mustParse } from './helpers.js';
import {
  SYNTHETIC,
  type BinaryOperator,
  type Expr,
  type FieldExpr,
  type FieldOperand,
  type TransformerExpr,
  type ValueExpr,
} from '../../../../src/falco/condition/ast.js';
import { parseCondition } from '../../../../src/falco/condition/parser.js';
import { printCondition } from '../../../../src/falco/condition/printer.js';

const span = SYNTHETIC;

function withoutSpans(expr: Expr): unknown {
  return JSON.parse(JSON.stringify(expr, (key, value: unknown) => (key === 'span' ? undefined : value)));
}

const segment = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,6}$/);
const fieldName = fc
  .tuple(segment, fc.array(segment, { minLength: 1, maxLength: 2 }))
  .map(([head, rest]) => [head, ...rest].join('.'));
// Anything at all, blanks, quotes, backslashes, commas and non-ASCII included.
const anyText = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', '\\', '"', "'", 'a\\', '(a, b)'),
);
const field: fc.Arbitrary<FieldExpr> = fc
  .tuple(fieldName, fc.option(anyText, { nil: undefined }))
  .map(([name, arg]) =>
    arg === undefined ? { type: 'field', name, span } : { type: 'field', name, arg, span },
  );
const value = (text: fc.Arbitrary<string>): fc.Arbitrary<ValueExpr> =>
  text.map((v) => ({ type: 'value', value: v, span }));
const identifier = segment.filter((name) => !['and', 'or', 'not'].includes(name));
const number = fc.oneof(fc.integer().map(String), fc.constantFrom('0x1F', '-1.5', '+2e+10'));
const transformer: fc.Arbitrary<TransformerExpr> = fc.oneof(
  fc
    .tuple(fc.constantFrom('tolower', 'toupper', 'b64', 'basename', 'len') as fc.Arbitrary<'tolower'>, field)
    .map(([name, arg]): TransformerExpr => ({ type: 'transformer', name, args: [arg], span })),
  fc
    .tuple(anyText, fc.array(fc.oneof(field, value(anyText)), { maxLength: 3 }))
    .map(([separator, items]): TransformerExpr => ({
      type: 'transformer',
      name: 'join',
      args: [
        { type: 'value', value: separator, span },
        { type: 'transformer-list', items, span },
      ],
      span,
    })),
  fc
    .tuple(field, anyText, fc.option(anyText, { nil: undefined }))
    .map(([args, options, arg]): TransformerExpr => ({
      type: 'transformer',
      name: 'getopt',
      args: [args, { type: 'value', value: options, span }],
      ...(arg === undefined ? {} : { arg }),
      span,
    })),
);
const left: fc.Arbitrary<FieldOperand> = fc.oneof(field, transformer);
const list = fc
  .array(value(anyText), { maxLength: 3 })
  .map((items) => ({ type: 'list' as const, items, span }));
const stringOperator = fc.constantFrom<BinaryOperator>('=', '==', '!=', 'contains', 'glob', 'iglob', 'regex');

const check: fc.Arbitrary<Expr> = fc.oneof(
  left.map((l) => ({ type: 'unary-check' as const, left: l, operator: 'exists' as const, span })),
  fc
    .tuple(left, fc.constantFrom<BinaryOperator>('<', '<=', '>', '>='), value(number))
    .map(([l, operator, right]) => ({
      type: 'binary-check' as const,
      left: l,
      operator,
      right,
      span,
    })),
  fc.tuple(left, stringOperator, fc.oneof(value(anyText), transformer)).map(([l, operator, right]) => ({
    type: 'binary-check' as const,
    left: l,
    operator,
    right,
    span,
  })),
  fc
    .tuple(
      left,
      stringOperator,
      fc.constantFrom('oneof', 'anyof', 'allof') as fc.Arbitrary<'oneof'>,
      fc.oneof(list, value(identifier)),
    )
    .map(([l, operator, modifier, right]) => ({
      type: 'binary-check' as const,
      left: l,
      operator,
      modifier,
      right,
      span,
    })),
  fc
    .tuple(
      left,
      fc.constantFrom<BinaryOperator>('in', 'intersects', 'pmatch'),
      fc.oneof(list, value(identifier)),
    )
    .map(([l, operator, right]) => ({ type: 'binary-check' as const, left: l, operator, right, span })),
  identifier.map((name) => ({ type: 'identifier' as const, name, span })),
);

const expr: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    check,
    fc
      .array(tie('expr'), { minLength: 2, maxLength: 3 })
      .map((children) => ({ type: 'and' as const, children, span })),
    fc
      .array(tie('expr'), { minLength: 2, maxLength: 3 })
      .map((children) => ({ type: 'or' as const, children, span })),
    tie('expr')
      .filter((child) => child.type !== 'not')
      .map((child) => ({ type: 'not' as const, child, span })),
  ),
})).expr;

describe('printCondition', () => {
  it('prints libs’ canonical form', () => {
    const cases: [string, string][] = [
      ['a and (b or c) and not d', '(a and (b or c) and not d)'],
      ['proc.name = ""', 'proc.name = '],
      ['evt.arg[""] = "a b"', 'evt.arg[""] = "a b"'],
      ['proc.name in ("a=b", c, "d\\\\e")', 'proc.name in ("a=b", c, "d\\\\e")'],
      ["join(',', (proc.name, proc.pid)) = 'x,y'", 'join(,,(proc.name,proc.pid)) = x,y'],
      ['getopt(proc.args, "nt:")["a b"] exists', 'getopt(proc.args,nt:)["a b"] exists'],
      ['proc.name startswith anyof my_list', 'proc.name startswith anyof my_list'],
    ];
    for (const [text, canonical] of cases) expect(printCondition(mustParse(text))).toBe(canonical);
  });

  it('prints a reparseable form where the canonical one is not', () => {
    const tree = mustParse('proc.name = "" and join(",", (a.b, "c d")) = "x(y"');
    expect(printCondition(tree)).toBe('(proc.name =  and join(,,(a.b,"c d")) = x(y)');
    expect(printCondition(tree, { reparseable: true })).toBe(
      '(proc.name = "" and join(",",(a.b,"c d")) = "x(y")',
    );
  });

  it('writes a value ending in a backslash so that libs’ lexer still sees the closing quote', () => {
    const tree: Expr = {
      type: 'binary-check',
      left: { type: 'field', name: 'fd.name', span },
      operator: '=',
      right: { type: 'value', value: 'C:\\Program Files\\', span },
      span,
    };
    const text = printCondition(tree, { reparseable: true });
    expect(text).toBe('fd.name = "C:\\\\Program Files\\ "');
    expect(withoutSpans(mustParse(text))).toEqual(withoutSpans(tree));
  });

  it('round-trips any tree through the reparseable form', () => {
    fc.assert(
      fc.property(expr, (tree) => {
        const text = printCondition(tree, { reparseable: true });
        const parsed = parseCondition(text);
        if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message} @${parsed.error.offset}`);
        expect(withoutSpans(parsed.value)).toEqual(withoutSpans(tree));
      }),
      { numRuns: 500 },
    );
  });
});
