import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseJson, stringifyJson } from '../../../src/falco/alert/index.js';
import { alertRecordText } from '../../../src/store/alert-row-text.js';
import type { NewAlert } from '../../../src/triage/ports/index.js';

/** The record as it was first written: JSON.stringify of a record object, output_fields spliced in front. */
function recordByStringify(alert: NewAlert): string {
  const record = {
    id: alert.id,
    received_at: alert.receivedAt.toISOString(),
    event_time: alert.eventTime.toISOString(),
    rule: alert.rule,
    priority: alert.priority,
    priority_level: alert.priorityLevel,
    source: alert.source,
    hostname: alert.hostname,
    tags: alert.tags,
    output: alert.output,
    raw: alert.raw,
    fingerprint: alert.fingerprint,
    dedupe_key: alert.dedupeKey,
    origin: alert.origin,
    route: alert.route,
    channels: alert.channels,
    falco_target: alert.falcoTarget ?? null,
  };
  return `{"output_fields":${stringifyJson(alert.outputFields)},${JSON.stringify(record).slice(1)}`;
}

/** Any text, quotes, backslashes, control characters and astral characters included. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('"', '\\', '\n\t', '\u2028'),
);
const nullable = fc.option(text, { nil: null });
const date = fc.date({ min: new Date(0), max: new Date(253402300799000), noInvalidDate: true });
const fieldValue = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(text, fc.integer())),
);

const newAlert: fc.Arbitrary<NewAlert> = fc
  .record({
    id: text,
    receivedAt: date,
    eventTime: date,
    rule: text,
    priority: text,
    priorityLevel: fc.integer({ min: 0, max: 7 }),
    source: nullable,
    hostname: nullable,
    tags: fc.array(text),
    output: text,
    outputFields: fc.dictionary(text, fieldValue),
    raw: text,
    fingerprint: text,
    dedupeKey: nullable,
    origin: fc.constantFrom('falco', 'falcosidekick', 'manual', 'test'),
    route: nullable,
    channels: fc.array(text),
    falcoTarget: fc.option(nullable, { nil: undefined }),
  })
  .map((alert) => alert as NewAlert);

describe('alertRecordText', () => {
  it('writes the very text JSON.stringify of the record object wrote', () => {
    fc.assert(
      fc.property(newAlert, (alert) => {
        expect(alertRecordText(alert)).toBe(recordByStringify(alert));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an integer beyond 2^53 in output_fields digit for digit', () => {
    const [alert] = fc.sample(newAlert, { numRuns: 1, seed: 1 }) as [NewAlert];
    const record = parseJson(
      alertRecordText({ ...alert, outputFields: { 'evt.time': 1786584584319538044n } }),
    ) as { output_fields: Record<string, unknown> };
    expect(record.output_fields['evt.time']).toBe(1786584584319538044n);
  });
});
