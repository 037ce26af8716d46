/**
 * Which of an alert's fields can scope an exception, with what value, and which ones to preselect (the preselection
 * is the scope-safety policy's default, scope-policy.ts). Namespace and image are offered as optional scope. Values
 * are taken as the alert shows them (`proc.name` is the kernel's 15-character comm, which is also what Falco
 * compares), except volatile ones: a value with a volatile part is offered as a glob, a wholly volatile one not at
 * all.
 */
import { fieldValueText } from './alert-subject.js';
import { defaultScope, scopedField } from './scope-policy.js';
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
  /** How a tick on the field matches: the value itself, or a glob over its stable part. */
  readonly match: 'exact' | 'glob';
  /** The glob, when `match` is `glob`. */
  readonly pattern?: string;
  /** Why the glob (or why the field cannot be used). */
  readonly note?: string;
  readonly preselected: boolean;
}

/** Every field of the alert, usable ones first in a stable order, for a form with checkboxes. */
export function fieldOptions(alert: AlertSubject): FieldOption[] {
  const scope = defaultScope(alert);
  const preselected = new Set(scope.ok ? scope.value.fields.map((choice) => choice.field) : []);
  const options = Object.keys(alert.fields)
    .filter((field) => field !== 'evt.time' && !field.startsWith('evt.time.'))
    .map((field): FieldOption => {
      const value = fieldValueText(alert, field);
      // An empty value is usable when picked (an empty image is a host process) but never a default.
      const scoped = value.ok && value.value === '' ? undefined : scopedField(alert, field);
      const pathLike = PATH_FIELDS.has(field);
      const glob = scoped?.ok === true && scoped.value.form.kind === 'glob' ? scoped.value.form : undefined;
      const reason = !value.ok ? value.error : scoped?.ok === false ? scoped.error : undefined;
      return {
        field,
        ...(value.ok ? { value: value.value } : {}),
        usable: value.ok && scoped?.ok !== false,
        ...(reason === undefined ? {} : { reason }),
        pathLike,
        matches: pathLike ? ['exact', 'startswith', 'pmatch'] : ['exact'],
        match: glob === undefined ? 'exact' : 'glob',
        ...(glob === undefined ? {} : { pattern: glob.pattern, note: glob.reason }),
        preselected: preselected.has(field),
      };
    });
  const rank = (option: FieldOption): number =>
    option.preselected ? 0 : SCOPE_FIELDS.includes(option.field) && option.usable ? 1 : option.usable ? 2 : 3;
  return options.sort((a, b) => rank(a) - rank(b) || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}
