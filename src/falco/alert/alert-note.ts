/**
 * A normalisation applied while accepting an alert (a priority spelling, a defaulted source, a restored key), kept
 * on the alert so nothing changes silently and the CLI or Slack can show what was assumed.
 */
export interface AlertNote {
  readonly code:
    | 'priority_spelling'
    | 'source_defaulted'
    | 'source_spelling'
    | 'output_fields_missing'
    | 'key_restored'
    | 'value_converted'
    | 'value_truncated_upstream'
    | 'custom_field_added'
    | 'time_from_evt_time'
    | 'time_fallback';
  readonly field: string | undefined;
  readonly message: string;
}

export function note(code: AlertNote['code'], field: string | undefined, message: string): AlertNote {
  return { code, field, message };
}
