import type { FieldValue, FieldValues, Scalar } from './field-values.js';
import type { UnknownReason } from './truth.js';

/**
 * What one side of a check evaluated to, in libs' terms: extraction failed (`null`, Falco printed `<NA>`), one value,
 * several values (a list field or a list-producing transformer), or `unknown` when the alert cannot tell us.
 */
export type Operand =
  | { readonly kind: 'unknown'; readonly reason: UnknownReason; readonly detail?: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'value'; readonly value: Scalar }
  | { readonly kind: 'list'; readonly values: readonly Scalar[] };

/** One alert field an evaluation read: the field as the condition names it, the key it was found under, its value. */
export interface FieldRead {
  readonly field: string;
  /** The alert key the value came from; missing when the alert carried the field under none of its spellings. */
  readonly key?: string;
  /** The value; missing when the field was absent (`null` means Falco printed `<NA>`). */
  readonly value?: FieldValue;
}

/** Reads an operand from an alert, recording the fields it looked at when `reads` is given (for traces). */
export type OperandReader = (fields: FieldValues, reads?: FieldRead[]) => Operand;

export const ABSENT: Operand = { kind: 'unknown', reason: 'absent' };
export const NULL_OPERAND: Operand = { kind: 'null' };

/** Turns a raw alert value into an operand. */
export function operandOf(value: FieldValue | undefined): Operand {
  if (value === undefined) return ABSENT;
  if (value === null) return NULL_OPERAND;
  if (Array.isArray(value)) return { kind: 'list', values: value as readonly Scalar[] };
  if (typeof value === 'object') {
    return {
      kind: 'unknown',
      reason: 'unsupported',
      detail: 'the alert value is an object, not a field value',
    };
  }
  return { kind: 'value', value: value };
}

/** The operand back as a JSON value for traces: a scalar, an array, `null`; undefined when unknown. */
export function operandValue(operand: Operand): FieldValue | undefined {
  switch (operand.kind) {
    case 'unknown':
      return undefined;
    case 'null':
      return null;
    case 'value':
      return operand.value;
    case 'list':
      return operand.values.map((v) => (typeof v === 'boolean' ? String(v) : v));
  }
}

export function invalid(detail: string): Operand {
  return { kind: 'unknown', reason: 'invalid-in-falco', detail };
}

export function unsupported(detail: string): Operand {
  return { kind: 'unknown', reason: 'unsupported', detail };
}

/** Scalars as text, the way libs renders them when a transformer concatenates them (`join`, `concat`). */
export function scalarText(value: Scalar): string {
  return typeof value === 'string' ? value : String(value);
}
