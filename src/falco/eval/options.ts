import type { FieldTypeLookup } from './field-types.js';
import type { LookupOptions } from './field-values.js';

/** How to read an alert: key spellings to accept and, optionally, the declared type of each field. */
export interface EvalOptions extends LookupOptions {
  /** Declared field types (see field-types.ts); without it types are inferred from the alert's JSON values. */
  readonly fieldType?: FieldTypeLookup;
}
