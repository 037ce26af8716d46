/**
 * Exceptions become condition text appended to the rule's own, as Falco's `build_rule_exception_infos` writes it:
 * `(<condition>) and not ((f1 c1 v1 and f2 c2 v2) or (...)) and not (...)`, one `and not` per exception that has
 * values. Values are quoted by `quote_item` (only when they hold a space), a bare value compared with a list
 * operator is parenthesised, and nothing is escaped: a value holding a quote or a parenthesis changes the condition's
 * meaning in Falco too, which is why the exception synthesiser must check what it proposes.
 */
import { CompileFailure } from './compile-failure.js';
import type { ExceptionInfo } from './exception-validation.js';
import { isListComparison } from './exception-validation.js';
import { MSG } from './messages.js';
import type { ExceptionEntry, RuleException } from './model.js';
import { err, ok, type Result } from '../../result.js';
import { parenItem, quoteItem } from './list-substitution.js';
import { MappedText } from './source-map.js';

function itemOf(entry: ExceptionEntry | undefined): string {
  return entry?.kind === 'item' ? entry.item : '';
}

function itemsOf(entry: ExceptionEntry | undefined): readonly ExceptionEntry[] {
  return entry?.kind === 'list' ? entry.items : [];
}

/** What building an exception's condition needs (a loaded exception, or one being collected). */
interface ExceptionParts {
  readonly fields?: ExceptionEntry | undefined;
  readonly comps?: ExceptionEntry | undefined;
  readonly values: readonly ExceptionEntry[];
  readonly at: ExceptionInfo['at'];
}

/** The text Falco adds for one exception, or '' when it has no values. Throws CompileFailure on bad tuples. */
export function exceptionConditionText(ex: ExceptionParts): string {
  if (ex.fields?.kind !== 'list') {
    const field = itemOf(ex.fields);
    const comp = itemOf(ex.comps);
    const values: string[] = [];
    for (const value of ex.values) {
      if (value.kind === 'list') throw new CompileFailure('LOAD_ERR_VALIDATE', MSG.valuesNotStrings, ex.at);
      values.push(quoteItem(value.item));
    }
    return values.length === 0 ? '' : `(${field} ${comp} (${values.join(', ')}))`;
  }
  const fields = itemsOf(ex.fields);
  const comps = itemsOf(ex.comps);
  const tuples: string[] = [];
  for (const tuple of ex.values) {
    const values = itemsOf(tuple);
    if (values.length !== fields.length)
      throw new CompileFailure('LOAD_ERR_VALIDATE', MSG.fieldsValuesLength, ex.at);
    const checks = fields.map((field, k) => {
      const value = values[k];
      const comp = itemOf(comps[k]);
      let text: string;
      if (value?.kind === 'list') text = `(${value.items.map((v) => quoteItem(itemOf(v))).join(', ')})`;
      else text = isListComparison(comp) ? parenItem(itemOf(value)) : quoteItem(itemOf(value));
      return ` ${itemOf(field)} ${comp} ${text}`;
    });
    tuples.push(`(${checks.join(' and ')})`);
  }
  return tuples.length === 0 ? '' : `(${tuples.join(' or ')})`;
}

/**
 * The text Falco appends to a rule's condition for `exception` (` and not ...` without the leading glue), or ''
 * when it has no values: what the exception synthesiser needs to preview and verify a proposal exactly as Falco
 * will compile it. Comps must already hold their defaults, as in a loaded RuleException.
 */
export function exceptionCondition(exception: RuleException): Result<string, { readonly message: string }> {
  try {
    return ok(exceptionConditionText({ ...exception, at: exception.definedAt }));
  } catch (failure) {
    if (failure instanceof CompileFailure) return err({ message: failure.message });
    throw failure;
  }
}

/** The rule's condition with its exceptions, every piece mapped back to where it was written. */
export function withExceptions(condition: MappedText, exceptions: readonly ExceptionInfo[]): MappedText {
  if (exceptions.length === 0) return condition;
  const start = condition.locate(0);
  const parts = [
    MappedText.fixed('(', start),
    condition,
    MappedText.fixed(')', condition.locate(condition.text.length)),
  ];
  for (const ex of exceptions) {
    const text = exceptionConditionText(ex);
    if (text !== '') parts.push(MappedText.fixed(` and not ${text}`, ex.at));
  }
  return MappedText.concat(parts);
}
