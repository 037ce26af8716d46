/**
 * A compile-time failure (Falco's `rule_load_exception` thrown by the compiler), positioned in the file the user
 * wrote. Thrown inside the compiler and turned into a Diagnostic per rule or macro; it never leaves the module.
 */
import type { LoadErrorCode } from './messages.js';
import type { SourcePosition } from './model.js';

export class CompileFailure extends Error {
  constructor(
    readonly code: LoadErrorCode,
    message: string,
    readonly at: SourcePosition,
  ) {
    super(message);
    this.name = 'CompileFailure';
  }
}
