/**
 * An `Alert` as synthesis and impact read it, and its values as an exception would use them. Falco's JSON values are
 * the evaluator's values (a nested array cannot occur in `output_fields` of a real alert; the evaluator treats any
 * array as a list field).
 */
import type { Alert } from '../alert/index.js';
import { isSidekickTruncated, type FieldValue, type FieldValues } from '../eval/index.js';
import { err, ok, type Result } from '../../result.js';
import type { AlertSubject } from './types.js';

export function alertSubject(alert: Alert): AlertSubject {
  return {
    rule: alert.rule,
    fields: alert.fields as FieldValues,
    hostname: alert.hostname,
    truncatedFieldKeys: alert.truncatedFieldKeys,
    nonFalcoFieldKeys: alert.nonFalcoFieldKeys,
  };
}

/** The alert's value of `field` as text, or why it cannot be used in an exception. */
export function fieldValueText(alert: AlertSubject, field: string): Result<string, string> {
  if (alert.nonFalcoFieldKeys?.includes(field) === true)
    return err(`"${field}" is not a Falco field (it was added by the sender), so no rule can test it`);
  if (!Object.hasOwn(alert.fields, field)) return err(`the alert has no "${field}" field`);
  const value: FieldValue | undefined = alert.fields[field];
  if (value === undefined) return err(`the alert has no "${field}" field`);
  if (value === null)
    return err(`Falco could not read "${field}" for this event (<NA>), so there is no value to match`);
  if (Array.isArray(value))
    return err(`"${field}" holds several values; exceptions match one value per field`);
  const text = typeof value === 'string' ? value : String(value);
  if (
    alert.truncatedFieldKeys?.includes(field) === true ||
    (typeof value === 'string' && isSidekickTruncated(text))
  )
    return err(`Falcosidekick shortened the value of "${field}" ("…[...]"), so the real value is unknown`);
  return ok(text);
}
