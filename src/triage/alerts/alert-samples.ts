/**
 * Samples: the values of a few telling fields a group shows in its thread (one reply per new value, capped per
 * field). Taken from each alert at intake, so grouping never needs the alert's output fields again.
 */
import { stringifyJson } from '../../falco/alert/index.js';

/** Fields worth a thread reply when a new value shows up (never identity fields: those make a new group). */
const SAMPLE_FIELDS = [
  'proc.cmdline',
  'user.name',
  'k8s.pod.name',
  'container.name',
  'proc.pname',
  'fd.name',
];
const SAMPLE_FIELDS_PER_GROUP = 3;

/** The first few sample fields of `fields` that have a value and are not among `identity` (the fingerprint's). */
export function sampleValues(
  fields: Readonly<Record<string, unknown>>,
  identity: readonly string[],
): Record<string, string> {
  const values: Record<string, string> = {};
  let taken = 0;
  for (const field of SAMPLE_FIELDS) {
    if (taken === SAMPLE_FIELDS_PER_GROUP) break;
    if (identity.includes(field)) continue;
    const value = fields[field];
    if (value === null || value === undefined || value === '') continue;
    values[field] = typeof value === 'string' ? value : stringifyJson(value);
    taken += 1;
  }
  return values;
}
