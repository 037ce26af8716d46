import type { TransformerArg, TransformerExpr } from '../condition/index.js';
import { asciiLower, asciiUpper, bytesToString, utf8Length } from './bytes.js';
import { fieldKeyCandidates, fieldText, lookupFieldWithKey, type Scalar } from './field-values.js';
import type { FieldType } from './field-types.js';
import type { EvalOptions } from './options.js';
import { getopt, parseOptstring } from './getopt.js';
import {
  invalid,
  NULL_OPERAND,
  operandOf,
  scalarText,
  unsupported,
  type Operand,
  type OperandReader,
} from './operand.js';

/**
 * Transformers, as libs defines them (sinsp_filter_transformers/*.cpp, sinsp_filtercheck_multivalue_transformer.cpp):
 * - `tolower`, `toupper`: byte-wise C tolower/toupper, so ASCII only; strings only.
 * - `b64`: base64 decoding (`Base64::decodeWithoutPadding`); a value that is not valid base64 fails extraction.
 * - `basename`: what follows the last `/` (`/a/b/` gives the empty string).
 * - `len`: the byte length of a string, the number of values of a list.
 * - `join(sep, list)`: the list's values joined by `sep`; `concat(a, b, ...)`: strings concatenated.
 * - `getopt(args, optstring)[c]`: getopt(3)-style option scanning of a list (see getopt.ts).
 * - `val(field)`: the field itself, on the right-hand side.
 * A transformer over a failed extraction fails too (the check is false); over an absent field it is unknown.
 * Falco prints a transformed field under its own key (`tolower(proc.name)`), which is read first when present.
 */
export function compileTransformer(
  expr: TransformerExpr,
  options: EvalOptions,
  compileArg: (arg: TransformerArg) => OperandReader,
): OperandReader {
  const args = expr.args;
  switch (expr.name) {
    case 'val': {
      const [field] = args;
      if (args.length !== 1 || field?.type !== 'field')
        return constant(invalid('val() takes exactly one field'));
      return compileArg(field);
    }
    case 'tolower':
      return singleArg(expr, options, compileArg, (v) => text(v, 'tolower', asciiLower));
    case 'toupper':
      return singleArg(expr, options, compileArg, (v) => text(v, 'toupper', asciiUpper));
    case 'basename':
      return singleArg(expr, options, compileArg, (v) =>
        text(v, 'basename', (s) => s.slice(s.lastIndexOf('/') + 1)),
      );
    case 'b64':
      return singleArg(expr, options, compileArg, (v) => {
        if (typeof v !== 'string') return invalid(`b64() does not apply to ${typeof v} values`);
        const decoded = decodeBase64(v);
        return decoded === undefined ? NULL_OPERAND : { kind: 'value', value: decoded };
      });
    case 'len':
      return singleArg(
        expr,
        options,
        compileArg,
        (v) =>
          typeof v === 'string' ? { kind: 'value', value: utf8Length(v) } : invalid(`len() of a ${typeof v}`),
        (values) => ({ kind: 'value', value: values.length }),
      );
    case 'join':
      return compileJoin(args, compileArg);
    case 'concat':
      return compileConcat(args, compileArg);
    case 'getopt':
      return compileGetopt(expr, compileArg);
  }
}

/** The declared type of what a transformer produces, for the comparison that consumes it. */
export function transformerType(
  expr: TransformerExpr,
  argType: FieldType | undefined,
): FieldType | undefined {
  switch (expr.name) {
    case 'val':
      return argType;
    case 'len':
      return { kind: 'number' };
    case 'getopt':
      return { kind: 'string', list: expr.arg === undefined };
    case 'b64':
      return argType?.kind === 'bytes' ? { kind: 'bytes' } : { kind: 'string' };
    case 'tolower':
    case 'toupper':
    case 'basename':
      return { kind: 'string', list: argType?.list ?? false };
    case 'join':
    case 'concat':
      return { kind: 'string' };
  }
}

function constant(operand: Operand): OperandReader {
  return () => operand;
}

function text(value: Scalar, name: string, transform: (s: string) => string): Operand {
  if (typeof value !== 'string') return invalid(`${name}() does not apply to ${typeof value} values`);
  return { kind: 'value', value: transform(value) };
}

function singleArg(
  expr: TransformerExpr,
  options: EvalOptions,
  compileArg: (arg: TransformerArg) => OperandReader,
  onValue: (value: Scalar) => Operand,
  onList?: (values: readonly Scalar[]) => Operand,
): OperandReader {
  const [arg] = expr.args;
  if (expr.args.length !== 1 || !arg) return constant(invalid(`${expr.name}() takes exactly one argument`));
  const inner = compileArg(arg);
  const printedKeys =
    arg.type === 'field'
      ? fieldKeyCandidates({ name: `${expr.name}(${fieldText(arg)})` }, options).slice(0, 1)
      : [];
  const printedField = printedKeys[0];
  return (fields, reads) => {
    if (printedField !== undefined) {
      const printed = lookupFieldWithKey(fields, printedKeys);
      if (printed) {
        reads?.push({ field: printedField, key: printed.key, value: printed.value });
        return operandOf(printed.value);
      }
    }
    const operand = inner(fields, reads);
    if (operand.kind === 'value') return onValue(operand.value);
    if (operand.kind !== 'list') return operand;
    if (onList) return onList(operand.values);
    const values: Scalar[] = [];
    for (const value of operand.values) {
      const mapped = onValue(value);
      if (mapped.kind !== 'value') return mapped;
      values.push(mapped.value);
    }
    return { kind: 'list', values };
  };
}

function compileJoin(
  args: readonly TransformerArg[],
  compileArg: (arg: TransformerArg) => OperandReader,
): OperandReader {
  const [separatorArg, listArg] = args;
  if (args.length !== 2 || !separatorArg || !listArg) {
    return constant(invalid('join() requires exactly 2 arguments: separator and list'));
  }
  const separator = compileArg(separatorArg);
  const list = compileArg(listArg);
  return (fields, reads) => {
    const sep = separator(fields, reads);
    if (sep.kind === 'list')
      return invalid('join() first argument (separator) must be a single value, not a list');
    if (sep.kind !== 'value') return sep;
    const items = list(fields, reads);
    if (items.kind === 'value') return invalid('join() second argument must be a list');
    if (items.kind !== 'list') return items;
    return { kind: 'value', value: items.values.map(scalarText).join(scalarText(sep.value)) };
  };
}

function compileConcat(
  args: readonly TransformerArg[],
  compileArg: (arg: TransformerArg) => OperandReader,
): OperandReader {
  if (args.length < 2) return constant(invalid('concat() requires at least 2 arguments'));
  const parts = args.map(compileArg);
  return (fields, reads) => {
    let out = '';
    for (const part of parts) {
      const operand = part(fields, reads);
      if (operand.kind === 'list') return invalid('concat() arguments must be strings');
      if (operand.kind !== 'value') return operand;
      if (typeof operand.value !== 'string') return invalid('concat() arguments must be strings');
      out += operand.value;
    }
    return { kind: 'value', value: out };
  };
}

function compileGetopt(
  expr: TransformerExpr,
  compileArg: (arg: TransformerArg) => OperandReader,
): OperandReader {
  const [argvArg, optstringArg] = expr.args;
  if (expr.args.length !== 2 || !argvArg || !optstringArg) {
    return constant(invalid('getopt() requires exactly 2 arguments: args list and optstring'));
  }
  if (expr.arg !== undefined && [...expr.arg].length !== 1) {
    return constant(invalid('getopt() field argument must be a single option character'));
  }
  const argv = compileArg(argvArg);
  const optstring = compileArg(optstringArg);
  const selector = expr.arg;
  return (fields, reads) => {
    const options = optstring(fields, reads);
    if (options.kind === 'list')
      return invalid('getopt() second argument (optstring) must be a single value');
    if (options.kind !== 'value') return options;
    const list = argv(fields, reads);
    if (list.kind === 'value') {
      return unsupported('getopt() needs a list of arguments; this alert gives a single string');
    }
    if (list.kind !== 'list') return list;
    const result = getopt(list.values.map(scalarText), parseOptstring(scalarText(options.value)), selector);
    if (selector === undefined) return { kind: 'list', values: result };
    const last = result[result.length - 1];
    return last === undefined ? NULL_OPERAND : { kind: 'value', value: last };
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** libs' `Base64::decodeWithoutPadding`: strict alphabet, at most two trailing `=`, no stray bits. */
export function decodeBase64(input: string): string | undefined {
  if (input === '') return '';
  let n = input.length;
  if (input[n - 1] === '=') {
    n--;
    if (n > 0 && input[n - 1] === '=') n--;
  }
  if (n === 0) return undefined;
  let maxLength = Math.floor((n + 3) / 4) * 3;
  if (n % 4 === 3) maxLength -= 1;
  if (n % 4 === 2) maxLength -= 2;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = BASE64.indexOf(input[i] ?? '');
    if (c < 0 || input.charCodeAt(i) > 0x7f) return undefined;
    const last = i === n - 1;
    switch (i % 4) {
      case 0:
        if (last) return undefined;
        out.push((c << 2) & 0xff);
        break;
      case 1:
        out[out.length - 1] = (out[out.length - 1] ?? 0) | (c >> 4);
        if (last) {
          if ((c & 0b1111) !== 0) return undefined;
        } else out.push((c << 4) & 0xff);
        break;
      case 2:
        out[out.length - 1] = (out[out.length - 1] ?? 0) | (c >> 2);
        if (last) {
          if ((c & 0b11) !== 0) return undefined;
        } else out.push((c << 6) & 0xff);
        break;
      case 3:
        out[out.length - 1] = (out[out.length - 1] ?? 0) | c;
        break;
    }
  }
  if (out.length !== maxLength) return undefined;
  return bytesToString(Uint8Array.from(out));
}
