/**
 * The canonical form of a condition: libs' `ast::as_string` (what Falco's rule-loader tests compare compiled
 * conditions against), e.g. `(evt.type = open and proc.name in (ash, bash, pwsh))`.
 *
 * The canonical form is a display form, not always parseable text: libs prints an empty value as nothing
 * (`proc.name = `), transformer arguments unquoted (`join(-,(fd.name,fd.directory))`) and `a(b` bare. Pass
 * `{ reparseable: true }` for text that parses back to the same tree (quotes wherever the grammar needs them).
 */
import type {
  Expr,
  FieldExpr,
  FieldOperand,
  ListExpr,
  TransformerArg,
  TransformerExpr,
  ValueExpr,
  ValueOperand,
} from './ast.js';
import { escapeInQuotes, escapeValue } from './escaping.js';

export interface PrintOptions {
  /** Quote values wherever the parser needs quotes, so that parsing the output yields the same tree. */
  readonly reparseable?: boolean;
}

const BARE_VALUE = /^[^()"'\s=,]+$/;
const BARE_FIELD_ARG = /^[^[\]"'\s]+$/;
const NUMBER = /^(?:[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?|0[xX][0-9a-fA-F]+)$/;

/** libs ends a quoted string at any quote not preceded by a backslash, so a final `\` is written `\ `. */
function quoted(value: string): string {
  const escaped = escapeInQuotes(value);
  return escaped.endsWith('\\') ? `"${escaped.slice(0, -2)}\\ "` : `"${escaped}"`;
}

class Printer {
  constructor(private readonly reparseable: boolean) {}

  expr(expr: Expr): string {
    switch (expr.type) {
      case 'and':
      case 'or':
        return `(${expr.children.map((child) => this.expr(child)).join(` ${expr.type} `)})`;
      case 'not':
        return `not ${this.expr(expr.child)}`;
      case 'identifier':
        return expr.name;
      case 'unary-check':
        return `${this.operand(expr.left)} ${expr.operator}`;
      case 'binary-check': {
        const modifier = expr.modifier === undefined ? '' : ` ${expr.modifier}`;
        return `${this.operand(expr.left)} ${expr.operator}${modifier} ${this.right(expr.right)}`;
      }
    }
  }

  private operand(operand: FieldOperand): string {
    return operand.type === 'field' ? this.field(operand) : this.transformer(operand);
  }

  private right(right: ValueOperand): string {
    switch (right.type) {
      case 'value':
        return this.value(right.value, BARE_VALUE);
      case 'list':
        return this.list(right);
      case 'transformer':
        return this.transformer(right);
    }
  }

  private field(field: FieldExpr): string {
    return field.arg === undefined ? field.name : `${field.name}${this.index(field.arg)}`;
  }

  private index(arg: string): string {
    return `[${arg === '' ? '""' : this.value(arg, BARE_FIELD_ARG)}]`;
  }

  private transformer(transformer: TransformerExpr): string {
    const args = transformer.args.map((arg) => this.transformerArg(arg)).join(',');
    const index = transformer.arg === undefined ? '' : this.index(transformer.arg);
    return `${transformer.name}(${args})${index}`;
  }

  private transformerArg(arg: TransformerArg): string {
    switch (arg.type) {
      case 'field':
        return this.field(arg);
      case 'transformer':
        return this.transformer(arg);
      case 'value':
        return this.transformerValue(arg);
      case 'transformer-list':
        return `(${arg.items.map((item) => this.transformerArg(item)).join(',')})`;
    }
  }

  /** Transformer arguments are quoted strings or numbers in the grammar; libs prints them bare. */
  private transformerValue(value: ValueExpr): string {
    if (!this.reparseable) return escapeValue(value.value);
    return NUMBER.test(value.value) ? value.value : quoted(value.value);
  }

  /** libs 0.25 quotes a list item that would not lex back as one bare item (`("dGVzdA==")`). */
  private list(list: ListExpr): string {
    const items = list.items.map((item) => {
      if (this.reparseable) return this.value(item.value, BARE_VALUE);
      return BARE_VALUE.test(item.value) ? escapeValue(item.value) : `"${escapeInQuotes(item.value)}"`;
    });
    return `(${items.join(', ')})`;
  }

  private value(value: string, bare: RegExp): string {
    if (!this.reparseable) return escapeValue(value);
    return bare.test(value) ? value : quoted(value);
  }
}

const LIBS = new Printer(false);
const REPARSEABLE = new Printer(true);

/** The canonical text of `expr`; see the module comment for `reparseable`. */
export function printCondition(expr: Expr, options: PrintOptions = {}): string {
  return (options.reparseable === true ? REPARSEABLE : LIBS).expr(expr);
}
