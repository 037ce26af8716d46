/**
 * Writing an alert's value into Falco rules so that Falco reads back exactly that value, and nothing else.
 *
 * Falco does not escape values. Exception values go through `quote_item` (double quotes added only when the value
 * holds a space and does not start with a quote) and, for list operators, `paren_item`; list items are substituted
 * into conditions as text; then list names are substituted everywhere in the condition text, even inside quotes
 * (`resolve_list`, delimiters: blank, `(`, `)`, `,`, `=`). So:
 * - a value that is a libs bare string (`[^()"'\s=,]+`) is written as is;
 * - anything else is written pre-quoted with libs' escapes (`"a b\"c"`): `quote_item` leaves a value that starts
 *   with a quote alone, and the parser unescapes it;
 * - a value in which a list name would be substituted is refused (quoting cannot stop the substitution);
 * - list items cannot be pre-quoted safely for every use of the list, so items holding `(),="'`, a blank other than
 *   a space, or a backslash together with a space are refused.
 * Every written value is proved by parsing the check Falco will see with the target version's parser and comparing
 * the value it reads with the alert's.
 */
import type { BinaryOperator, Expr } from '../condition/index.js';
import { escapeInQuotes } from '../condition/index.js';
import { parseCondition } from '../condition/index.js';
import type { FalcoVersion } from '../version.js';
import { err, ok, type Result } from '../../result.js';
import { parenItem, quoteItem } from '../rules/index.js';

const BARE = /^[^()"'\s=,]+$/;
const DELIMITERS = ' \t\n\r(),=';
const LIST_OPERATORS: ReadonlySet<string> = new Set(['in', 'pmatch', 'intersects']);

export function isListOperator(comp: string): boolean {
  return LIST_OPERATORS.has(comp);
}

/** libs' quoted form: C escapes, and a final backslash written `\ ` because libs ends a string at `"` after `\`. */
export function falcoQuoted(value: string): string {
  const escaped = escapeInQuotes(value);
  return escaped.endsWith('\\') ? `"${escaped.slice(0, -2)}\\ "` : `"${escaped}"`;
}

function isDelimiter(text: string, index: number): boolean {
  return index < 0 || index >= text.length || DELIMITERS.includes(text.charAt(index));
}

/**
 * The first list name Falco would substitute inside `token` (its ends count as delimiters, as the token sits
 * between blanks, parentheses or commas in the condition), or undefined.
 */
export function substitutedListName(token: string, listNames: Iterable<string>): string | undefined {
  for (const name of listNames) {
    if (name === '') continue;
    for (let at = token.indexOf(name); at !== -1; at = token.indexOf(name, at + 1)) {
      if (isDelimiter(token, at - 1) && isDelimiter(token, at + name.length)) return name;
    }
  }
  return undefined;
}

function readBack(check: string, version: FalcoVersion): Expr | undefined {
  const parsed = parseCondition(check, { version });
  return parsed.ok ? parsed.value : undefined;
}

/** The single value the parsed check compares with, if the check has the expected shape. */
function comparedValue(expr: Expr | undefined, field: string, comp: string): string | undefined {
  if (expr?.type !== 'binary-check' || expr.operator !== comp || expr.modifier !== undefined)
    return undefined;
  const left = expr.left;
  const leftText =
    left.type === 'field' ? (left.arg === undefined ? left.name : `${left.name}[${left.arg}]`) : '';
  if (leftText !== field) return undefined;
  const right = expr.right;
  if (right.type === 'value') return isListOperator(comp) ? undefined : right.value;
  if (right.type === 'list' && right.items.length === 1) return right.items[0]?.value;
  return undefined;
}

function listHazard(name: string): string {
  return `it contains "${name}", the name of a list: Falco substitutes list names into conditions as text, even inside quotes, so the value would change`;
}

/**
 * The token to write for `value` compared with `comp` on `field` (an exception value, or a check in a macro or
 * condition), or why it cannot be written exactly.
 */
export function writeConditionValue(
  field: string,
  comp: BinaryOperator,
  value: string,
  listNames: readonly string[],
  version: FalcoVersion,
): Result<string, string> {
  const candidates = BARE.test(value) ? [value, falcoQuoted(value)] : [falcoQuoted(value)];
  let hazard: string | undefined;
  for (const token of candidates) {
    const listName = substitutedListName(token, listNames);
    if (listName !== undefined) {
      hazard ??= listHazard(listName);
      continue;
    }
    const written = isListOperator(comp) ? parenItem(quoteItem(token)) : quoteItem(token);
    if (comparedValue(readBack(`${field} ${comp} ${written}`, version), field, comp) === value)
      return ok(token);
  }
  return err(hazard ?? 'Falco would not read it back as the same value');
}

/** One place a list is compared in a rule: `proc.name in (..., hids_binaries)`. */
export interface ListUse {
  readonly field: string;
  readonly operator: BinaryOperator;
}

/** Whether `value` can be appended to a list used as `uses` say, so that Falco compares with exactly it. */
export function checkListItem(
  value: string,
  uses: readonly ListUse[],
  listNames: readonly string[],
  version: FalcoVersion,
): Result<string, string> {
  if (value === '')
    return err('an empty value cannot be a list item (Falco would leave an empty slot in the list)');
  const special = /[(),="']/.exec(value);
  if (special !== null)
    return err(
      `it contains ${JSON.stringify(special[0])}: Falco pastes list items into conditions as text without escaping them, so the item would break or change the condition`,
    );
  if (/[\t\n\r\v\f]/.test(value))
    return err('it contains a line break or tab, which Falco would read as the end of the list item');
  if (value.includes(' ') && value.includes('\\'))
    return err(
      'it contains a space and a backslash: Falco quotes the item and would read the backslash as an escape',
    );
  const token = quoteItem(value);
  const listName = substitutedListName(token, listNames);
  if (listName !== undefined) return err(listHazard(listName));
  for (const use of uses) {
    const check = `${use.field} ${use.operator} (${token})`;
    if (comparedValue(readBack(check, version), use.field, use.operator) !== value)
      return err('Falco would not read it back as the same value');
  }
  return ok(value);
}
