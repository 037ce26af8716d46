/**
 * The benchmarks' alert: the 0.44.1 "Read sensitive file untrusted" capture from the shared fixtures, as received
 * (`FIXTURE_RAW`, about 1.2 KB), parsed, and as stored rows varying over 40 hosts and 50 fingerprints, half of them
 * arriving through Falcosidekick with a uuid.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { newId } from '../../src/store/ids.js';
import type { NewAlert } from '../../src/triage/ports/index.js';

export const FIXTURE_RAW = readFileSync(
  resolve(
    process.cwd(),
    '../shared/fixtures/alerts/json/029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json',
  ),
  'utf8',
);

export const fixture = JSON.parse(FIXTURE_RAW) as {
  rule: string;
  priority: string;
  source: string;
  hostname: string;
  tags: string[];
  output: string;
  output_fields: Record<string, unknown>;
} & Record<string, unknown>;

/** Rows `from` to `from + count - 1`, received one millisecond apart from `now`. */
export function fixtureRows(from: number, count: number, now: number): NewAlert[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    const viaSidekick = index % 2 === 0;
    return {
      id: newId(now + index),
      receivedAt: new Date(now + index),
      eventTime: new Date(now + index - 5),
      rule: fixture.rule,
      priority: fixture.priority,
      priorityLevel: 4,
      source: fixture.source,
      hostname: `${fixture.hostname}-${index % 40}`,
      tags: fixture.tags,
      output: fixture.output,
      outputFields: { ...fixture.output_fields, 'proc.pid': 1000 + index },
      raw: FIXTURE_RAW,
      fingerprint: `fp-${index % 50}`,
      dedupeKey: viaSidekick ? newId() : null,
      origin: viaSidekick ? 'falcosidekick' : 'falco',
      route: null,
      channels: ['C0123456789'],
    };
  });
}
