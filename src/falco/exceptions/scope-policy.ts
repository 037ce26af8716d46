/**
 * The scope-safety policy: which of an alert's fields an exception is scoped by when nobody chose (the modal's
 * preselection, `explain`'s suggestions, `except` without `--fields`), and what to warn about when somebody did.
 *
 * 1. A default scope names the false positive: at least one *identity* field with a concrete value, of three kinds:
 *    the process (`proc.name`, `proc.exepath`, `proc.cmdline`, the parent's), the workload (`container.image.
 *    repository`, the pod) or the object touched (`fd.name`, the path arguments, the server of a connection, the
 *    Kubernetes object). The default is who plus what: the process and the object (`proc.name` + `fd.name`), else the
 *    process and the image, else the object and the image, else the one identity field the alert has.
 * 2. Low-discrimination fields (user, uid, event type, container id, tty, namespace, flags) are never a default
 *    scope: `user.name = root` alone turns a rule off for every root process.
 * 3. Volatile values are never taken verbatim (volatile-values.ts): a value with a volatile part is matched by a
 *    glob that keeps the stable part, a wholly volatile value is not used at all, and the reason is said.
 * 4. When the alert does not carry enough for a safe default, there is none: the answer says what is missing and
 *    asks the person to choose.
 */
import { err, ok, type Result } from '../../result.js';
import { fieldValueText } from './alert-subject.js';
import type { AlertSubject, FieldChoice } from './types.js';
import { stableForm, type StableForm } from './volatile-values.js';

export type FieldRole = 'process' | 'workload' | 'object' | 'low' | 'other';

const PROCESS =
  /^proc\.(name|exepath|exe|cmdline|args|pname|pexepath|pexe|pcmdline|sname|aname|aexepath|acmdline|exeline)(\[|$)/;
const WORKLOAD =
  /^(container\.(image\.repository|image|name)|k8s\.(pod|deployment|rs|rc|svc|statefulset|daemonset)\.name)$/;
const OBJECT =
  /^(fd\.(name|nameraw|directory|filename|sip|sip\.name|rip|rip\.name|sport|sockfamily\.path)|fs\.path\.|evt\.abspath|evt\.arg\.(filename|path|pathname|name|newpath|oldpath|target|linkpath|exe|dev|source|fstype)$|container\.mount\.|ka\.(target\.|uri|req\.|user\.name$)|k8smeta\.|ct\.|github\.|okta\.)/;
const LOW =
  /^(user\.|group\.|evt\.(type|dir|category|res|rawres|failed|is_|arg\.(flags|mode|uid|gid|cmd|res|fd))|container\.(id|full_id|privileged|image\.tag|image\.id|image\.digest|type)|proc\.(tty|is_|vpid|pid|ppid)|k8s\.ns\.|ka\.(verb|target\.namespace|user\.groups|response)|fd\.(type|typechar|l4proto|num|connected|is_))/;

/** What a field says about an event: who, in what, on what, or too little to scope an exception alone. */
export function fieldRole(field: string): FieldRole {
  if (LOW.test(field)) return 'low';
  if (PROCESS.test(field)) return 'process';
  if (WORKLOAD.test(field)) return 'workload';
  if (OBJECT.test(field)) return 'object';
  return 'other';
}

export function isIdentity(field: string): boolean {
  const role = fieldRole(field);
  return role === 'process' || role === 'workload' || role === 'object';
}

/** Who, most specific first. */
const ACTORS = [
  'proc.name',
  'proc.exepath',
  'proc.exe',
  'ka.user.name',
  'proc.cmdline',
  'proc.pname',
  'proc.pexepath',
];
/** What was touched, most specific first. */
const TARGETS = [
  'fd.name',
  'fs.path.name',
  'evt.abspath',
  'evt.arg.filename',
  'evt.arg.pathname',
  'evt.arg.path',
  'evt.arg.name',
  'evt.arg.newpath',
  'evt.arg.target',
  'evt.arg.linkpath',
  'fd.directory',
  'fd.sip.name',
  'fd.rip.name',
  'fd.sip',
  'fd.rip',
  'ka.target.resource',
  'ka.target.name',
  'ka.uri',
];
const IMAGES = ['container.image.repository', 'k8s.deployment.name', 'k8s.pod.name'];

/** A field the policy may use, with the form its value is matched by. */
export interface ScopedField {
  readonly choice: FieldChoice;
  readonly form: StableForm;
}

/** How an alert's value of `field` would be matched, or why it cannot be. */
export function scopedField(alert: AlertSubject, field: string): Result<ScopedField, string> {
  const value = fieldValueText(alert, field);
  if (!value.ok) return err(value.error);
  if (value.value === '') return err(`"${field}" is empty in this alert`);
  const form =
    field === 'container.id' && value.value === 'host'
      ? { kind: 'exact' as const }
      : stableForm(field, value.value);
  if (form.kind === 'volatile') return err(`"${field}" cannot scope an exception: ${form.reason}`);
  const choice: FieldChoice =
    form.kind === 'glob' ? { field, match: 'glob', value: form.pattern } : { field, match: 'exact' };
  return ok({ choice, form });
}

export interface DefaultScope {
  readonly fields: readonly FieldChoice[];
  /** What the person should know: each glob and why. */
  readonly notes: readonly string[];
}

export interface NoSafeScope {
  readonly code: 'no_safe_scope';
  readonly message: string;
}

function first(alert: AlertSubject, fields: readonly string[], except?: string): ScopedField | undefined {
  for (const field of fields) {
    if (field === except || !Object.hasOwn(alert.fields, field)) continue;
    const scoped = scopedField(alert, field);
    if (scoped.ok) return scoped.value;
  }
  return undefined;
}

/** What the alert lacks, in words: why none of its fields can be a default scope. */
function missing(alert: AlertSubject): string {
  const present = Object.keys(alert.fields).filter((field) => field.includes('.'));
  const unusable: string[] = [];
  const low: string[] = [];
  for (const field of present) {
    const scoped = scopedField(alert, field);
    if (!scoped.ok && (isIdentity(field) || /cannot scope/.test(scoped.error))) unusable.push(scoped.error);
    else if (scoped.ok && fieldRole(field) === 'low') low.push(field);
  }
  return [
    'No safe default scope: the alert names no program (proc.name, proc.exepath, proc.cmdline), no file or ' +
      'connection (fd.name, a path argument, fd.sip) and no image (container.image.repository) with a value that ' +
      'will repeat.',
    ...(unusable.length > 0 ? [`${unusable.join('; ')}.`] : []),
    ...(low.length > 0
      ? [`${low.join(', ')} alone would turn the rule off for far more than this false positive.`]
      : []),
    'Choose the fields yourself, or add %proc.exepath or %fd.name to the rule output so the next alert carries them.',
  ].join(' ');
}

/** The default scope for `alert`, or why there is no safe one. */
export function defaultScope(alert: AlertSubject): Result<DefaultScope, NoSafeScope> {
  const actor = first(alert, ACTORS);
  const target = first(alert, TARGETS, actor?.choice.field);
  const image = first(alert, IMAGES);
  const picked =
    actor !== undefined && target !== undefined
      ? [actor, target]
      : actor !== undefined && image !== undefined
        ? [image, actor]
        : target !== undefined && image !== undefined
          ? [image, target]
          : [actor ?? target ?? image].filter((scoped) => scoped !== undefined);
  if (picked.length === 0) return err({ code: 'no_safe_scope', message: missing(alert) });
  const notes = picked.flatMap((scoped) =>
    scoped.form.kind === 'glob'
      ? [`${scoped.choice.field} matched as "${scoped.choice.value ?? ''}": ${scoped.form.reason}`]
      : [],
  );
  return ok({ fields: picked.map((scoped) => scoped.choice), notes });
}

export interface ChosenScope extends DefaultScope {
  /** What the scope risks (somebody chose it): see scopeWarnings. */
  readonly warnings: readonly string[];
}

/**
 * The scope for the fields somebody asked for, or the default when nobody did. A field asked for without a match
 * takes the policy's form (a glob over the stable part of a volatile value); an explicit match is kept as asked.
 */
export function chooseScope(
  alert: AlertSubject,
  requested?: readonly FieldChoice[],
): Result<ChosenScope, NoSafeScope> {
  if (requested === undefined) {
    const scope = defaultScope(alert);
    return scope.ok ? ok({ ...scope.value, warnings: [] }) : scope;
  }
  const notes: string[] = [];
  const fields = requested.map((choice): FieldChoice => {
    if (choice.match !== undefined || choice.value !== undefined) return choice;
    const scoped = scopedField(alert, choice.field);
    if (!scoped.ok || scoped.value.form.kind !== 'glob') return choice;
    notes.push(
      `${choice.field} matched as "${scoped.value.choice.value ?? ''}": ${scoped.value.form.reason}`,
    );
    return scoped.value.choice;
  });
  return ok({
    fields,
    notes,
    warnings: scopeWarnings(
      alert,
      fields.map((choice) => choice.field),
    ),
  });
}

/** Warnings about a scope somebody chose (the modal's preview, `except --fields`). */
export function scopeWarnings(alert: AlertSubject, fields: readonly string[]): string[] {
  const warnings: string[] = [];
  if (fields.length > 0 && !fields.some(isIdentity)) {
    const shown = fields.map((field) => {
      const value = fieldValueText(alert, field);
      return value.ok ? `${field} = ${value.value}` : field;
    });
    warnings.push(
      `${shown.join(' and ')} names no program, file, connection or image: the exception silences this rule for every event with ${fields.length === 1 ? 'that value' : 'those values'}.`,
    );
  }
  for (const field of fields) {
    const value = fieldValueText(alert, field);
    if (!value.ok) continue;
    const form = stableForm(field, value.value);
    if (form.kind === 'volatile' && !(field === 'container.id' && value.value === 'host'))
      warnings.push(`${field}: ${form.reason}, so the exception will not match the next alert.`);
  }
  return warnings;
}
