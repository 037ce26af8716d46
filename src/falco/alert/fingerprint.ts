/**
 * The grouping identity of an alert for Slack storm grouping: the rule plus the values of a few identity fields.
 * Alerts with the same fingerprint share one Slack message; a new value of an identity field starts a new group.
 *
 * Identity fields, per rule:
 * - configured: `rules` maps an exact rule name or a rule-name glob (rule-glob.ts) to a field list; an exact name
 *   wins over globs, globs are tried in the map's order. Pseudo-fields: `hostname` (the alert's hostname, else
 *   `evt.hostname`) and `source`. Configured fields are used as given, volatile or not.
 * - default: three slots, each taking the first of its candidates that has a value:
 *   where  = `container.image.repository` (a container), else `hostname` (the host);
 *   who    = `proc.name`, `ka.user.name`, `ct.user`, `okta.actor.name`, `github.user`, `gcp.user`;
 *   target = `fd.name`, `ka.target.resource`, `proc.cmdline`, `ct.name`, `okta.app`, `github.repo`,
 *            `gcp.methodName`, `ka.target.namespace`, `k8s.ns.name`.
 *   Volatile fields (VOLATILE_FIELDS: times, pids, container ids, pod names) are never defaults. A network
 *   `fd.name` (`10.0.0.5:43812->10.96.0.1:443`) is grouped by its server end (`->10.96.0.1:443`): the client's
 *   address and ephemeral port change with every connection.
 *
 * Stability: the id is FNV-1a 64 of a canonical JSON string (`["v1", rule, [[key, value], …]]`), so the same alert
 * gets the same id in every process and after restarts. `null`, a missing field and `<NA>` are the same value.
 * Changing this canonical form regroups every alert: bump the version tag when doing so on purpose.
 */
import { stringifyJson } from './exact-json.js';
import { fnv1a64 } from './fnv1a.js';
import type { FieldMap, FieldValue } from './output-fields.js';
import { compileRuleGlob, isRuleGlob } from './rule-glob.js';

/** What a fingerprint needs from an alert; `Alert` (schema.ts) has it. */
export interface FingerprintSubject {
  readonly rule: string;
  readonly hostname?: string | undefined;
  readonly source?: string | undefined;
  readonly fields: FieldMap;
}

export interface FingerprintConfig {
  /** Rule name or rule-name glob → identity fields, in order. */
  readonly rules?: Readonly<Record<string, readonly string[]>>;
}

/** One identity field as used: its value in the alert (null when absent) and the value that was hashed. */
export interface IdentityField {
  readonly key: string;
  readonly value: FieldValue;
  readonly groupedAs: FieldValue;
}

export interface Fingerprint {
  /** 16 hex digits. */
  readonly id: string;
  readonly rule: string;
  /** The fields that identify the group, for display ("grouped by image, process, file"). */
  readonly fields: readonly IdentityField[];
  /** The `rules` key that chose the fields, or undefined for the defaults. */
  readonly configuredBy: string | undefined;
}

export const DEFAULT_IDENTITY_SLOTS: readonly (readonly string[])[] = [
  ['container.image.repository', 'hostname'],
  ['proc.name', 'ka.user.name', 'ct.user', 'okta.actor.name', 'github.user', 'gcp.user'],
  [
    'fd.name',
    'ka.target.resource',
    'proc.cmdline',
    'ct.name',
    'okta.app',
    'github.repo',
    'gcp.methodName',
    'ka.target.namespace',
    'k8s.ns.name',
  ],
];

/** Fields whose value differs between repeats of the same finding; never chosen by default. */
export const VOLATILE_FIELDS: ReadonlySet<string> = new Set([
  'evt.time',
  'evt.time.s',
  'evt.time.iso8601',
  'evt.datetime',
  'evt.datetime.s',
  'evt.rawtime',
  'evt.rawtime.s',
  'evt.rawtime.ns',
  'evt.num',
  'evt.latency',
  'evt.deltatime',
  'proc.pid',
  'proc.ppid',
  'proc.vpid',
  'proc.pvpid',
  'proc.sid',
  'proc.vpgid',
  'proc.start_ts',
  'proc.pid.ts',
  'thread.tid',
  'thread.vtid',
  'fd.num',
  'container.id',
  'container.name',
  'k8s.pod.name',
  'k8s.pod.uid',
  'k8s.pod.id',
]);

/** True for volatile fields, including the argument forms of ancestor pids (`proc.apid[2]`). */
export function isVolatileField(key: string): boolean {
  return VOLATILE_FIELDS.has(key) || key.startsWith('proc.apid');
}

type Identity =
  | { readonly kind: 'configured'; readonly key: string; readonly fields: readonly string[] }
  | { readonly kind: 'default' };

/**
 * A fingerprint function for one configuration; it caches the identity chosen per rule name, so it is cheap in a
 * storm. Create one per configuration and reuse it.
 */
export function createFingerprinter(
  config: FingerprintConfig = {},
): (alert: FingerprintSubject) => Fingerprint {
  const entries = Object.entries(config.rules ?? {});
  const exact = new Map(entries.filter(([key]) => !isRuleGlob(key)));
  const globs = entries
    .filter(([key]) => isRuleGlob(key))
    .map(([key, fields]) => ({ key, fields, matches: compileRuleGlob(key) }));
  const cache = new Map<string, Identity>();
  const identityOf = (rule: string): Identity => {
    let identity = cache.get(rule);
    if (identity === undefined) {
      const fields = exact.get(rule);
      const glob = fields === undefined ? globs.find((candidate) => candidate.matches(rule)) : undefined;
      identity =
        fields !== undefined
          ? { kind: 'configured', key: rule, fields }
          : glob !== undefined
            ? { kind: 'configured', key: glob.key, fields: glob.fields }
            : { kind: 'default' };
      if (cache.size < 10_000) cache.set(rule, identity);
    }
    return identity;
  };
  return (alert) => {
    const identity = identityOf(alert.rule);
    const fields =
      identity.kind === 'configured'
        ? identity.fields.map((key) => identityField(key, lookup(alert, key)))
        : defaultFields(alert);
    const canonical = stringifyJson(['v1', alert.rule, fields.map((field) => [field.key, field.groupedAs])]);
    return {
      id: fnv1a64(canonical),
      rule: alert.rule,
      fields,
      configuredBy: identity.kind === 'configured' ? identity.key : undefined,
    };
  };
}

/**
 * A fingerprint id kept apart per scope (the Falco deployment an alert came from): the same finding on staging and
 * on production is two groups, two messages and two things to mute. Stable like the id it is made from.
 */
export function fingerprintInScope(id: string, scope: string): string {
  return fnv1a64(stringifyJson(['v1-scope', id, scope]));
}

/** One-off fingerprint; prefer `createFingerprinter` for many alerts. */
export function fingerprintAlert(alert: FingerprintSubject, config?: FingerprintConfig): Fingerprint {
  return createFingerprinter(config)(alert);
}

function defaultFields(alert: FingerprintSubject): IdentityField[] {
  const fields: IdentityField[] = [];
  for (const candidates of DEFAULT_IDENTITY_SLOTS) {
    for (const key of candidates) {
      const value = lookup(alert, key);
      if (value === null || value === '') continue;
      fields.push(identityField(key, value));
      break;
    }
  }
  return fields;
}

function lookup(alert: FingerprintSubject, key: string): FieldValue {
  let value: FieldValue | undefined;
  if (key === 'hostname') value = alert.hostname ?? alert.fields['evt.hostname'];
  else if (key === 'source') value = alert.source;
  else value = alert.fields[key];
  return value === undefined || value === '<NA>' ? null : value;
}

const ENDPOINT = /:\d+$/;

function identityField(key: string, value: FieldValue): IdentityField {
  let groupedAs = value;
  if (key === 'fd.name' && typeof value === 'string') {
    const arrow = value.indexOf('->');
    const server = value.slice(arrow + 2);
    if (arrow > 0 && ENDPOINT.test(value.slice(0, arrow)) && server.length > 0 && ENDPOINT.test(server)) {
      groupedAs = `->${server}`;
    }
  }
  return { key, value, groupedAs };
}
