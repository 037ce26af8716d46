import type { FieldExpr, ListExpr, TransformerArg } from '../condition/index.js';
import {
  fieldKeyCandidates,
  fieldText,
  isSidekickTruncated,
  lookupFieldWithKey,
  type FieldValue,
  type FieldValues,
  type Scalar,
} from './field-values.js';
import type { FieldType } from './field-types.js';
import type { EvalOptions } from './options.js';
import { operandOf, type FieldRead, type Operand, type OperandReader } from './operand.js';
import { compileTransformer, transformerType } from './transformers.js';

/** Compiles any operand (field, constant, list, transformer) into a reader over alerts. */
export function compileOperand(expr: TransformerArg | ListExpr, options: EvalOptions): OperandReader {
  switch (expr.type) {
    case 'field':
      return compileFieldReader(expr, options);
    case 'value': {
      const operand: Operand = { kind: 'value', value: expr.value };
      return () => operand;
    }
    case 'list':
    case 'transformer-list': {
      // A transformer's list argument may hold fields as well as constants: `join("-", (fd.name, "x"))`.
      const items = expr.items.map((item) => compileOperand(item, options));
      return (fields, reads) => {
        const values: Scalar[] = [];
        for (const item of items) {
          const operand = item(fields, reads);
          if (operand.kind === 'value') values.push(operand.value);
          else if (operand.kind === 'list') values.push(...operand.values);
          else return operand;
        }
        return { kind: 'list', values };
      };
    }
    case 'transformer':
      return compileTransformer(expr, options, (arg) => compileOperand(arg, options));
  }
}

export function compileFieldReader(field: FieldExpr, options: EvalOptions): OperandReader {
  const keys = fieldKeyCandidates(field, options);
  const text = fieldText(field);
  return (fields, reads) => {
    const found = lookupFieldWithKey(fields, keys);
    reads?.push(fieldRead(text, found?.key, found?.value));
    const value = found?.value;
    // A transformer or a right-hand side would work on the cut text as if it were the whole value.
    if (typeof value === 'string' && isSidekickTruncated(value)) return TRUNCATED;
    return operandOf(value);
  };
}

const TRUNCATED: Operand = {
  kind: 'unknown',
  reason: 'truncated',
  detail: 'Falcosidekick truncated this value to 507 characters',
};

export function fieldRead(field: string, key: string | undefined, value: FieldValue | undefined): FieldRead {
  if (key === undefined || value === undefined) return { field };
  return { field, key, value };
}

/** The declared type of an operand, as far as the catalog and the transformers tell. */
export function operandType(expr: TransformerArg | ListExpr, options: EvalOptions): FieldType | undefined {
  switch (expr.type) {
    case 'field':
      return options.fieldType?.(expr.name, expr.arg);
    case 'value':
    case 'list':
    case 'transformer-list':
      return undefined;
    case 'transformer': {
      const [first] = expr.args;
      return transformerType(expr, first ? operandType(first, options) : undefined);
    }
  }
}

/** Evaluates a reader and also returns the reads it made (for traces). */
export function readWithTrace(
  reader: OperandReader,
  fields: FieldValues,
): { operand: Operand; reads: FieldRead[] } {
  const reads: FieldRead[] = [];
  return { operand: reader(fields, reads), reads };
}
