/**
 * Which of an alert's fields can scope an exception, with what value, and which ones to preselect.
 *
 * The default is actor plus target, the narrowest pair that still names the false positive: the program and the file
 * it touched (`proc.name` + `fd.name`), or the image and the program it ran (`container.image.repository` +
 * `proc.name`). Namespace and image are offered as optional scope. Values are taken as the alert shows them:
 * `proc.name` is the kernel's 15-character comm, which is also what Falco compares.
 */
import { isSidekickTruncated, type FieldValue } from '../eval/index.js';
import { err, ok, type Result } from '../../result.js';
import type { AlertSubject, MatchKind } from './types.js';

/** Fields holding a path: prefix matches (`startswith`, `pmatch`) make sense for these. */
export const PATH_FIELDS: ReadonlySet<string> = new Set([
  'fd.name',
  'fd.nameraw',
  'fd.directory',
  'fd.sockfamily.path',
  'proc.exepath',
  'proc.exe',
  'proc.cwd',
  'proc.pexepath',
  'proc.pexe',
  'fs.path.name',
  'fs.path.nameraw',
  'fs.path.source',
  'fs.path.target',
  'evt.abspath',
  'evt.abspath.src',
  'evt.abspath.dst',
  'container.mount.dest',
  'container.mount.source',
]);

/** Who did it, most specific first. */
const ACTORS = ['proc.name', 'ka.user.name', 'user.name', 'proc.exepath', 'proc.exe'];
/** What was done to, most specific first. */
const TARGETS = [
  'fd.name',
  'fd.directory',
  'fs.path.name',
  'evt.abspath',
  'fd.sip.name',
  'fd.rip',
  'fd.sip',
  'ka.target.resource',
  'ka.target.name',
];
/** Optional scope, offered but not preselected. */
export const SCOPE_FIELDS: readonly string[] = ['k8s.ns.name', 'container.image.repository', 'k8s.pod.name'];

export interface FieldOption {
  readonly field: string;
  /** The value as the alert shows it (text), when it has one. */
  readonly value?: string;
  readonly usable: boolean;
  /** Why the field cannot scope an exception. */
  readonly reason?: string;
  /** A path: a prefix match may be offered. */
  readonly pathLike: boolean;
  readonly matches: readonly MatchKind[];
  readonly preselected: boolean;
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

function usable(alert: AlertSubject, field: string): boolean {
  const value = fieldValueText(alert, field);
  return value.ok && value.value !== '';
}

/** Actor plus target: the default fields of an exception for this alert (at least one field when any is usable). */
export function defaultFields(alert: AlertSubject): string[] {
  const actor = ACTORS.find((field) => usable(alert, field));
  const target = TARGETS.find((field) => usable(alert, field) && field !== actor);
  if (actor !== undefined && target !== undefined) return [actor, target];
  const image = usable(alert, 'container.image.repository') ? 'container.image.repository' : undefined;
  if (image !== undefined && actor !== undefined) return [image, actor];
  const first = actor ?? target ?? image;
  if (first !== undefined) return [first];
  const any = Object.keys(alert.fields).find((field) => field.includes('.') && usable(alert, field));
  return any === undefined ? [] : [any];
}

/** Every field of the alert, usable ones first in a stable order, for a form with checkboxes. */
export function fieldOptions(alert: AlertSubject): FieldOption[] {
  const preselected = new Set(defaultFields(alert));
  const options = Object.keys(alert.fields)
    .filter((field) => field !== 'evt.time' && !field.startsWith('evt.time.'))
    .map((field): FieldOption => {
      const value = fieldValueText(alert, field);
      const pathLike = PATH_FIELDS.has(field);
      return {
        field,
        ...(value.ok ? { value: value.value } : {}),
        usable: value.ok,
        ...(value.ok ? {} : { reason: value.error }),
        pathLike,
        matches: pathLike ? ['exact', 'startswith', 'pmatch'] : ['exact'],
        preselected: preselected.has(field),
      };
    });
  const rank = (option: FieldOption): number =>
    option.preselected ? 0 : SCOPE_FIELDS.includes(option.field) && option.usable ? 1 : option.usable ? 2 : 3;
  return options.sort((a, b) => rank(a) - rank(b) || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}
