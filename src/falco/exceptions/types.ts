/**
 * The vocabulary of exception synthesis: what a caller (CLI, Slack modal, explain) asks for, and what comes back.
 * Plain data so that a proposal can be stored and replayed: the same spec over the same ruleset always yields the
 * same YAML.
 */
import type { FieldValues } from '../eval/index.js';
import type { Ruleset } from '../rules/index.js';
import type { FalcoVersion } from '../version.js';

/**
 * How the false positive is silenced:
 * - `exception`: a named exception on the alert's rule only (Falco 0.32+);
 * - `list`: an item appended to a list the rule checks negated (every rule using the list is affected);
 * - `macro`: `or (...)` appended to a `user_known_*`-style macro the rule uses negated (every user is affected);
 * - `condition`: `and not (...)` appended to the rule's condition (all versions; the rule only).
 */
export type Strategy = 'exception' | 'list' | 'macro' | 'condition';

/**
 * `exact`: `=`; `startswith`: a string prefix; `pmatch`: a path prefix (the path itself or anything below it);
 * `glob`: a pattern with `*` where the alert's value has a volatile part (volatile-values.ts).
 */
export type MatchKind = 'exact' | 'startswith' | 'pmatch' | 'glob';

/** One field that scopes the exception; the value defaults to the alert's (a prefix of it for prefix matches). */
export interface FieldChoice {
  readonly field: string;
  readonly match?: MatchKind;
  readonly value?: string;
}

/**
 * What synthesis reads from an alert. `Alert` (src/falco/alert) provides all of it; an alert recovered from a text
 * line provides at least `rule` and `fields`.
 */
export interface AlertSubject {
  readonly rule: string;
  readonly fields: FieldValues;
  readonly hostname?: string | undefined;
  /** Keys whose value Falcosidekick shortened: never used as exception values. */
  readonly truncatedFieldKeys?: readonly string[];
  /** Keys that are not Falco fields (custom fields, append_output): not usable in a condition. */
  readonly nonFalcoFieldKeys?: readonly string[];
}

/** A request for one exception, with the caller's choices (the Slack modal builds these). */
export interface ExceptionSpec {
  readonly strategy: Strategy;
  /** The list or macro to extend (`list`/`macro`); ignored for `exception`/`condition` (the alert's rule). */
  readonly target?: string;
  readonly fields: readonly (string | FieldChoice)[];
  readonly alert: AlertSubject;
  /** The ruleset as deployed now: default rules plus the custom rules file being edited. */
  readonly ruleset: Ruleset;
  readonly falcoVersion: FalcoVersion;
  /** One line written as a YAML comment above the new item or values row (proposal id, expiry...). */
  readonly annotation?: string;
}

/** How the item modifies an earlier definition: `override:` (Falco 0.37+) or `append: true` (before). */
export type ChangeForm = 'override' | 'append';

/** A value as written for Falco (`token`) and as the alert had it (`value`). */
export interface WrittenValue {
  readonly field: string;
  readonly comp: string;
  readonly value: string;
  readonly token: string;
}

/** The change, structured (the rules-file editor and the impact preview read this; the YAML is rendered from it). */
export type RulesChange =
  | {
      readonly kind: 'exception';
      readonly rule: string;
      readonly name: string;
      readonly fields: readonly string[];
      readonly comps: readonly string[];
      /** One tuple: the Falco tokens, in field order. */
      readonly row: readonly string[];
      /** The rule already has an exception of this name (from an earlier proposal): only values are added. */
      readonly exists: boolean;
    }
  | { readonly kind: 'list'; readonly list: string; readonly items: readonly string[] }
  | { readonly kind: 'macro'; readonly macro: string; readonly condition: string }
  | { readonly kind: 'condition'; readonly rule: string; readonly condition: string };

/** A synthesised exception: the YAML to add and everything needed to preview, apply and verify it. */
export interface Synthesis {
  readonly strategy: Strategy;
  /** The rule (`exception`/`condition`), list or macro changed. */
  readonly target: string;
  /** The alert's rule. */
  readonly rule: string;
  readonly fields: readonly string[];
  readonly values: readonly WrittenValue[];
  readonly form: ChangeForm;
  readonly change: RulesChange;
  /** The new rules-file item, ending with a newline (a values-only item when the exception exists elsewhere). */
  readonly yaml: string;
  /** The values row alone (`- [cat, /etc/shadow]`), for adding to an existing exception in the file. */
  readonly row?: string;
  /** What the change excepts, as a Falco condition: `proc.name = cat and fd.name = /etc/shadow`. */
  readonly predicate: string;
  /** Other rules the change also silences (list and macro strategies), sorted. */
  readonly alsoAffects: readonly string[];
  /** Other rules that use the list or macro positively: the change makes them fire more (sorted). */
  readonly firesMore: readonly string[];
  readonly annotation?: string;
}

export type RefusalCode =
  | 'unsupported_version'
  | 'unknown_target'
  | 'not_an_exception_point'
  | 'field_unusable'
  | 'value_unsafe'
  | 'bad_choice';

/** Why a strategy cannot be offered, in words an on-call engineer understands. */
export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
  readonly field?: string;
}
