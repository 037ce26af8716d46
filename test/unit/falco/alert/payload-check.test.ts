import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkPayload } from '../../../../src/falco/alert/payload-check.js';
import { falcoPayloadSchema } from '../../../../src/falco/alert/schema.js';
import { jsonFixtureFiles, readJsonFixture } from './fixtures.js';

const KNOWN = [
  'rule',
  'priority',
  'time',
  'output',
  'output_fields',
  'source',
  'hostname',
  'tags',
  'uuid',
  'message',
] as const;

/** Any value a key may hold, from JSON or from a programmatic caller, right or wrong for the schema. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.constantFrom('Warning', 'warn', ' INFO ', 'Critical', 'emerg', 'nope', ''),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.array(fc.string()),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
  fc.constant(new Array<string>(2)), // holes
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
  fc.constant(new Date(0)),
);

/** Mostly right per key, so that both answers (valid, invalid) are common. */
function keyValue(key: (typeof KNOWN)[number]): fc.Arbitrary<unknown> {
  const right: Record<(typeof KNOWN)[number], fc.Arbitrary<unknown>> = {
    rule: fc.string(),
    priority: fc.constantFrom('Warning', 'warning', ' Info ', 'ERR', 'Debug'),
    time: fc.oneof(fc.string(), fc.constant(null)),
    output: fc.oneof(fc.string(), fc.constant(null)),
    output_fields: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.constant(null)),
    source: fc.oneof(fc.string(), fc.constant(null)),
    hostname: fc.string(),
    tags: fc.oneof(fc.array(fc.string()), fc.constant(null)),
    uuid: fc.uuid(),
    message: fc.string(),
  };
  return fc.oneof({ arbitrary: right[key], weight: 10 }, { arbitrary: anyValue, weight: 1 });
}

const payload = fc
  .tuple(
    fc.record(Object.fromEntries(KNOWN.map((key) => [key, keyValue(key)])), {
      requiredKeys: ['rule', 'priority'],
    }),
    fc.dictionary(fc.string(), anyValue, { maxKeys: 3 }),
  )
  .map(([known, extra]) => ({ ...extra, ...known }));

function knownKeys(data: Readonly<Record<string, unknown>>): unknown[] {
  return KNOWN.map((key) => data[key]);
}

describe('checkPayload (the hot path) against falcoPayloadSchema (the definition)', () => {
  it('accepts exactly what the schema accepts, with the same values for the known keys', () => {
    fc.assert(
      fc.property(payload, (input) => {
        const checked = checkPayload(input);
        const parsed = falcoPayloadSchema.safeParse(input);
        expect(checked !== undefined).toBe(parsed.success);
        if (checked !== undefined && parsed.success) {
          expect(knownKeys(checked as unknown as Record<string, unknown>)).toEqual(knownKeys(parsed.data));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it.each(jsonFixtureFiles())('agrees with the schema on %s', (file) => {
    const input = readJsonFixture(file);
    const parsed = falcoPayloadSchema.safeParse(input);
    const checked = checkPayload(input);
    expect(checked !== undefined).toBe(parsed.success);
    if (checked !== undefined && parsed.success) {
      expect(knownKeys(checked as unknown as Record<string, unknown>)).toEqual(knownKeys(parsed.data));
    }
  });
});
