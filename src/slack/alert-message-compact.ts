/**
 * The compact alert message (a route's `message.form: compact`): three or four lines for channels where many alerts
 * pass and people scan rather than read. The rule with its counter, the chosen fields (or the identity fields, or
 * the output) on one line, then host and time, then the links, the state and the buttons; unknown values are left
 * out. Everything else is one click away (Explain).
 */
import type { GroupView } from '../triage/ports/index.js';
import { fieldValueMrkdwn, isUnknown } from './alert-fields.js';
import { LIMITS, escapeMrkdwn, truncate, truncateEscaped } from './block-kit.js';
import { priorityMarker } from './priority-marker.js';
import { slackDate } from './slack-date.js';

const MAX_FIELDS = 6;
const MAX_VALUE_CHARS = 120;
const MAX_OUTPUT_CHARS = 300;

function fieldsLine(view: GroupView): string {
  const keys = (view.style?.fields ?? view.identityFields)
    .filter((key) => key in view.fields && !isUnknown(view.fields[key]))
    .slice(0, MAX_FIELDS);
  return keys
    .map(
      (key) =>
        `${escapeMrkdwn(truncate(key, 60))} ${fieldValueMrkdwn(key, view.fields[key], MAX_VALUE_CHARS)}`,
    )
    .join('  ·  ');
}

/** `tail`: the links, state and actions blocks, as the full form has them. */
export function compactAlertMessage(
  view: GroupView,
  nowMs: number,
  tail: readonly Record<string, unknown>[],
): { readonly text: string; readonly blocks: readonly Record<string, unknown>[] } {
  const counter = view.count > 1 ? `  *×${view.count}*` : '';
  const title = `${priorityMarker(view.priority)} *${escapeMrkdwn(truncate(view.rule, 150))}*${counter}`;
  const detail =
    fieldsLine(view) || truncateEscaped(escapeMrkdwn((view.message ?? '').trim()), MAX_OUTPUT_CHARS);
  const context = [
    view.hostname === undefined ? undefined : `host *${escapeMrkdwn(truncate(view.hostname, 100))}*`,
    view.count > 1
      ? `since ${slackDate(view.firstSeenMs, nowMs)}, last ${slackDate(view.lastSeenMs, nowMs)}`
      : slackDate(view.lastSeenMs, nowMs),
    view.style?.showFingerprint === true ? `fingerprint \`${escapeMrkdwn(view.fingerprint)}\`` : undefined,
  ].filter((part): part is string => part !== undefined);
  const blocks: Record<string, unknown>[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncateEscaped([title, detail].filter(Boolean).join('\n'), LIMITS.sectionText),
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: context.join('  ·  ') }] },
    ...tail,
  ];
  const host = view.hostname === undefined ? '' : ` on ${view.hostname}`;
  return {
    text: truncate(
      `${view.priority}: ${view.rule}${view.count > 1 ? ` ×${view.count}` : ''}${host}`,
      LIMITS.fallbackText,
    ),
    blocks,
  };
}
