/**
 * The type of a check's operand as libs' compiler sees it: a field's catalog type, then each transformer's
 * `transform_type` (`sinsp_filter_transformer.cpp`): tolower/toupper/basename take strings, b64 strings or
 * buffers, len strings, buffers or lists and yields a number. Problems go to `report`; the result is undefined
 * when the operand is broken, so callers skip checks that would only repeat the first problem.
 */
import type { FieldExpr, FieldOperand, Span, TransformerArg, TransformerExpr } from './ast.js';
import { resolveField, type FieldCatalog } from '../fields/index.js';
import { fieldType, type FieldType } from './operator-typing.js';
import type { ProblemCode } from './problem-code.js';

export type Report = (severity: 'error' | 'warning', code: ProblemCode, message: string, span: Span) => void;

export interface OperandContext {
  readonly catalog: FieldCatalog;
  readonly report: Report;
  readonly deprecationWarnings: boolean;
}

const STRING_TYPES = new Set(['PT_CHARBUF', 'PT_FSPATH', 'PT_FSRELPATH', 'string']);
const BUFFER_TYPES = new Set(['PT_BYTEBUF']);
const UNKNOWN: FieldType = fieldType('');

function typeOfField(
  field: FieldExpr,
  side: 'left' | 'right',
  context: OperandContext,
): FieldType | undefined {
  const resolved = resolveField(context.catalog, field.name, field.arg);
  if (!resolved.ok) {
    context.report('error', resolved.code, `filter error: ${resolved.message}`, field.span);
    return undefined;
  }
  const { flags, name } = resolved.field;
  if (flags.includes('EPF_PRINT_ONLY')) {
    context.report(
      'error',
      'field-not-filterable',
      `filter error: field '${name}' can only be used in outputs`,
      field.span,
    );
    return undefined;
  }
  if (side === 'right' && flags.includes('EPF_NO_RHS')) {
    const message = `filter error: field '${name}' can not be used on the right-hand side of a comparison`;
    context.report('error', 'rhs-field-not-allowed', message, field.span);
  }
  if (context.deprecationWarnings && flags.includes('EPF_DEPRECATED')) {
    context.report(
      'warning',
      'deprecated-field',
      `usage of deprecated field '${name}' has been detected`,
      field.span,
    );
  }
  return fieldType(resolved.field.type, flags.includes('EPF_IS_LIST'));
}

function typeOfArg(
  arg: TransformerArg,
  side: 'left' | 'right',
  context: OperandContext,
): FieldType | undefined {
  switch (arg.type) {
    case 'field':
      return typeOfField(arg, side, context);
    case 'transformer':
      return typeOfTransformer(arg, side, context);
    case 'value':
      return fieldType('PT_CHARBUF');
    case 'transformer-list':
      for (const item of arg.items) typeOfArg(item, side, context);
      return fieldType('PT_CHARBUF', true);
  }
}

function arity(transformer: TransformerExpr, expected: string, context: OperandContext): undefined {
  const message = `filter error: transformer '${transformer.name}' expects ${expected}`;
  context.report('error', 'transformer-arity', message, transformer.span);
  return undefined;
}

/** The single field or transformer that tolower/toupper/b64/basename/len/val take. */
function singleInput(
  transformer: TransformerExpr,
  side: 'left' | 'right',
  context: OperandContext,
): FieldType | undefined {
  const [input, extra] = transformer.args;
  if (
    input === undefined ||
    extra !== undefined ||
    (input.type !== 'field' && input.type !== 'transformer')
  ) {
    return arity(transformer, 'exactly one field or transformer', context);
  }
  const type = typeOfArg(input, side, context);
  if (type === undefined || transformer.name === 'val' || input.type !== 'field') return type;
  const field = context.catalog.get(input.name);
  if (field?.flags.includes('EPF_NO_TRANSFORMER') === true) {
    const message = `filter error: field '${field.name}' does not support transformers`;
    context.report('error', 'transformer-not-allowed', message, input.span);
    return undefined;
  }
  return type;
}

function transformed(
  transformer: TransformerExpr,
  input: FieldType,
  context: OperandContext,
): FieldType | undefined {
  if (input.name === '') return transformer.name === 'len' ? fieldType('PT_UINT64') : UNKNOWN;
  const accepts =
    transformer.name === 'len'
      ? input.list || STRING_TYPES.has(input.name) || BUFFER_TYPES.has(input.name)
      : !input.list &&
        (STRING_TYPES.has(input.name) || (transformer.name === 'b64' && BUFFER_TYPES.has(input.name)));
  if (!accepts) {
    const shown = input.list ? `LIST(${input.name})` : input.name;
    const message = `filter error: field type '${shown}' is not supported by '${transformer.name}' transformer`;
    context.report('error', 'transformer-type', message, transformer.span);
    return undefined;
  }
  return transformer.name === 'len' ? fieldType('PT_UINT64') : input;
}

function typeOfTransformer(
  transformer: TransformerExpr,
  side: 'left' | 'right',
  context: OperandContext,
): FieldType | undefined {
  if (transformer.arg !== undefined && transformer.name !== 'getopt') {
    const message = `filter error: transformer '${transformer.name}' does not support field arguments`;
    context.report('error', 'transformer-index', message, transformer.span);
    return undefined;
  }
  switch (transformer.name) {
    case 'val':
      return singleInput(transformer, side, context);
    case 'tolower':
    case 'toupper':
    case 'b64':
    case 'basename':
    case 'len': {
      const input = singleInput(transformer, side, context);
      return input === undefined ? undefined : transformed(transformer, input, context);
    }
    case 'join': {
      const [separator, list, extra] = transformer.args;
      if (separator?.type !== 'value' || list?.type !== 'transformer-list' || extra !== undefined) {
        return arity(transformer, 'a separator string and a list: join("-", (a.b, c.d))', context);
      }
      typeOfArg(list, side, context);
      return fieldType('PT_CHARBUF');
    }
    case 'concat':
      if (transformer.args.length === 0) return arity(transformer, 'at least one argument', context);
      for (const arg of transformer.args) typeOfArg(arg, side, context);
      return fieldType('PT_CHARBUF');
    case 'getopt': {
      const [args, options, extra] = transformer.args;
      if (
        args === undefined ||
        args.type === 'value' ||
        args.type === 'transformer-list' ||
        options?.type !== 'value' ||
        extra !== undefined
      ) {
        return arity(transformer, 'a field and an option string: getopt(proc.args, "nt:")', context);
      }
      typeOfArg(args, side, context);
      return fieldType('PT_CHARBUF', transformer.arg === undefined);
    }
  }
}

/** The type of the left operand, or of a field/transformer on the right (`val(...)`, `tolower(...)`). */
export function typeOfOperand(
  operand: FieldOperand,
  side: 'left' | 'right',
  context: OperandContext,
): FieldType | undefined {
  return operand.type === 'field'
    ? typeOfField(operand, side, context)
    : typeOfTransformer(operand, side, context);
}
