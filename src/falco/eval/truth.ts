/**
 * Three-valued results. A check is `unknown` when the alert does not let us decide it (a field it needs was not in
 * the alert, Falco would refuse the check, ...). `and`/`or`/`not` follow Kleene's strong logic: `false and unknown`
 * is `false`, `true or unknown` is `true`, `not unknown` is `unknown`.
 *
 * Strings rather than booleans so that a careless `if (result)` cannot mistake `unknown` for a match: compare with
 * `=== 'true'`.
 */
export type Truth = 'true' | 'false' | 'unknown';

/**
 * Why a check came out `unknown`.
 * - `absent`: a field the check reads is not in the alert (the rule's output did not print it).
 * - `unresolved-name`: a macro or list name reached the evaluator unexpanded (the loader expands them first).
 * - `invalid-in-falco`: Falco would refuse to compile this check (operator not defined for the field's type, a
 *   right-hand side that does not parse as the field's type, an invalid regex...), so no event can match it.
 * - `unsupported`: the check is valid, but this evaluator cannot decide it from the alert (a construct we do not
 *   model, a value Falco printed in a lossy form such as `<IPNET>`).
 * - `truncated`: Falcosidekick shortened the value (to 507 characters and `[...]`) and the answer depends on the rest.
 * - `incomplete-ancestry`: `proc.aname` and its kin match any ancestor; no printed ancestor matched and the alert
 *   does not show the whole chain.
 * - `lossy-buffer`: a byte buffer printed with non-printable bytes replaced by `.` did not match as printed.
 */
export type UnknownReason =
  | 'absent'
  | 'unresolved-name'
  | 'invalid-in-falco'
  | 'unsupported'
  | 'truncated'
  | 'incomplete-ancestry'
  | 'lossy-buffer';

/** A comparison's outcome before it is reported: decided, or undecided with its reason. */
export type Verdict = boolean | UnknownReason;

export function truthOf(verdict: Verdict): Truth {
  if (verdict === true) return 'true';
  if (verdict === false) return 'false';
  return 'unknown';
}

export function notTruth(value: Truth): Truth {
  if (value === 'true') return 'false';
  if (value === 'false') return 'true';
  return 'unknown';
}

/** Kleene conjunction of verdicts: any `false` wins, then the first unknown reason, else `true`. */
export function allOf(verdicts: Iterable<Verdict>): Verdict {
  let undecided: UnknownReason | undefined;
  for (const verdict of verdicts) {
    if (verdict === false) return false;
    if (verdict !== true) undecided ??= verdict;
  }
  return undecided ?? true;
}

/** Kleene disjunction of verdicts: any `true` wins, then the first unknown reason, else `false`. */
export function anyOf(verdicts: Iterable<Verdict>): Verdict {
  let undecided: UnknownReason | undefined;
  for (const verdict of verdicts) {
    if (verdict === true) return true;
    if (verdict !== false) undecided ??= verdict;
  }
  return undecided ?? false;
}
