/**
 * Expected failures are values, not exceptions: a parse that fails, a rule that is not found, a proposal that may
 * not be approved. Functions that can fail this way return a Result; exceptions are kept for bugs and outages.
 *
 * @example
 *   const parsed = parseCondition('proc.name = cat');
 *   if (!parsed.ok) return parsed; // propagate the error value
 *   use(parsed.value);
 */
export type Result<T, E> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
