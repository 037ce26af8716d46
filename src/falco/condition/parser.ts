/**
 * The Falco condition parser: a hand-written recursive descent over libs' grammar
 * (`userspace/libsinsp/filter/parser.h` / `parser.cpp`, libs 0.25 = Falco 0.44), one method per production.
 * It reproduces libs' acceptance, error wording and error offsets, and parses as a given Falco version would.
 *
 *   Expr        ::= OrExpr
 *   OrExpr      ::= AndExpr ('or' OrTail)*
 *   OrTail      ::= BLANK+ AndExpr | '(' Expr ')'
 *   AndExpr     ::= NotExpr ('and' AndTail)*
 *   AndTail     ::= BLANK+ NotExpr | '(' Expr ')'
 *   NotExpr     ::= ('not' SPACE+)* ('not(' Expr ')' | Check)          each 'not' toggles
 *   Check       ::= '(' Expr ')'
 *                 | (Field | Transformer) Condition
 *                 | Identifier                                         a macro reference
 *   Condition   ::= 'exists'
 *                 | NumOp (NumValue | TransformerOrVal)
 *                 | StrOp Modifier BLANK+ ListValue                     0.44+, modifier after a blank
 *                 | StrOp (StrValue | TransformerOrVal)
 *                 | ListOp (ListValue | TransformerOrVal)
 *   ListValue   ::= '(' [StrValue (',' StrValue)*] ')' | Identifier     an identifier names a list
 *   Field       ::= FieldName ['[' FieldArg ']']
 *   FieldArg    ::= QuotedStr | FieldArgBareStr
 *   Transformer ::= TType Arg (',' Arg)* ')' ['[' FieldArg ']']        index 0.44+ (getopt)
 *   Arg         ::= Number | QuotedStr | TransformerList | Transformer | Field     0.43+;
 *                   before 0.43 exactly one Transformer | Field
 *   TransformerList  ::= '(' [ListArg (',' ListArg)*] ')'
 *   ListArg          ::= Field | Transformer | QuotedStr | Number
 *   TransformerOrVal ::= Transformer | 'val(' Field ')' ['[' FieldArg ']']   0.38+, right-hand side only
 *   NumValue    ::= HexNumber | Number
 *   StrValue    ::= QuotedStr | BareStr
 *
 *   NumOp    ::= '<=' | '<' | '>=' | '>'
 *   StrOp    ::= '==' | '=' | '!=' | 'glob ' | 'iglob ' | 'contains ' | 'icontains ' | 'bcontains '
 *              | 'startswith ' | 'bstartswith ' | 'endswith ' | 'regex '   (a trailing ' ' = a blank must follow)
 *   ListOp   ::= 'intersects' | 'in' | 'pmatch'
 *   Modifier ::= 'oneof' | 'anyof' | 'allof'      not when the next word is 'and'/'or' ("x = oneof and y")
 *   TType    ::= 'tolower(' | 'toupper(' | 'b64(' | 'basename(' | 'len(' | 'join(' | 'concat(' | 'getopt('
 *
 *   Identifier      ::= [a-zA-Z]+[a-zA-Z0-9_]*
 *   FieldName       ::= Identifier ('.' Identifier)+
 *   FieldArgBareStr ::= [^][\"'[:space:]]+
 *   HexNumber       ::= 0[xX][0-9a-fA-F]+
 *   Number          ::= [+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?
 *   QuotedStr       ::= "..." | '...'     closes at a quote not preceded by '\'; escapes \b \f \n \r \t \\ \/
 *                                         \<space> (= \), \" only in "...", \' only in '...'
 *   BareStr         ::= [^()"'[:space:]=,]+
 *   BLANK           ::= [ \t\b\r\n]
 *
 * Versions: iglob, tolower/toupper/b64 and val() 0.38; basename and regex 0.39; len 0.40; join, concat and
 * multi-argument transformers 0.43; getopt, transformer index and modifiers 0.44 (see ../version.ts). A condition
 * that fails at its version but parses at the newest one gets an error naming the feature and the version it needs.
 */
import type { BinaryCheckExpr, BinaryOperator, Expr, FieldOperand, ValueExpr, ValueOperand } from './ast.js';
import { grammarProfile, type GrammarProfile } from './grammar-profile.js';
import { OperandParser, type FeatureUse } from './operand-parser.js';
import { ParseFailure, type ConditionSyntaxError } from './syntax-error.js';
import { err, ok, type Result } from '../../result.js';
import {
  NEWEST_VERSION,
  compareFalcoVersions,
  describeUnsupported,
  supports,
  type FalcoVersion,
} from '../version.js';

export type { ConditionSyntaxError } from './syntax-error.js';

/** Falco raises libs' default of 100 to 1000 (rule_loader_compiler.cpp). */
export const DEFAULT_MAX_DEPTH = 1000;

export interface ParseConditionOptions {
  /** Parse as this Falco version does; default NEWEST_VERSION. */
  readonly version?: FalcoVersion;
  /** libs' recursion limit, counted per production as libs counts it; default 1000. */
  readonly maxDepth?: number;
}

type Attempt =
  | { readonly ok: true; readonly expr: Expr; readonly used: readonly FeatureUse[] }
  | { readonly ok: false; readonly error: ConditionSyntaxError };

const LPAREN = 40;

class ConditionParser extends OperandParser {
  parse(): Expr {
    if (this.input.length === 0) this.fail('filter input string is empty');
    const expr = this.parseOr();
    if (this.pos !== this.input.length) {
      this.fail(`unexpected token after '${this.lastToken}', expecting 'or', 'and'`);
    }
    return expr;
  }

  private parseOr(): Expr {
    this.enter();
    this.lexBlank();
    const start = this.pos;
    const first = this.parseAnd();
    this.lexBlank();
    if (!this.lexStr('or')) return this.leave(first);
    const children = [first];
    do {
      children.push(this.lexBlank() ? this.parseAnd() : this.parseParenthesisedTail('or'));
      this.lexBlank();
    } while (this.lexStr('or'));
    return this.leave({ type: 'or', children, span: this.span(start) });
  }

  private parseAnd(): Expr {
    this.enter();
    this.lexBlank();
    const start = this.pos;
    const first = this.parseNot();
    this.lexBlank();
    if (!this.lexStr('and')) return this.leave(first);
    const children = [first];
    do {
      children.push(this.lexBlank() ? this.parseNot() : this.parseParenthesisedTail('and'));
      this.lexBlank();
    } while (this.lexStr('and'));
    return this.leave({ type: 'and', children, span: this.span(start) });
  }

  /** `a and(b)`: without a blank after the keyword only a parenthesis may follow. */
  private parseParenthesisedTail(keyword: string): Expr {
    if (!this.lexStr('(')) this.fail(`expected blank or '(' after '${keyword}'`);
    return this.parseEmbeddedRemainder();
  }

  private parseNot(): Expr {
    this.enter();
    this.lexBlank();
    const start = this.pos;
    let negate = false;
    while (this.lexNotBlank()) negate = !negate;
    let child: Expr;
    if (this.lexStr('not(')) {
      negate = !negate;
      child = this.parseEmbeddedRemainder();
    } else {
      child = this.parseCheck();
    }
    return this.leave(negate ? { type: 'not', child, span: this.span(start) } : child);
  }

  /** After '(': Expr ')' */
  private parseEmbeddedRemainder(): Expr {
    this.enter();
    this.lexBlank();
    const child = this.parseOr();
    this.lexBlank();
    if (!this.lexStr(')')) this.fail("expected a ')' token");
    return this.leave(child);
  }

  private parseCheck(): Expr {
    this.enter();
    this.lexBlank();
    const start = this.pos;
    if (this.lexStr('(')) return this.leave(this.parseEmbeddedRemainder());
    if (this.lexFieldName()) {
      const left = this.parseFieldRemainder(this.lastToken, start);
      return this.leave(this.parseConditionTail(left, start));
    }
    const transformer = this.lexTransformerType();
    if (transformer !== undefined) {
      this.lexBlank();
      const left = this.parseTransformerRemainder(transformer, start);
      return this.leave(this.parseConditionTail(left, start));
    }
    if (this.lexIdentifier()) {
      return this.leave({ type: 'identifier', name: this.lastToken, span: this.span(start) });
    }
    return this.fail("expected a '(' token, a field check, or an identifier");
  }

  /** Condition: the operator and right-hand side after a field or transformer. */
  private parseConditionTail(left: FieldOperand, start: number): Expr {
    this.enter();
    this.lexBlank();
    const at = this.pos;
    for (const token of this.profile.operatorsByFirstChar.get(this.code()) ?? []) {
      const needsBlank = token.kind === 'string' && token.needsBlank;
      if (!this.lexOperator(token.operator, needsBlank)) continue;
      switch (token.kind) {
        case 'unary':
          return this.leave({ type: 'unary-check', left, operator: token.operator, span: this.span(start) });
        case 'numeric':
          return this.leave(this.binary(left, token.operator, this.parseNumValueOrTransformer(), start));
        case 'list':
          return this.leave(this.binary(left, token.operator, this.parseListValueOrTransformer(), start));
        case 'string': {
          if (token.feature !== undefined) this.use(token.feature, at);
          const modifier = this.lexModifier(needsBlank);
          if (modifier === undefined) {
            return this.leave(
              this.binary(left, token.operator, this.parseStrValueOrTransformer(false), start),
            );
          }
          const listStart = this.pos;
          const right = this.lexStr('(') ? this.parseListItems(listStart) : this.modifierListName(listStart);
          return this.leave({ ...this.binary(left, token.operator, right, start), modifier });
        }
      }
    }
    return this.fail(`expected a valid check operator: one of ${this.profile.operatorList}`);
  }

  private binary(
    left: FieldOperand,
    operator: BinaryOperator,
    right: ValueOperand,
    start: number,
  ): BinaryCheckExpr {
    return { type: 'binary-check', left, operator, right, span: this.span(start) };
  }

  /**
   * Modifier (0.44+): `oneof`/`anyof`/`allof` after a blank, followed by blanks and a list or a list name.
   * Otherwise the word is an ordinary value: `proc.name = oneof`, `proc.name = oneof and ...`.
   */
  private lexModifier(blankConsumed: boolean): 'oneof' | 'anyof' | 'allof' | undefined {
    if (!this.profile.modifiers) return undefined;
    const before = this.blanksAt(0);
    if (before === 0 && !blankConsumed) return undefined;
    const word = this.peekIdentifier(before);
    if (word !== 'oneof' && word !== 'anyof' && word !== 'allof') return undefined;
    const gap = this.blanksAt(before + word.length);
    if (gap === 0) return undefined;
    const next = before + word.length + gap;
    if (this.code(next) !== LPAREN) {
      const name = this.peekIdentifier(next);
      if (name === '' || name === 'and' || name === 'or') return undefined;
    }
    this.pos += before;
    this.use('modifiers', this.pos);
    this.lexStr(word);
    this.lexBlank();
    return word;
  }

  /** `oneof my_list`: lexModifier has already seen the identifier. */
  private modifierListName(start: number): ValueExpr {
    this.lexIdentifier();
    return this.value(start);
  }
}

function attempt(text: string, profile: GrammarProfile, maxDepth: number): Attempt {
  const parser = new ConditionParser(text, profile, maxDepth);
  try {
    return { ok: true, expr: parser.parse(), used: parser.used };
  } catch (error) {
    if (error instanceof ParseFailure) {
      return { ok: false, error: { code: 'condition_syntax', message: error.message, offset: error.offset } };
    }
    // A maxDepth beyond what the JavaScript stack holds: report it as the depth limit it is.
    if (error instanceof RangeError) {
      const message = `exceeded max depth limit: the condition nests too deeply (${error.message})`;
      return { ok: false, error: { code: 'condition_syntax', message, offset: parser.pos } };
    }
    throw error;
  }
}

/**
 * Parses a condition as Falco `version` does. Never throws for any input: a syntax error, a too-deep nesting
 * (libs' depth limit, 1000 in Falco) or a feature newer than `version` comes back as a ConditionSyntaxError with
 * libs' wording and offset.
 */
export function parseCondition(
  text: string,
  options: ParseConditionOptions = {},
): Result<Expr, ConditionSyntaxError> {
  const version = options.version ?? NEWEST_VERSION;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const first = attempt(text, grammarProfile(version), maxDepth);
  if (first.ok) return ok(first.expr);
  if (compareFalcoVersions(version, NEWEST_VERSION) < 0) {
    const newest = attempt(text, grammarProfile(NEWEST_VERSION), maxDepth);
    if (newest.ok) {
      const blocker = newest.used
        .filter((use) => !supports(version, use.feature))
        .sort((a, b) => a.offset - b.offset)[0];
      if (blocker !== undefined) {
        return err({
          code: 'condition_syntax',
          message: describeUnsupported(blocker.feature, version),
          offset: blocker.offset,
        });
      }
    }
  }
  return err(first.error);
}
