/**
 * Which of an alert's fields its message shows, in what order and how: the route's `fields` (in that order) or all of
 * them with the identity fields, then who-and-what fields, first; `<NA>` and empty values left out when the route
 * asks; event times as times with every nanosecond (`evt.time` is nanoseconds since the epoch: a raw 19-digit number
 * means nothing to a person, and a rounded one would name another event).
 */
import { alertTimeFromEpochNs, fieldValueToText, type FieldValue } from '../falco/alert/index.js';
import type { GroupView } from '../triage/ports/index.js';
import { codeSpan } from './block-kit.js';

/** Who and what first: the fields a responder reads to decide whether this is expected. */
const LEADING_FIELDS = [
  'k8s.ns.name',
  'k8s.pod.name',
  'container.image.repository',
  'container.image.tag',
  'container.name',
  'user.name',
  'user.loginuid',
  'proc.name',
  'proc.exepath',
  'proc.cmdline',
  'proc.pname',
  'proc.pcmdline',
  'fd.name',
  'fd.directory',
  'evt.type',
];

/** Fields that hold an event time in nanoseconds since the epoch. */
const NANOSECOND_TIMES = new Set(['evt.time', 'evt.rawtime']);

export function isUnknown(value: FieldValue | undefined): boolean {
  return value === null || value === undefined || value === '' || value === '<NA>';
}

/** The field keys to show, in order. */
export function shownFieldKeys(view: GroupView): string[] {
  const hide = view.style?.hideUnknown === true;
  const chosen = view.style?.fields;
  if (chosen !== undefined) {
    return chosen.filter((key) => key in view.fields && !(hide && isUnknown(view.fields[key])));
  }
  const rank = (key: string): number => {
    const identity = view.identityFields.indexOf(key);
    if (identity !== -1) return identity;
    const leading = LEADING_FIELDS.indexOf(key);
    if (leading !== -1) return 100 + leading;
    return 1000;
  };
  return Object.keys(view.fields)
    .filter((key) => !(hide && isUnknown(view.fields[key])))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** `2026-08-13 10:00:00.123456789 UTC` for a nanosecond time field; undefined for any other value. */
function timeText(key: string, value: FieldValue | undefined): string | undefined {
  if (!NANOSECOND_TIMES.has(key)) return undefined;
  if (typeof value !== 'bigint' && !(typeof value === 'number' && Number.isSafeInteger(value)))
    return undefined;
  const time = alertTimeFromEpochNs(value.toString());
  return time === undefined ? undefined : `${time.iso.replace('T', ' ').replace(/Z$/, '')} UTC`;
}

/** A field value as mrkdwn: inline code, `<NA>` for no value, a time as a time. */
export function fieldValueMrkdwn(key: string, value: FieldValue | undefined, maxChars: number): string {
  if (value === null || value === undefined) return '`&lt;NA&gt;`';
  return codeSpan(timeText(key, value) ?? fieldValueToText(value), maxChars);
}
