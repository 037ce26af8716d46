/**
 * An `Alert` as synthesis and impact read it. Falco's JSON values are the evaluator's values (a nested array cannot
 * occur in `output_fields` of a real alert; the evaluator treats any array as a list field).
 */
import type { Alert } from '../alert/index.js';
import type { FieldValues } from '../eval/index.js';
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
