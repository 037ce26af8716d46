import { describe, expect, it } from '@jest/globals';
import { parseAlert, type Alert } from '../../../../src/falco/alert/schema.js';
import type { AlertProblem } from '../../../../src/falco/alert/alert-problem.js';
import { jsonFixtureFiles, readJsonFixture, readManifest } from './fixtures.js';

function accept(input: unknown, options?: Parameters<typeof parseAlert>[1]): Alert {
  const result = parseAlert(input, options);
  if (!result.ok) throw new Error(`expected the alert to be accepted, got: ${result.error.message}`);
  return result.value;
}

function reject(input: unknown, options?: Parameters<typeof parseAlert>[1]): AlertProblem {
  const result = parseAlert(input, options);
  if (result.ok) throw new Error('expected the alert to be rejected');
  return result.error;
}

const minimal = {
  rule: 'Read sensitive file untrusted',
  priority: 'Warning',
  time: '2026-08-13T01:29:44.319538044Z',
  output_fields: { 'proc.name': 'cat' },
};

/** The decision for every malformed fixture, with the reason a sender must see. */
const REJECTED: Record<string, { code: string; field: string; message: RegExp }> = {
  '005_falco-website_fake_rule.json': {
    code: 'time_invalid',
    field: 'time',
    message: /^"time": expected an RFC 3339 timestamp such as .*, got "2021-04-13T20:58:00\.746609046Z\+2"$/,
  },
  '023_falcosidekick_test_rule.json': {
    code: 'time_placeholder',
    field: 'time',
    message: /^"time": expected a timestamp .* got the unrendered template placeholder "` \+ time\.Now\(\)/,
  },
};

describe('parseAlert on every JSON fixture', () => {
  const manifest = new Map(readManifest().map((entry) => [entry.file, entry]));

  it('has a manifest entry for each of the 33 fixtures', () => {
    expect(jsonFixtureFiles()).toHaveLength(33);
    for (const file of jsonFixtureFiles()) expect(manifest.has(file)).toBe(true);
  });

  it.each(jsonFixtureFiles())('%s is accepted or rejected as intended', (file) => {
    const input = readJsonFixture(file);
    const expected = REJECTED[file];
    if (expected !== undefined) {
      const problem = reject(input);
      expect(problem.code).toBe(expected.code);
      expect(problem.field).toBe(expected.field);
      expect(problem.message).toMatch(expected.message);
      return;
    }
    const alert = accept(input);
    const entry = manifest.get(file);
    expect(alert.rule).toBe(entry?.rule);
    const defaultSource = alert.rule === 'Test rule' ? 'internal' : 'syscall';
    expect(alert.source).toBe(entry?.source === 'syscalls' ? 'syscall' : (entry?.source ?? defaultSource));
    expect(alert.priority).toBe(input['priority']);
    expect(alert.time.iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    expect(Object.keys(alert.outputFields)).toEqual(Object.keys(input['output_fields'] as object));
    expect((JSON.parse(JSON.stringify(alert)) as Alert).time).toEqual(alert.time); // plain JSON data, storable
  });
});

describe('parseAlert: fixture details', () => {
  it('keeps the exact nanosecond instant of a 0.44.1 alert (029)', () => {
    const alert = accept(
      readJsonFixture('029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json'),
    );
    expect(alert.time.epochNs).toBe('1786584584319538044');
    expect(alert.time.epochMs).toBe(1786584584319);
    expect(new Date(alert.time.epochMs).toISOString()).toBe('2026-08-13T01:29:44.319Z');
    expect(alert.fields['k8s.ns.name']).toBeNull();
    expect(alert.fields['proc.tty']).toBe(0);
    expect(alert.tags).toContain('mitre_credential_access');
    expect(alert.message).toMatch(
      /^Sensitive file opened for reading by non-trusted program \| file=\/etc\/shadow/,
    );
    expect(alert.hostname).toBe('colima-detonate-probe');
  });

  it('pads an eight-digit fraction (011)', () => {
    const alert = accept(readJsonFixture('011_falco-website_terminal_shell_in_container.json'));
    expect(alert.time.iso).toBe('2021-01-11T23:46:19.823027590Z');
    expect(alert.notes.map((note) => note.code)).toContain('source_defaulted');
  });

  it('reads proc.aname[N] keys and null values (032)', () => {
    const alert = accept(readJsonFixture('032_thirdparty_read_sensitive_file_untrusted_iso8601.json'));
    expect(alert.fields['proc.aname[2]']).toBe('systemd');
    expect(alert.fields['proc.aname[3]']).toBeNull();
    expect(alert.nonFalcoFieldKeys).toEqual([]);
  });

  it("restores keys rewritten by Falcosidekick's bracketreplacer and keeps the originals", () => {
    const input = readJsonFixture('032_thirdparty_read_sensitive_file_untrusted_iso8601.json');
    const fields = input['output_fields'] as Record<string, unknown>;
    const rewritten = Object.fromEntries(
      Object.entries(fields).map(([key, value]) => [key.replaceAll(']', '').replaceAll('[', '_'), value]),
    );
    const alert = accept({ ...input, output_fields: { ...rewritten, 'ka.uri.param_command': 'sh' } });
    expect(alert.outputFields['proc.aname_2']).toBe('systemd');
    expect(alert.fields['proc.aname[2]']).toBe('systemd');
    expect(alert.fields['ka.uri.param[command]']).toBe('sh');
    expect(alert.restoredKeys['proc.aname[4]']).toBe('proc.aname_4');
    expect(alert.fields['proc.exepath']).toBe('/bin/busybox'); // not an argument field: untouched
    expect(alert.notes.filter((note) => note.code === 'key_restored')).toHaveLength(4);
    const withDash = accept({ ...minimal, output_fields: { 'proc.aname-2': 'x' } }, { bracketReplacer: '-' });
    expect(withDash.fields['proc.aname[2]']).toBe('x');
    const off = accept({ ...minimal, output_fields: { 'proc.aname_2': 'x' } }, { bracketReplacer: '' });
    expect(off.fields['proc.aname[2]']).toBeUndefined();
  });

  it('keeps odd keys and string numbers of internal events (024, 025) and marks them as non-Falco fields', () => {
    const alert = accept(readJsonFixture('025_falcosidekick_falco_internal_syscall_event_drop.json'));
    expect(alert.fields['ebpf/enabled']).toBe('1');
    expect(alert.fields['n drops/buffer?clone{fork]enter']).toBe('0');
    expect(alert.nonFalcoFieldKeys).toEqual([
      'ebpf/enabled',
      'n drops/buffer?clone{fork]enter',
      'n_drops_buffer_clone_fork_exit',
    ]);
    const numeric = accept(readJsonFixture('026_falcosidekick_falco_internal_syscall_event_drop.json'));
    expect(numeric.fields['n_drops']).toBe(815508);
  });

  it("reads Falcosidekick's source spellings (027, 028) without overriding a given source", () => {
    const plural = accept(readJsonFixture('027_falcosidekick_test_rule.json'));
    expect(plural.source).toBe('syscall');
    expect(plural.original.source).toBe('syscalls');
    expect(plural.notes.map((note) => note.code)).toContain('source_spelling');
    const test = accept(readJsonFixture('028_falcosidekick_test_rule.json'));
    expect(test.source).toBe('internal');
    expect(test.nonFalcoFieldKeys).toEqual(['hostname']);
    const debug = accept(readJsonFixture('023_falcosidekick_test_rule.json'), {
      fallbackTime: Date.UTC(2026, 0, 2),
    });
    expect(debug.source).toBe('debug');
  });

  it('accepts a malformed or placeholder time only when the caller supplies a fallback, with a note (005, 023)', () => {
    const alert = accept(readJsonFixture('005_falco-website_fake_rule.json'), {
      fallbackTime: Date.UTC(2026, 0, 2),
    });
    expect(alert.time.iso).toBe('2026-01-02T00:00:00.000000000Z');
    expect(alert.original.time).toBe('2021-04-13T20:58:00.746609046Z+2');
    const fallback = alert.notes.find((note) => note.code === 'time_fallback');
    expect(fallback?.message).toMatch(/^"time": expected an RFC 3339 timestamp.*used the fallback time/);
  });
});

describe('parseAlert: priority', () => {
  it.each([
    ['info', 'Informational', 1],
    ['Info', 'Informational', 1],
    ['informational', 'Informational', 1],
    ['WARNING', 'Warning', 3],
    ['emergency', 'Emergency', 7],
  ])('normalises %j to %s (severity %d) and notes the spelling', (text, priority, severity) => {
    const alert = accept({ ...minimal, priority: text });
    expect(alert.priority).toBe(priority);
    expect(alert.severity).toBe(severity);
    expect(alert.original.priority).toBe(text);
    expect(alert.notes.some((note) => note.code === 'priority_spelling')).toBe(true);
  });

  it('rejects an unknown priority naming the field, the choices and the value', () => {
    const problem = reject({ ...minimal, priority: 'Severe' });
    expect(problem.code).toBe('priority_invalid');
    expect(problem.field).toBe('priority');
    expect(problem.message).toBe(
      '"priority": expected one of Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug, got "Severe"',
    );
  });

  it('rejects a missing or non-string priority', () => {
    const { priority: _priority, ...rest } = minimal;
    expect(reject(rest)).toMatchObject({ code: 'missing', field: 'priority' });
    expect(reject({ ...minimal, priority: 4 }).message).toBe('"priority": expected a string, got a number');
  });
});

describe('parseAlert: time', () => {
  it.each([
    ['2026-07-10T15:24:03.768877945+00:00', '2026-07-10T15:24:03.768877945Z'],
    ['2026-07-10T17:24:03.768877945+0200', '2026-07-10T15:24:03.768877945Z'],
    ['2026-07-10T15:24:03Z', '2026-07-10T15:24:03.000000000Z'],
    ['2026-07-10 15:24:03.5z', '2026-07-10T15:24:03.500000000Z'],
    ['2026-07-10T00:30:00.000000001-01:00', '2026-07-10T01:30:00.000000001Z'],
  ])('reads %s as %s', (time, iso) => {
    expect(accept({ ...minimal, time }).time.iso).toBe(iso);
  });

  it.each([
    ['2026-13-10T15:24:03Z', 'time_invalid'],
    ['2026-02-30T15:24:03Z', 'time_invalid'],
    ['2026-07-10T15:24:03.1234567891Z', 'time_invalid'],
    ['yesterday', 'time_invalid'],
    ['0001-01-01T00:00:00Z', 'time_invalid'],
    ['{{ .Time }}', 'time_placeholder'],
    ['${time}', 'time_placeholder'],
  ])('rejects %j with %s', (time, code) => {
    const problem = reject({ ...minimal, time });
    expect(problem.code).toBe(code);
    expect(problem.field).toBe('time');
    expect(problem.message).toContain(JSON.stringify(time));
  });

  it("explains Go's zero time", () => {
    expect(reject({ ...minimal, time: '0001-01-01T00:00:00Z' }).message).toMatch(/Go's zero time/);
  });

  it('takes a missing time from output_fields evt.time, else rejects it', () => {
    const { time: _time, ...rest } = minimal;
    const alert = accept({ ...rest, output_fields: { 'evt.time': 1786584584319538044 } });
    expect(alert.time.iso.slice(0, 23)).toBe('2026-08-13T01:29:44.319');
    expect(alert.notes.map((note) => note.code)).toContain('time_from_evt_time');
    expect(reject(rest)).toMatchObject({ code: 'missing', field: 'time' });
    expect(reject({ ...minimal, time: 1786584584 }).message).toBe('"time": expected a string, got a number');
  });
});

describe('parseAlert: structure', () => {
  it.each([
    [[], 'an array'],
    ['{"rule":"x"}', 'a string'],
    [null, 'null'],
    [42, 'a number'],
  ])('rejects a non-object (%j)', (input, what) => {
    const problem = reject(input);
    expect(problem.code).toBe('not_an_object');
    expect(problem.message).toBe(`expected a JSON object (one Falco alert), got ${what}`);
  });

  it('rejects a missing or empty rule with the reason', () => {
    const { rule: _rule, ...rest } = minimal;
    expect(reject(rest).message).toBe('"rule": missing; every Falco alert names the rule that fired');
    expect(reject({ ...minimal, rule: '  ' })).toMatchObject({ code: 'empty', field: 'rule' });
  });

  it('reports every problem at once', () => {
    const problem = reject({ priority: 'Severe', time: 'never', tags: ['ok', 3], output_fields: [] });
    expect(problem.issues.map((issue) => issue.field)).toEqual([
      'rule',
      'priority',
      'output_fields',
      'tags[1]',
      'time',
    ]);
    expect(problem.message).toContain('"tags[1]": expected a string, got a number');
    expect(problem.message).toContain('"output_fields": expected an object, got an array');
  });

  it('does not blame the time when it can come from evt.time and another key is wrong', () => {
    const problem = reject({
      rule: 'r',
      priority: 'Severe',
      output_fields: { 'evt.time': 1786584584319538044 },
    });
    expect(problem.issues.map((issue) => issue.field)).toEqual(['priority']);
  });

  it('accepts absent output_fields, output, source, hostname and tags, and null for optional keys', () => {
    const alert = accept({
      rule: 'r',
      priority: 'Notice',
      time: '2026-01-01T00:00:00Z',
      output_fields: null,
      hostname: null,
      tags: null,
    });
    expect(alert.fields).toEqual({});
    expect(alert.tags).toEqual([]);
    expect(alert.hostname).toBeUndefined();
    expect(alert.output).toBeUndefined();
    expect(alert.message).toBeUndefined();
    expect(alert.notes.map((note) => note.code)).toEqual(
      expect.arrayContaining(['output_fields_missing', 'source_defaulted']),
    );
  });

  it('keeps unknown top-level keys, uuid and Falco’s message key', () => {
    const alert = accept({
      ...minimal,
      uuid: '3f4e',
      message: 'Sensitive file opened',
      output: '08:29:44.319538044: Warning Sensitive file opened',
      custom: { nested: [1] },
    });
    expect(alert.uuid).toBe('3f4e');
    expect(alert.message).toBe('Sensitive file opened');
    expect(alert.extra).toEqual({ custom: { nested: [1] } });
  });

  it('derives the message from the output header, or keeps an output without one', () => {
    expect(
      accept({ ...minimal, output: '2026-07-10T15:24:03.768877945+0000: Warning A | b=c' }).message,
    ).toBe('A | b=c');
    expect(accept({ ...minimal, output: 'Falco metrics snapshot' }).message).toBe('Falco metrics snapshot');
  });

  it('treats hostile keys as ordinary fields', () => {
    const input = JSON.parse(
      '{"rule":"r","priority":"Debug","time":"2026-01-01T00:00:00Z",' +
        '"output_fields":{"__proto__":"x","constructor":"y"}}',
    ) as unknown;
    const alert = accept(input);
    expect(alert.fields['__proto__']).toBe('x');
    expect(alert.fields['constructor']).toBe('y');
    expect(Object.hasOwn(alert.fields, 'toString') || 'toString' in alert.fields).toBe(false);
    expect(Object.keys(alert.fields)).toEqual(['__proto__', 'constructor']);
  });

  it('keeps nested objects as JSON text and flags Falcosidekick-truncated values', () => {
    const truncated = `${'a'.repeat(507)}[...]`;
    const alert = accept({
      ...minimal,
      output_fields: { 'json.value[/a]': { b: 1 }, 'proc.cmdline': truncated },
    });
    expect(alert.fields['json.value[/a]']).toBe('{"b":1}');
    expect(alert.truncatedFieldKeys).toEqual(['proc.cmdline']);
    expect(alert.notes.map((note) => note.code)).toEqual(
      expect.arrayContaining(['value_converted', 'value_truncated_upstream']),
    );
  });

  it('merges custom fields as Falcosidekick does (overwriting) and marks them', () => {
    const alert = accept(
      { ...minimal, output_fields: { cluster: 'old', 'proc.name': 'cat' } },
      {
        customFields: { cluster: 'prod-eu' },
      },
    );
    expect(alert.fields['cluster']).toBe('prod-eu');
    expect(alert.nonFalcoFieldKeys).toEqual(['cluster']);
  });
});
