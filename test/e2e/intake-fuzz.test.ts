/**
 * Intake under random input, through the real endpoint of the real bot: random alerts (text with NULs, lone
 * surrogates, quotes, digit runs; integers beyond 2^53; lists; shapes beyond the limits; things that are not alerts)
 * in random bodies (one object, an array, NDJSON, a BOM, gzip or not, invalid UTF-8 inside a value). Whatever comes,
 * intake answers below 500 while the store is up, and every alert it accepted is stored exactly: its raw text as
 * sent (after UTF-8 decoding), its rule, host, tags, output and output fields as sent or in the documented escaped
 * form (a NUL or a lone surrogate as its JSON escape), every digit of every integer kept.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseJson } from '../../src/falco/alert/exact-json.js';
import { plainObject, sameJson, writeJson } from '../helpers/json-text.js';
import { INGEST_TOKEN, startTestBot, type TestBot } from './helpers/test-bot.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({
    slackOptions: { rateLimits: { postMessagePerChannel: false } },
    bot: { delivery: { channelIntervalMs: 10, pollMs: 50 } },
  });
});

afterAll(async () => {
  await t.stop();
});

/** Where random bytes go at the byte level (bytes that keep the JSON string a string: no quote, backslash, control). */
const BYTES_MARK = '@@BYTES@@';

const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '\udfff',
    '\ud83d\ude00',
    '"',
    '\\',
    '\n',
    '\u2028',
    'é',
    '12345678901234567890',
  ),
);
const text = fc.array(piece, { maxLength: 4 }).map((parts) => parts.join(''));
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const fieldKey = fc.oneof(
  fc.constantFrom('proc.name', 'evt.time', 'fd.name', 'proc.aname_2', '__proto__'),
  text,
);
const fields = fc.dictionary(fieldKey, fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), { maxKeys: 6 });

interface Generated {
  readonly rule: string;
  readonly priority: string;
  readonly time: string;
  readonly output: string;
  readonly hostname: string;
  readonly tags: readonly string[];
  readonly fields: Record<string, unknown>;
  /** `bytes`: a field whose value is random bytes; `deep`, `wide`, `junk`: refused shapes. */
  readonly shape: 'plain' | 'bytes' | 'deep' | 'wide' | 'junk';
  readonly bytes: Uint8Array;
  readonly junk: string;
}

const generated: fc.Arbitrary<Generated> = fc.record({
  rule: fc.oneof(
    { weight: 9, arbitrary: text },
    { weight: 1, arbitrary: fc.constant(`R${'é'.repeat(600)}`) },
  ),
  priority: fc.constantFrom('Warning', 'critical', 'info', 'Severe'),
  time: fc.constantFrom('2026-08-13T01:29:44.319538044Z', '2026-08-13 01:29:44+0200', 'not a time'),
  output: text,
  hostname: text,
  tags: fc.array(text, { maxLength: 3 }),
  fields,
  shape: fc.constantFrom('plain', 'plain', 'plain', 'bytes', 'bytes', 'deep', 'wide', 'junk'),
  bytes: fc
    .uint8Array({ min: 0x20, max: 0xff, maxLength: 12 })
    .map((bytes) => bytes.filter((b) => b !== 0x22 && b !== 0x5c)),
  junk: fc.json(),
});

/** The alert object for one item; `uuid` tracks it in the store. */
function alertObject(item: Generated, uuid: string): unknown {
  if (item.shape === 'junk') return JSON.parse(item.junk);
  const extra: [string, unknown][] =
    item.shape === 'bytes'
      ? [['fuzz.bytes', BYTES_MARK]]
      : item.shape === 'deep'
        ? [['fuzz.deep', JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`)]]
        : item.shape === 'wide'
          ? Array.from({ length: 1001 }, (_, index): [string, unknown] => [`evt.arg.a${index}`, index])
          : [];
  return plainObject([
    ['rule', item.rule],
    ['priority', item.priority],
    ['time', item.time],
    ['output', item.output],
    ['hostname', item.hostname],
    ['tags', item.tags],
    ['uuid', uuid],
    ['output_fields', plainObject([...Object.entries(item.fields), ...extra])],
  ]);
}

/** The documented escaped form: a NUL or a lone surrogate as its JSON escape. */
function escaped(value: string): string {
  return value.replace(
    /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** What the store must hold for an output field value: strings escaped, numbers exact (bigints as bigints). */
function expectedValue(value: unknown): unknown {
  if (typeof value === 'string') return escaped(value);
  if (Array.isArray(value)) return value.map(expectedValue);
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value ? Number(value) : value;
  return value;
}

interface Sent {
  readonly uuid: string;
  readonly raw: string;
  readonly item: Generated;
  /** The random bytes as the bot decodes them (a U+FFFD for each invalid sequence). */
  readonly decoded: string;
}

/** Whether the alert is one intake must store: a valid alert within the limits, whatever its text holds. */
function acceptable(item: Generated): boolean {
  return (
    (item.shape === 'plain' || item.shape === 'bytes') &&
    item.priority !== 'Severe' &&
    item.time !== 'not a time' &&
    item.rule.trim() !== '' &&
    Buffer.byteLength(item.rule) <= 1024
  );
}

let run = 0;

describe('intake under random input', () => {
  it('never answers 5xx while the store is up, and stores every accepted alert exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(generated, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('single', 'array', 'ndjson'),
        fc.constantFrom('', ' ', '\n  '),
        fc.boolean(),
        fc.boolean(),
        async (items, format, space, gzip, bom) => {
          run += 1;
          const sent: Sent[] = items.map((item, index) => {
            const uuid = `fuzz-${run}-${index}`;
            const decoded = Buffer.from(item.bytes).toString('utf8');
            // A function, not the text: `$$` or `$&` in the bytes are not replacement patterns.
            const raw = writeJson(alertObject(item, uuid), space).replace(BYTES_MARK, () => decoded);
            return { uuid, raw, item, decoded };
          });
          const texts = sent.map((entry) => writeJson(alertObject(entry.item, entry.uuid), space));
          // `single`: one object, or several one after another on a line (as `jq -c` pastes them).
          const joined =
            format === 'single'
              ? ` ${texts.join(' ')}\n`
              : format === 'array'
                ? `[${texts.join(`,${space}`)}]`
                : texts.join('\n');
          // The random bytes go in at the byte level, where invalid UTF-8 can be.
          const body = Buffer.concat(
            `${bom ? '\ufeff' : ''}${joined}`
              .split(BYTES_MARK)
              .flatMap((part, index) =>
                index === 0
                  ? [Buffer.from(part)]
                  : [
                      Buffer.from(items.filter((item) => item.shape === 'bytes')[index - 1]?.bytes ?? []),
                      Buffer.from(part),
                    ],
              ),
          );

          const response = await fetch(`${t.bot.url}/falco/alerts`, {
            method: 'POST',
            headers: {
              'content-type': format === 'ndjson' ? 'application/x-ndjson' : 'application/json',
              authorization: `Bearer ${INGEST_TOKEN}`,
              ...(gzip ? { 'content-encoding': 'gzip' } : {}),
            },
            body: gzip ? gzipSync(body) : body,
          });
          const answer = (await response.json()) as { stored?: number; accepted?: number };

          expect(response.status).toBeLessThan(500);
          expect([202, 400]).toContain(response.status);
          let found = 0;
          // Junk carries no uuid to find it by (and an empty array in a stream is no item at all).
          for (const entry of sent.filter((candidate) => candidate.item.shape !== 'junk')) {
            const { rows } = await t.bot.store.db.query<Record<string, unknown>>(
              `SELECT rule, hostname, tags, output, raw, output_fields::text AS fields FROM alerts WHERE dedupe_key = $1`,
              [entry.uuid],
            );
            const row = rows[0];
            if (row === undefined) {
              expect(response.status).toBe(400);
              // A line that starts with junk is one invalid item, whatever follows on it (the reader's rule).
              if (!(format === 'single' && items.some((item) => item.shape === 'junk')))
                expect(acceptable(entry.item)).toBe(false);
              continue;
            }
            found += 1;
            const bytesField = entry.item.shape === 'bytes' ? [['fuzz.bytes', entry.decoded] as const] : [];
            expect(row).toEqual({
              rule: escaped(entry.item.rule),
              hostname: entry.item.hostname === '' ? null : escaped(entry.item.hostname),
              tags: entry.item.tags.map(escaped),
              output: escaped(entry.item.output),
              raw: entry.raw,
              fields: row.fields,
            });
            const expectedFields = plainObject(
              [...Object.entries(entry.item.fields), ...bytesField].map(([key, value]) => [
                escaped(key),
                expectedValue(value),
              ]),
            );
            expect(sameJson(parseJson(String(row.fields)), expectedFields)).toBe(true);
          }
          expect(found).toBe(answer.stored ?? 0);
          expect(found).toBe(answer.accepted ?? 0);
          // A 202 stored every alert; junk got one only by being no item at all (an empty array in the stream).
          if (response.status === 202)
            expect(found).toBe(sent.filter((entry) => entry.item.shape !== 'junk').length);
        },
      ),
      { numRuns: 150 },
    );
    expect((await fetch(`${t.bot.url}/readyz`)).status).toBe(200);
  }, 120_000);

  it('answers random bytes, gzip-encoded or claimed to be, below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('none', 'gzip', 'claimed'),
        async (bytes, encoding) => {
          const response = await fetch(`${t.bot.url}/falco/alerts`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${INGEST_TOKEN}`,
              ...(encoding === 'none' ? {} : { 'content-encoding': 'gzip' }),
            },
            body: encoding === 'gzip' ? gzipSync(bytes) : bytes,
          });
          await response.arrayBuffer();

          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });
});
