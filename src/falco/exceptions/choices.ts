/**
 * The caller's field choices, checked against the alert: each field has a usable value, a prefix match is only asked
 * on a path and really is a prefix of the alert's value, and a prefix cannot match everything.
 */
import type { BinaryOperator } from '../condition/index.js';
import { compileGlob, compilePathPrefixes } from '../eval/index.js';
import { err, ok, type Result } from '../../result.js';
import { supports, type FalcoVersion } from '../version.js';
import { fieldValueText } from './alert-subject.js';
import { PATH_FIELDS } from './field-choices.js';
import type { AlertSubject, FieldChoice, MatchKind, Refusal } from './types.js';

/** A choice with its value resolved and checked. */
export interface ResolvedChoice {
  readonly field: string;
  readonly match: MatchKind;
  readonly comp: BinaryOperator;
  readonly value: string;
}

export function compOf(match: MatchKind): BinaryOperator {
  return match === 'exact' ? '=' : match;
}

function refuse(code: Refusal['code'], message: string, field?: string): Result<never, Refusal> {
  return err({ code, message, ...(field === undefined ? {} : { field }) });
}

function resolveOne(alert: AlertSubject, choice: FieldChoice): Result<ResolvedChoice, Refusal> {
  const { field } = choice;
  const match = choice.match ?? 'exact';
  const alertValue = fieldValueText(alert, field);
  if (!alertValue.ok) return refuse('field_unusable', `cannot use ${field}: ${alertValue.error}`, field);
  const value = choice.value ?? alertValue.value;
  if (match === 'exact') {
    if (value !== alertValue.value)
      return refuse(
        'bad_choice',
        `the value given for ${field} is not the alert's value, so it would not except this alert`,
        field,
      );
    return ok({ field, match, comp: '=', value });
  }
  if (match === 'glob') return resolveGlob(field, value, alertValue.value);
  if (!PATH_FIELDS.has(field))
    return refuse('bad_choice', `${field} is not a path: only an exact match is offered for it`, field);
  if (match === 'startswith') {
    if (value === '')
      return refuse('bad_choice', `an empty prefix for ${field} would match every value`, field);
    if (!alertValue.value.startsWith(value))
      return refuse(
        'bad_choice',
        `"${value}" is not a prefix of the alert's ${field} ("${alertValue.value}")`,
        field,
      );
    return ok({ field, match, comp: 'startswith', value });
  }
  // pmatch: libs compares whole path components, and reads `?`, `*` and `[` in a component as a glob.
  if (/[?*[]/.test(value))
    return refuse(
      'value_unsafe',
      `the path prefix for ${field} contains a glob character (?, * or [), which pmatch would expand`,
      field,
    );
  if (value.split('/').every((part) => part === ''))
    return refuse('bad_choice', `the path prefix "${value}" for ${field} would match every path`, field);
  const matcher = compilePathPrefixes([value]);
  if (!matcher.ok || !matcher.value(alertValue.value))
    return refuse(
      'bad_choice',
      `"${value}" is not a path prefix of the alert's ${field} ("${alertValue.value}")`,
      field,
    );
  return ok({ field, match, comp: 'pmatch', value });
}

/** Literal characters a glob must keep, so that it still says what it is about. */
const MIN_GLOB_LITERALS = 3;

/** A glob must match the alert's value and keep some of it: `*` alone would match everything. */
function resolveGlob(field: string, pattern: string, alertValue: string): Result<ResolvedChoice, Refusal> {
  const literals = pattern
    .replace(/\\(.)/g, '$1x')
    .replace(/[*?]|\[[^\]]*\]/g, '')
    .replace(/\s+/g, '');
  if (literals.length < MIN_GLOB_LITERALS)
    return refuse(
      'bad_choice',
      `the pattern "${pattern}" for ${field} keeps too little of the value: it would match almost anything`,
      field,
    );
  const matcher = compileGlob(pattern, false);
  if (!matcher.ok)
    return refuse(
      'bad_choice',
      `the pattern "${pattern}" for ${field} is not a valid glob: ${matcher.error}`,
      field,
    );
  if (!matcher.value(alertValue))
    return refuse(
      'bad_choice',
      `the pattern "${pattern}" does not match the alert's ${field} ("${alertValue}")`,
      field,
    );
  return ok({ field, match: 'glob', comp: 'glob', value: pattern });
}

/** Resolves every choice, in order, without duplicates; at least one. */
export function resolveChoices(
  alert: AlertSubject,
  choices: readonly (string | FieldChoice)[],
): Result<readonly ResolvedChoice[], Refusal> {
  const resolved: ResolvedChoice[] = [];
  for (const raw of choices) {
    const choice = typeof raw === 'string' ? { field: raw } : raw;
    if (resolved.some((other) => other.field === choice.field))
      return refuse('bad_choice', `${choice.field} is chosen twice`, choice.field);
    const one = resolveOne(alert, choice);
    if (!one.ok) return one;
    resolved.push(one.value);
  }
  if (resolved.length === 0) return refuse('bad_choice', 'choose at least one field to scope the exception');
  return ok(resolved);
}

const FIELD_LIKE = /^[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+(\[[^\]]*\])?$/;
const TRANSFORMER_LIKE = /^(tolower|toupper|b64|basename|len|join|concat|getopt|val)\s*\(/;

/**
 * Falco 0.38+ warns when a constant compared with `=` looks like a field (`proc.pname`) or a transformer call
 * (`val(x)`): "may be a valid field misused as a const string value". A list is not checked, so such an exact value
 * is compared with `in (value)` instead, which means the same for a single-valued field and loads without warning.
 */
export function avoidConstantWarnings(
  choices: readonly ResolvedChoice[],
  version: FalcoVersion,
): readonly ResolvedChoice[] {
  if (!supports(version, 'field-comparison')) return choices;
  return choices.map((choice) => {
    const trimmed = choice.value.trim();
    return choice.comp === '=' && (FIELD_LIKE.test(trimmed) || TRANSFORMER_LIKE.test(trimmed))
      ? { ...choice, comp: 'in' }
      : choice;
  });
}
