/**
 * What the false-positive modal remembers and reads back: its private metadata (only the draft's source id) and the
 * user's choices from the view state Slack sends with block_actions and view_submission.
 */
import type { DraftSelection, DraftSource } from '../triage/proposals/index.js';

/** The modal's callback and block ids (each input's action id is its block id). */
export const FP_CALLBACK = 'fp_modal';
export const FP_FIELDS = 'fp_fields';
export const FP_PREFIX = 'fp_prefix';
export const FP_STRATEGY = 'fp_strategy';
export const FP_JUSTIFICATION = 'fp_justification';
export const FP_EXPIRY = 'fp_expiry';
export const FP_CONFIRM = 'fp_confirm';

/** The view remembers only where the draft came from (an id); everything else is re-read on each step. */
export function modalMetadata(source: DraftSource): string {
  return JSON.stringify('groupId' in source ? { g: source.groupId } : { a: source.alertId });
}

export function sourceOfMetadata(metadata: string | undefined): DraftSource | undefined {
  try {
    const parsed = JSON.parse(metadata ?? '') as { g?: unknown; a?: unknown };
    if (typeof parsed.g === 'string') return { groupId: parsed.g };
    if (typeof parsed.a === 'string') return { alertId: parsed.a };
    return undefined;
  } catch {
    return undefined;
  }
}

interface StateValue {
  readonly selected_options?: readonly { readonly value?: string }[] | null;
  readonly selected_option?: { readonly value?: string } | null;
  readonly value?: string | null;
  readonly selected_date?: string | null;
}

type StateValues = Readonly<Record<string, Readonly<Record<string, StateValue>>>>;

/** The user's choices from the view's state (what Slack sends with block_actions and view_submission). */
export function readModalState(
  values: StateValues | undefined,
  fallback: DraftSelection,
): {
  selection: DraftSelection;
  justification: string;
  expiresOn: string | undefined;
  confirmedWidening: boolean;
} {
  const get = (block: string): StateValue | undefined => values?.[block]?.[block];
  const fieldsState = get(FP_FIELDS);
  const fields =
    fieldsState === undefined
      ? fallback.fields.map((field) => field.field)
      : (fieldsState.selected_options ?? [])
          .map((option) => option.value ?? '')
          .filter((value) => value !== '');
  const prefixState = get(FP_PREFIX);
  const prefixed = new Set(
    prefixState === undefined
      ? fallback.fields.filter((field) => field.match !== 'exact').map((field) => field.field)
      : (prefixState.selected_options ?? []).map((option) => option.value ?? ''),
  );
  const strategyId = get(FP_STRATEGY)?.selected_option?.value ?? fallback.strategyId;
  const expiry = get(FP_EXPIRY)?.selected_date ?? undefined;
  return {
    selection: {
      fields: fields.map((field) => ({
        field,
        match: prefixed.has(field) ? ('pmatch' as const) : ('exact' as const),
      })),
      strategyId,
    },
    justification: get(FP_JUSTIFICATION)?.value ?? '',
    confirmedWidening: (get(FP_CONFIRM)?.selected_options ?? []).some((option) => option.value === 'yes'),
    expiresOn: expiry === null ? undefined : expiry,
  };
}
