import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  describeItemProblem,
  readAlertBatch,
  readAlerts,
  type ReadItem,
} from '../../../../src/falco/alert/read-alerts.js';
import {
  jsonFixtureFiles,
  readJsonFixture,
  readJsonFixtureText,
  readPlaintextLines,
  readSeedLine,
} from './fixtures.js';

const REJECTED = new Set(['005_falco-website_fake_rule.json', '023_falcosidekick_test_rule.json']);

function failures(items: readonly ReadItem[]): (ReadItem & { ok: false })[] {
  return items.filter((item): item is ReadItem & { ok: false } => !item.ok);
}

function rules(items: readonly ReadItem[]): string[] {
  return items.flatMap((item) => (item.ok && item.input.kind === 'json' ? [item.input.alert.rule] : []));
}

describe('readAlerts: JSON', () => {
  it.each(jsonFixtureFiles())('reads %s as one JSON document', (file) => {
    const result = readAlerts(readJsonFixtureText(file));
    expect(result.format).toBe('json');
    expect(result.items).toHaveLength(1);
    const [item] = result.items;
    expect(item?.ok).toBe(!REJECTED.has(file));
    if (item?.ok === false) {
      expect(item.value).toEqual(readJsonFixture(file));
      expect(describeItemProblem(item)).toMatch(/^"time": /);
    }
  });

  it('reads a JSON array with element indexes and lines', () => {
    const files = jsonFixtureFiles();
    const text = `[\n${files.map(readJsonFixtureText).join(',\n')}\n]`;
    const result = readAlerts(text);
    expect(result.format).toBe('json-array');
    expect(result.items).toHaveLength(33);
    expect(result.items.map((item) => item.index)).toEqual(files.map((_file, index) => index));
    const [fake, test] = failures(result.items);
    expect(fake?.index).toBe(4);
    expect(fake?.line).toBe(
      text.split('\n').findIndex((line) => line.includes('A more realistic test event')),
    );
    expect(fake?.location).toBe(`[4] (line ${fake?.line})`);
    expect(test?.index).toBe(22);
    expect(test && describeItemProblem(test)).toMatch(/^\[22\] \(line \d+\): "time": .*placeholder/);
  });

  it('reads NDJSON, keeping valid items and reporting each bad line', () => {
    const lines = jsonFixtureFiles().map((file) => JSON.stringify(readJsonFixture(file)));
    lines.splice(2, 0, '{"rule": "broken",', 'not json at all', '[1, 2]');
    const result = readAlerts(`${lines.join('\n')}\n`);
    // 'not json at all' is read as a text line without a header: identification will find no rule that prints it.
    expect(result.format).toBe('mixed');
    expect(rules(result.items)).toHaveLength(31);
    const text = result.items.find((item) => item.line === 4);
    expect(text?.ok && text.input.kind === 'text' && text.input.alert).toMatchObject({
      time: undefined,
      priority: undefined,
      message: 'not json at all',
    });
    expect(failures(result.items).map((item) => [item.line, item.problem.code])).toEqual([
      [3, 'not_json'],
      [5, 'not_an_object'],
      [5, 'not_an_object'],
      [8, 'time_invalid'], // 005 follows two good lines, three bad ones and 003, 004
      [26, 'time_placeholder'],
    ]);
    const intake = readAlertBatch(`${lines.join('\n')}\n`);
    expect(intake.format).toBe('ndjson');
    expect(failures(intake.items).map((item) => item.problem.code)).toEqual([
      'not_json',
      'not_json',
      'not_an_object',
      'not_an_object',
      'time_invalid',
      'time_placeholder',
    ]);
    expect(failures(intake.items)[0]?.problem.message).toMatch(/^not valid JSON at line 3, column \d+: /);
    expect(failures(intake.items)[1]?.problem.message).toBe(
      'expected a JSON alert object, got "not json at all"',
    );
  });

  it('reads pretty-printed documents one after another (jq output), with commas between tolerated', () => {
    const files = jsonFixtureFiles().slice(0, 4);
    const text = files.map(readJsonFixtureText).join(',\n');
    const result = readAlerts(text);
    expect(result.format).toBe('ndjson');
    expect(rules(result.items)).toEqual(files.map((file) => readJsonFixture(file)['rule']));
    expect(result.items[1]?.line).toBe(text.split('\n').indexOf('{', 1) + 1);
  });

  it('reports an unterminated document at its line and goes on with the next line', () => {
    const text = `{"rule": "x",\n${JSON.stringify(readJsonFixture('029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json'))}`;
    const result = readAlertBatch(text);
    expect(failures(result.items).map(describeItemProblem)).toEqual([
      'line 1: not valid JSON at line 1, column 1: Unterminated object: a `}` is missing',
    ]);
    expect(rules(result.items)).toEqual(['Read sensitive file untrusted']);
  });

  it('handles a byte-order mark, surrounding whitespace and empty input', () => {
    const body = `\uFEFF  \n\n${readJsonFixtureText('021_falco-website_terminal_shell_in_container.json')}\n\n  `;
    expect(readAlerts(body).items[0]?.ok).toBe(true);
    expect(readAlerts(body).items[0]?.line).toBe(3);
    expect(readAlerts(' \n\t')).toEqual({ format: 'empty', items: [] });
    expect(readAlertBatch('')).toEqual({ format: 'empty', items: [] });
  });
});

describe('readAlerts: bounded work', () => {
  it('stops after maxProblems invalid items and says where', () => {
    const good = JSON.stringify(
      readJsonFixture('029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json'),
    );
    const body = [good, ...Array.from({ length: 10 }, () => '{"rule":'), good].join('\n');
    const result = readAlertBatch(body, { maxProblems: 3 });
    expect(result.items.map((item) => (item.ok ? 'ok' : item.problem.code))).toEqual([
      'ok',
      'not_json',
      'not_json',
      'not_json',
      'too_many_problems',
    ]);
    const last = failures(result.items).at(-1);
    expect(last && describeItemProblem(last)).toBe(
      'line 5: stopped reading at line 5 after 3 invalid items; the rest was not read',
    );
    const array = readAlerts(`[${Array.from({ length: 5 }, () => '1').join(',')}]`, { maxProblems: 2 });
    expect(array.items.map((item) => (item.ok ? 'ok' : item.problem.code))).toEqual([
      'not_an_object',
      'not_an_object',
      'too_many_problems',
    ]);
  });
});

describe('readAlerts: Markdown', () => {
  const alert = JSON.stringify(
    readJsonFixture('030_thirdparty_read_sensitive_file_untrusted_host_0.44.1.json'),
  );

  it('reads JSON inside a fenced block and ignores the commentary around it', () => {
    const text = `can you explain this one?\n\`\`\`json\n${readJsonFixtureText('030_thirdparty_read_sensitive_file_untrusted_host_0.44.1.json')}\n\`\`\`\nthanks!`;
    const result = readAlerts(text);
    expect(result.format).toBe('json');
    expect(rules(result.items)).toEqual(['Read sensitive file untrusted']);
    expect(result.items[0]?.line).toBe(3);
  });

  it('reads a one-line fence, an unclosed fence and inline code', () => {
    expect(rules(readAlerts(`\`\`\`${alert}\`\`\``).items)).toHaveLength(1);
    expect(rules(readAlerts(`\`\`\`\n${alert}`).items)).toHaveLength(1);
    const seed = readSeedLine().trim();
    const inline = readAlerts(`\`${seed}\``);
    expect(inline.format).toBe('text');
    expect(
      inline.items[0]?.ok && inline.items[0].input.kind === 'text' && inline.items[0].input.alert.priority,
    ).toBe('Warning');
    const fenced = readAlerts(`Here:\n\`\`\`\n${seed}\n${seed}\n\`\`\``);
    expect(fenced.items.map((item) => [item.ok, item.line])).toEqual([
      [true, 3],
      [true, 4],
    ]);
  });

  it('does not look inside Markdown for intake', () => {
    const result = readAlertBatch(`\`\`\`${alert}\`\`\``);
    expect(result.items.map((item) => item.ok)).toEqual([false]);
  });
});

describe('readAlerts: text', () => {
  it('reads a Falco log: every real line, the seed line, and Falco’s own messages as skippable problems', () => {
    const log = [
      'Thu Jul 10 15:24:03 2026: Falco version: 0.44.1 (x86_64)',
      'Thu Jul 10 15:24:03 2026: Loading rules from file /etc/falco/falco_rules.yaml',
      ...readPlaintextLines().map(({ line }) => line),
      readSeedLine().trimEnd(),
    ].join('\n');
    const result = readAlerts(log);
    expect(result.format).toBe('text');
    expect(result.items).toHaveLength(66);
    expect(failures(result.items).map((item) => [item.line, item.problem.code])).toEqual([
      [1, 'falco_log_line'],
      [2, 'falco_log_line'],
    ]);
    expect(result.items.at(-1)?.line).toBe(66);
  });

  it('joins the continuation lines of a multi-line output to their alert', () => {
    const log = [
      '15:30:07.927586000: Warning K8s configmap with private credential (user=minikube-user config={',
      '  "password": "x"',
      '})',
      '16:31:56.746609046: Error File below a known binary directory opened for writing (user=root)',
    ].join('\n');
    const result = readAlerts(log);
    expect(result.items.map((item) => [item.ok, item.line])).toEqual([
      [true, 1],
      [true, 4],
    ]);
    const first = result.items[0];
    expect(first?.ok && first.input.kind === 'text' && first.input.alert.fields.at(-1)?.value).toBe(
      '{\n  "password": "x"\n}',
    );
  });

  it('reads a kubectl log line that starts with a bracket as text, not JSON', () => {
    const result = readAlerts(`[pod/falco-x/falco] ${readSeedLine().trim()}`);
    expect(result.format).toBe('text');
    expect(result.items[0]?.ok).toBe(true);
  });
});

describe('readAlerts: properties', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        for (const read of [readAlerts, readAlertBatch]) {
          const result = read(text);
          for (const item of result.items) expect(typeof item.line).toBe('number');
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on JSON-shaped text, and every JSON value that is not an alert gets a reason', () => {
    const piece = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.constantFrom('{', '}', '[', ']', ',', '\n', '"', '```', '`', '12:00:00.000000000: Warning x ('),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const result = readAlerts(pieces.join(''));
        for (const item of result.items) {
          if (!item.ok) expect(item.problem.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('reads N valid NDJSON alerts as N items on lines 1..N', () => {
    const alert = fc.record({
      rule: fc.string({ minLength: 1, maxLength: 30 }).filter((rule) => rule.trim() !== ''),
      priority: fc.constantFrom('Warning', 'info', 'CRITICAL'),
      time: fc.constant('2026-07-10T15:24:03.768877945Z'),
      output_fields: fc.dictionary(
        fc.string({ maxLength: 12 }),
        fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      ),
    });
    fc.assert(
      fc.property(fc.array(alert, { minLength: 1, maxLength: 8 }), (alerts) => {
        const result = readAlertBatch(alerts.map((value) => JSON.stringify(value)).join('\n'));
        expect(result.items.map((item) => [item.ok, item.index, item.line])).toEqual(
          alerts.map((_alert, index) => [true, index, alerts.length === 1 ? 1 : index + 1]),
        );
      }),
      { numRuns: 300 },
    );
  });
});
