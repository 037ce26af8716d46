/**
 * The operand half of the condition grammar (fields, transformers, values, lists), as libs'
 * `parser.cpp` writes it; parser.ts adds the boolean structure on top and carries the whole grammar in its header.
 * Each production counts towards the depth limit exactly where libs has a `depth_guard`.
 */
import type {
  FieldExpr,
  ListExpr,
  TransformerArg,
  TransformerExpr,
  TransformerListExpr,
  ValueExpr,
} from './ast.js';
import { Cursor } from './cursor.js';
import type { GrammarProfile, TransformerToken } from './grammar-profile.js';
import { ParseFailure } from './syntax-error.js';
import type { FalcoFeature } from '../version.js';

/** Where the text used a version-dependent feature; lets an old-version failure name the version it needs. */
export interface FeatureUse {
  readonly feature: FalcoFeature;
  readonly offset: number;
}

const RPAREN = 41;

export class OperandParser extends Cursor {
  readonly used: FeatureUse[] = [];
  protected depth = 0;

  constructor(
    input: string,
    protected readonly profile: GrammarProfile,
    private readonly maxDepth: number,
  ) {
    super(input);
  }

  protected enter(): void {
    if (++this.depth >= this.maxDepth) this.fail(`exceeded max depth limit of ${this.maxDepth}`);
  }

  protected leave<T>(node: T): T {
    this.depth--;
    return node;
  }

  protected use(feature: FalcoFeature, offset: number): void {
    this.used.push({ feature, offset });
  }

  protected span(start: number): { start: number; end: number } {
    return { start, end: this.lastEnd };
  }

  protected value(start: number): ValueExpr {
    return { type: 'value', value: this.lastToken, span: this.span(start) };
  }

  /** `tolower(` etc.: the name and its parenthesis are one token, so `tolower (x)` is an identifier. */
  protected lexTransformerType(): TransformerToken | undefined {
    const candidates = this.profile.transformersByFirstChar.get(this.code());
    if (candidates === undefined) return undefined;
    for (const transformer of candidates) {
      if (this.lexStr(transformer.token)) {
        this.lastToken = transformer.name;
        this.use(transformer.feature, this.pos - transformer.token.length);
        return transformer;
      }
    }
    return undefined;
  }

  /** After `[`: FieldArg ']' */
  private lexFieldArg(): string {
    if (!this.lexQuoted() && !this.lexFieldArgBareStr()) {
      this.fail('expected a valid field argument: a quoted string or a bare string');
    }
    const arg = this.lastToken;
    if (!this.lexStr(']')) this.fail("expected a ']' token");
    return arg;
  }

  /** Field ::= FieldName ('[' FieldArg ']')?   (called with the name already lexed) */
  protected parseFieldRemainder(name: string, start: number): FieldExpr {
    this.enter();
    if (!this.lexStr('[')) return this.leave({ type: 'field', name, span: this.span(start) });
    const arg = this.lexFieldArg();
    return this.leave({ type: 'field', name, arg, span: this.span(start) });
  }

  /** Transformer ::= TType Arg (',' Arg)* ')' ('[' FieldArg ']')?   (called after `name(`) */
  protected parseTransformerRemainder(transformer: TransformerToken, start: number): TransformerExpr {
    this.enter();
    this.lexBlank();
    const args = this.profile.multivalue ? this.parseTransformerArgs() : this.parseSingleTransformerArg();
    this.lexBlank();
    if (!this.lexStr(')')) this.fail("expected a ')' token closing the transformer");
    const name = transformer.name;
    const arg = this.lexTransformerIndex();
    if (arg === undefined) return this.leave({ type: 'transformer', name, args, span: this.span(start) });
    return this.leave({ type: 'transformer', name, args, arg, span: this.span(start) });
  }

  /** `[t]` right after a transformer's `)` (0.44+); the compiler, not the grammar, limits it to getopt. */
  private lexTransformerIndex(): string | undefined {
    if (!this.profile.transformerIndex || !this.input.startsWith('[', this.pos)) return undefined;
    this.use('transformer-index', this.pos);
    this.lexStr('[');
    return this.lexFieldArg();
  }

  /** Before Falco 0.43 a transformer takes exactly one field or transformer (libs' two `if`s kept as they are). */
  private parseSingleTransformerArg(): TransformerArg[] {
    this.lexBlank();
    const start = this.pos;
    let child: TransformerArg | undefined;
    const transformer = this.lexTransformerType();
    if (transformer !== undefined) {
      this.lexBlank();
      child = this.parseTransformerRemainder(transformer, start);
    }
    if (this.lexFieldName()) child = this.parseFieldRemainder(this.lastToken, start);
    if (child === undefined) {
      this.fail(`expected a field or a nested valid transformer: ${this.profile.transformerList}`);
    }
    return [child];
  }

  private parseTransformerArgs(): TransformerArg[] {
    const args: TransformerArg[] = [];
    for (;;) {
      args.push(this.parseTransformerArg());
      this.lexBlank();
      const comma = this.pos;
      if (!this.lexStr(',')) return args;
      this.use('multivalue-transformers', comma);
    }
  }

  /** Arg ::= Number | QuotedStr | '(' TransformerList ')' | Transformer | Field */
  private parseTransformerArg(): TransformerArg {
    this.enter();
    this.lexBlank();
    const start = this.pos;
    if (this.lexHexNum() || this.lexNum() || this.lexQuoted()) {
      this.use('multivalue-transformers', start);
      return this.leave(this.value(start));
    }
    if (this.lexStr('(')) {
      this.use('multivalue-transformers', start);
      return this.leave(this.parseTransformerList(start));
    }
    const transformer = this.lexTransformerType();
    if (transformer !== undefined) return this.leave(this.parseTransformerRemainder(transformer, start));
    if (this.lexFieldName()) return this.leave(this.parseFieldRemainder(this.lastToken, start));
    return this.fail(
      'expected field transformer argument: field, transformer, quoted string, number, or transformer list',
    );
  }

  /** TransformerList ::= '(' (ListArg (',' ListArg)*)? ')'   (called after the '(') */
  private parseTransformerList(start: number): TransformerListExpr {
    const items: (FieldExpr | TransformerExpr | ValueExpr)[] = [];
    this.lexBlank();
    if (!this.lexStr(')')) {
      items.push(this.parseTransformerListArg());
      this.lexBlank();
      while (this.lexStr(',')) {
        this.lexBlank();
        items.push(this.parseTransformerListArg());
        this.lexBlank();
      }
      if (!this.lexStr(')')) this.fail("expected ')'");
    }
    return { type: 'transformer-list', items, span: this.span(start) };
  }

  /** ListArg ::= Field | Transformer | QuotedStr | Number */
  private parseTransformerListArg(): FieldExpr | TransformerExpr | ValueExpr {
    const start = this.pos;
    if (this.lexFieldName()) return this.parseFieldRemainder(this.lastToken, start);
    const transformer = this.lexTransformerType();
    if (transformer !== undefined) {
      this.lexBlank();
      return this.parseTransformerRemainder(transformer, start);
    }
    if (this.lexQuoted() || this.lexHexNum() || this.lexNum()) return this.value(start);
    return this.fail('expected transformer list argument: field, transformer, quoted string, or number');
  }

  /** TransformerOrVal ::= Transformer | 'val(' Field ')'; undefined when neither starts here. */
  protected tryParseTransformerOrVal(): TransformerExpr | undefined {
    this.enter();
    this.lexBlank();
    const start = this.pos;
    if (this.profile.val && this.lexStr('val(')) {
      this.use('field-comparison', start);
      this.lexBlank();
      const fieldStart = this.pos;
      if (!this.lexFieldName()) this.fail("expected a field within 'val' transformer");
      const field = this.parseFieldRemainder(this.lastToken, fieldStart);
      this.lexBlank();
      if (!this.lexStr(')')) this.fail("expected a ')' token closing the transformer");
      const index = this.lexTransformerIndex();
      const node: TransformerExpr = {
        type: 'transformer',
        name: 'val',
        args: [field],
        span: this.span(start),
      };
      return this.leave(index === undefined ? node : { ...node, arg: index });
    }
    const transformer = this.lexTransformerType();
    if (transformer === undefined) return this.leave(undefined);
    this.lexBlank();
    return this.leave(this.parseTransformerRemainder(transformer, start));
  }

  /** After a number operator: NumValue | TransformerOrVal */
  protected parseNumValueOrTransformer(): ValueExpr | TransformerExpr {
    this.enter();
    this.lexBlank();
    const start = this.pos;
    const transformer = this.tryParseTransformerOrVal();
    if (transformer !== undefined) return this.leave(transformer);
    if (this.lexHexNum() || this.lexNum()) return this.leave(this.value(start));
    const list = this.profile.transformerList;
    return this.fail(
      list === ''
        ? 'expected a number value'
        : `expected a number value or a field with a valid transformer: ${list}`,
    );
  }

  /** After a string operator: StrValue | TransformerOrVal; list items take no transformer. */
  protected parseStrValueOrTransformer(noTransformer: boolean): ValueExpr | TransformerExpr {
    this.enter();
    this.lexBlank();
    const start = this.pos;
    if (!noTransformer) {
      const transformer = this.tryParseTransformerOrVal();
      if (transformer !== undefined) return this.leave(transformer);
    }
    if (this.lexQuoted() || this.lexBareStr()) return this.leave(this.value(start));
    const list = this.profile.transformerList;
    if (noTransformer || list === '') this.fail('expected a string value');
    return this.fail(`expected a string value or a field with a valid transformer: ${list}`);
  }

  /** After a list operator: ListValue | TransformerOrVal, where ListValue ::= '(' items ')' | Identifier */
  protected parseListValueOrTransformer(): ValueExpr | ListExpr | TransformerExpr {
    this.enter();
    this.lexBlank();
    const start = this.pos;
    if (this.lexStr('(')) return this.leave(this.parseListItems(start));
    const transformer = this.tryParseTransformerOrVal();
    if (transformer !== undefined) return this.leave(transformer);
    if (this.lexIdentifier()) return this.leave(this.value(start));
    const list = this.profile.transformerList;
    return this.fail(
      list === ''
        ? 'expected a list or an identifier'
        : `expected a list, an identifier, or a field with a valid transformer: ${list}`,
    );
  }

  /** After '(': [StrValue (',' StrValue)*] ')'. A first item that fails to lex means "empty", as in libs. */
  protected parseListItems(start: number): ListExpr {
    const items: ValueExpr[] = [];
    this.lexBlank();
    const first = this.code() === RPAREN ? undefined : this.tryFirstListItem();
    if (first !== undefined) {
      items.push(first);
      this.lexBlank();
      while (this.lexStr(',')) {
        items.push(this.parseStrValueOrTransformer(true) as ValueExpr);
        this.lexBlank();
      }
    }
    if (!this.lexStr(')')) this.fail("expected a ')' token");
    return { type: 'list', items, span: this.span(start) };
  }

  private tryFirstListItem(): ValueExpr | undefined {
    const depth = this.depth;
    try {
      return this.parseStrValueOrTransformer(true) as ValueExpr;
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      this.depth = depth;
      return undefined;
    }
  }
}
