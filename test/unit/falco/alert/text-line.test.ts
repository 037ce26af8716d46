import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PRIORITIES } from '../../../../src/falco/alert/priority.js';
import {
  findHeaders,
  parseHeaderless,
  parseTextLine,
  splitOutputHeader,
  type TextAlert,
} from '../../../../src/falco/alert/text-line.js';
import { readJsonFixture, readPlaintextLines, readSeedLine } from './fixtures.js';

function parsed(line: string): TextAlert {
  const result = parseTextLine(line);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(line)} to parse: ${result.error.message}`);
  return result.value;
}

function pairs(list: readonly { key: string; value: string }[]): string[][] {
  return list.map(({ key, value }) => [key, value]);
}

describe('parseTextLine on real lines', () => {
  const lines = readPlaintextLines();

  it('has the 63 lines of plaintext.json', () => {
    expect(lines).toHaveLength(63);
  });

  it.each(lines.map(({ line, path, lineno }) => [`${path}:${lineno}`, line]))('%s parses', (_where, line) => {
    const alert = parsed(line);
    expect(alert.logPrefix).toBe('');
    expect(line.endsWith(alert.message)).toBe(true);
    expect(alert.message.startsWith(alert.ruleOutput)).toBe(true);
    for (const field of [...alert.fields, ...alert.appendedFields]) {
      expect(alert.message.slice(field.valueStart, field.end)).toBe(field.value);
      expect(alert.message.slice(field.start, field.valueStart)).toBe(`${field.key}=`);
    }
  });

  it('reads the how-to line (seed-titanagent.txt): priority, message, fields, appended text', () => {
    const alert = parsed(readSeedLine());
    expect(alert.priority).toBe('Warning');
    expect(alert.time).toEqual({
      kind: 'time-of-day',
      raw: '20:46:45.519621929',
      hour: 20,
      minute: 46,
      second: 45,
      nanos: '519621929',
    });
    expect(alert.style).toBe('parenthesised');
    expect(alert.ruleOutput).toBe(
      'Sensitive file opened for reading by non-trusted program (user=<NA> program=titanagent ' +
        'command=titanagent -d file=/etc/shadow parent=<NA> gparent=<NA> ggparent=<NA> gggparent=<NA> ' +
        'container_id=host image=<NA>)',
    );
    expect(alert.message.startsWith(`${alert.ruleOutput} k8s.ns=<NA>`)).toBe(true);
    expect(alert.appended).toBe(
      'k8s.ns=<NA> k8s.pod=<NA> container=host k8s.ns=<NA> k8s.pod=<NA> container=host k8s.ns=<NA> k8s.pod=<NA> container=host',
    );
    expect(pairs(alert.fields).slice(0, 4)).toEqual([
      ['user', '<NA>'],
      ['program', 'titanagent'],
      ['command', 'titanagent -d'],
      ['file', '/etc/shadow'],
    ]);
    expect(alert.appendedFields).toHaveLength(9);
  });

  it('splits the container plugin fields off a piped 0.44 output (029)', () => {
    const alert = parsed(
      readJsonFixture('029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json')[
        'output'
      ] as string,
    );
    expect(alert.style).toBe('piped');
    expect(alert.ruleOutput.endsWith('command=cat /etc/shadow terminal=0')).toBe(true);
    expect(alert.appended).toBe(
      'container_id=01cdef08d09b container_name=reverent_mahavira container_image_repository=alpine container_image_tag=latest',
    );
    expect(pairs(alert.fields)[0]).toEqual(['file', '/etc/shadow']);
  });

  it('reads the ISO 8601 variant and splits appended text after a parenthesised output (033)', () => {
    const alert = parsed(readJsonFixture('033_thirdparty_custom_rule_write_tmp.json')['output'] as string);
    expect(alert.time?.kind).toBe('instant');
    if (alert.time?.kind === 'instant') expect(alert.time.time.epochNs).toBe('1783697730407165340');
    expect(alert.ruleOutput).toBe(
      'Write to /tmp by container (user=root container=lab9-target fd=/tmp/my-write2.txt cmd=sh -lc echo "test2" > /tmp/my-write2.txt)',
    );
    expect(pairs(alert.fields).at(-1)).toEqual(['cmd', 'sh -lc echo "test2" > /tmp/my-write2.txt']);
    expect(alert.appendedFields.map((field) => field.key)).toEqual([
      'container_id',
      'container_name',
      'container_image_repository',
      'container_image_tag',
      'k8s_pod_name',
      'k8s_ns_name',
    ]);
  });

  it('picks the parenthesis that holds the fields, not one in the title', () => {
    const alert = parsed(
      '18:43:37.288344192: Notice Namespace change (setns) by unexpected program (user=root command=amicontained) k8s.ns=default',
    );
    expect(pairs(alert.fields)).toEqual([
      ['user', 'root'],
      ['command', 'amicontained'],
    ]);
    expect(alert.appended).toBe('k8s.ns=default');
  });

  it('reads labels with spaces and comma separators', () => {
    const alert = parsed(
      '00:40:32.000000000: Critical Detected a console login without MFA (requesting user=bob.user, requesting IP=192.0.2.24, AWS region=us-east-1)',
    );
    expect(pairs(alert.fields)).toEqual([
      ['requesting user', 'bob.user'],
      ['requesting IP', '192.0.2.24'],
      ['AWS region', 'us-east-1'],
    ]);
  });

  it('leaves a message without a field list whole', () => {
    const alert = parsed(
      '14:44:21.721357000: Notice The wallet bc1q sent 96.78 BTC to (bc1q4,bc1qf) in the transaction aab6',
    );
    expect(alert.style).toBe('plain');
    expect(alert.ruleOutput).toBe(alert.message);
    expect(alert.fields).toEqual([]);
  });
});

describe('parseTextLine: prefixes and variants', () => {
  const alertText = '20:46:45.519621929: Warning Sensitive file opened (user=root file=/etc/shadow)';

  it.each([
    ['kubectl logs --timestamps', '2026-07-10T15:24:03.768877945Z '],
    ['kubectl logs --prefix', '[pod/falco-xczjd/falco] '],
    ['journald / syslog', 'Jul 10 15:24:03 node-1 falco[1234]: '],
    ['syslog without pid', 'Jul 10 15:24:03 node-1 falco: '],
    ['docker compose', 'falco-1  | '],
    ['Markdown bullet', '* '],
    ['Markdown quote', '> '],
    ['a bare star', '*'],
  ])('tolerates a %s prefix', (_name, prefix) => {
    const alert = parsed(prefix + alertText);
    expect(alert.logPrefix).toBe(prefix);
    expect(alert.priority).toBe('Warning');
    expect(alert.ruleOutput).toBe('Sensitive file opened (user=root file=/etc/shadow)');
  });

  it.each([
    ['grep -n', '123:'],
    ['grep -n over files', 'falco.log:123:'],
    ['a word glued to the time', 'xyz'],
    ['digits glued to the time', '99'],
    ['a collector timestamp without a blank', '2026-07-10T15:24:03Z|'],
    ['junk with a header of an unknown priority', '12:00:00.000000000: Severe nope '],
    ['junk with an impossible time', '25:00:00.000000000: Warning nope '],
  ])('skips %s before the header', (_name, prefix) => {
    const alert = parsed(prefix + alertText);
    expect(alert.logPrefix).toBe(prefix);
    expect(alert.time).toMatchObject({ raw: '20:46:45.519621929' });
    expect(alert.ruleOutput).toBe('Sensitive file opened (user=root file=/etc/shadow)');
  });

  it('reads six-digit fractions, any priority case and Windows line ends', () => {
    const alert = parsed('09:15:40.698757: WARNING Disallowed outbound\r\n');
    expect(alert.priority).toBe('Warning');
    expect(alert.message).toBe('Disallowed outbound');
    expect(alert.time).toMatchObject({ kind: 'time-of-day', nanos: '698757000' });
  });

  it('keeps continuation lines of a multi-line output in the message', () => {
    const alert = parsed(
      '15:30:07.927586000: Warning K8s configmap with private credential (config={\n  "a": "b"\n})',
    );
    expect(alert.message).toBe('K8s configmap with private credential (config={\n  "a": "b"\n})');
    expect(pairs(alert.fields)).toEqual([['config', '{\n  "a": "b"\n}']]);
  });

  it('finds the header of a JSON output string', () => {
    expect(splitOutputHeader('13:44:05.478445995: Critical A shell (user=root)')).toMatchObject({
      priority: 'Critical',
      message: 'A shell (user=root)',
    });
    expect(splitOutputHeader('Falco metrics snapshot')).toBeUndefined();
    expect(splitOutputHeader('x 13:44:05.478445995: Critical A')).toBeUndefined();
  });
});

describe('findHeaders', () => {
  it('lists every valid header of a text, where a collector joined alerts', () => {
    const first = '20:46:45.519621929: Warning Sensitive file opened (user=root)';
    const second = '2026-07-10T15:24:03.768877945+0000: Notice A shell (user=x)';
    const text = `${first}${second} 13:44:05.1: Severe not a priority`;
    const headers = findHeaders(text);
    expect(
      headers.map((header) => [header.start, header.priority, text.slice(header.end, header.end + 5)]),
    ).toEqual([
      [0, 'Warning', 'Sensi'],
      [first.length, 'Notice', 'A she'],
    ]);
  });
});

describe('lines without a header', () => {
  const output = 'Sensitive file opened for reading by non-trusted program | file=/etc/shadow user=root';

  it('are not alert lines unless asked for', () => {
    expect(parseTextLine(output)).toMatchObject({ ok: false, error: { code: 'not_an_alert_line' } });
    expect(parseTextLine(output, { headerless: true })).toMatchObject({
      ok: true,
      value: { time: undefined, priority: undefined, message: output, style: 'piped' },
    });
  });

  it.each([
    ['Warning ', 'Warning'],
    ['WARNING: ', 'Warning'],
    ['[warn] ', 'Warning'],
    ['Informational ', 'Informational'],
  ])('read a leading priority word %j', (word, priority) => {
    const alert = parseHeaderless(word + output, { priorityWord: true });
    expect(alert).toMatchObject({ time: undefined, priority, message: output });
    expect(pairs(alert.fields)[0]).toEqual(['file', '/etc/shadow']);
  });

  it('keep the first word when asked to, or when it is not a priority', () => {
    expect(parseHeaderless(`Warning ${output}`, { priorityWord: false })).toMatchObject({
      priority: undefined,
      message: `Warning ${output}`,
    });
    expect(parseHeaderless(`Sensitive ${output}`, { priorityWord: true }).priority).toBeUndefined();
  });

  it('drop a Markdown or Slack bullet or quote before the output', () => {
    expect(parseHeaderless(`> • ${output}`, { priorityWord: true })).toMatchObject({
      logPrefix: '> • ',
      message: output,
    });
  });

  it('still refuse a header with a bad priority, and Falco log lines', () => {
    expect(parseTextLine('13:44:05.478445995: Severe A shell', { headerless: true }).ok).toBe(false);
    expect(parseTextLine('Thu Jul 10 15:24:03 2026: Falco version: 0.44.1', { headerless: true }).ok).toBe(
      false,
    );
  });
});

describe('parseTextLine: errors', () => {
  it.each([
    ['', 'empty_input', /^empty line/],
    ['   ', 'empty_input', /^empty line/],
    ['hello world', 'not_an_alert_line', /^not a Falco alert line: expected .* got "hello world"$/],
    ['13:44:05: Critical no fraction', 'not_an_alert_line', /^not a Falco alert line/],
    [
      '13:44:05.478445995: Severe A shell',
      'not_an_alert_line',
      /^priority: expected one of Emergency, .*, Debug, got "Severe"$/,
    ],
    [
      '25:44:05.478445995: Critical A shell',
      'not_an_alert_line',
      /^time: "25:44:05\.478445995" is not a time of day$/,
    ],
    [
      '2026-02-30T15:24:03.768877945+0000: Warning x',
      'time_invalid',
      /^"time": expected an RFC 3339 timestamp/,
    ],
    ['Thu Jul 10 15:24:03 2026: Falco version: 0.44.1', 'falco_log_line', /^a line of Falco's own log/],
    [
      '2026-07-10T15:24:03+0000: Loading rules from file /etc/falco/falco_rules.yaml',
      'falco_log_line',
      /own log/,
    ],
  ])('%j → %s', (line, code, message) => {
    const result = parseTextLine(line);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(message);
    }
  });

  it('shortens long garbage in the message', () => {
    const result = parseTextLine('x'.repeat(5000));
    expect(!result.ok && result.error.message.length).toBeLessThan(300);
  });
});

describe('parseTextLine: properties', () => {
  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const result = parseTextLine(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on header-shaped noise', () => {
    const noise = fc.stringMatching(/^[\d:.T+ a-zA-Z()|=,-]{0,60}$/);
    fc.assert(
      fc.property(noise, noise, (before, after) => {
        const result = parseTextLine(`${before}12:34:56.123456789: ${after}`);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('parses any well-formed line back into its parts', () => {
    const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const fraction = fc.stringMatching(/^\d{1,9}$/);
    const message = fc
      .string({ unit: 'grapheme', maxLength: 120 })
      .filter((text) => !text.includes('\n') && !text.includes('\r'));
    fc.assert(
      fc.property(
        twoDigits(23),
        twoDigits(59),
        twoDigits(59),
        fraction,
        fc.constantFrom(...PRIORITIES),
        message,
        (hour, minute, second, nanos, priority, text) => {
          const alert = parsed(`${hour}:${minute}:${second}.${nanos}: ${priority} ${text}`);
          expect(alert.priority).toBe(priority);
          expect(alert.message).toBe(text);
          expect(alert.time).toMatchObject({
            kind: 'time-of-day',
            hour: Number(hour),
            nanos: nanos.padEnd(9, '0'),
          });
          expect(text.startsWith(alert.ruleOutput)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
