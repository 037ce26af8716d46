/**
 * Alert text as people paste it and collectors damage it: without the `time: Priority` header (the output alone, as
 * Slack and web UIs show it), with any text before the header, and with alerts run together on one line. The answer
 * is the rule when the text says which, an ambiguity listing the candidates when it cannot, and never a confident
 * wrong rule.
 */
import { describe, expect, it } from '@jest/globals';
import { parseTextLine } from '../../../../src/falco/alert/index.js';
import { createIdentifier, type Identification } from '../../../../src/falco/identify/index.js';
import { loadRules } from '../../../../src/falco/rules/index.js';
import { fixtureRules, readShared } from './fixtures.js';

const SEED = readShared('fixtures/alerts/seed-titanagent.txt').trim();
const REAL = (JSON.parse(readShared('fixtures/alerts/plaintext.json')) as { line: string }[]).map(
  (entry) => entry.line,
);
const old = createIdentifier(fixtureRules('falco_rules_0.25.0.yaml').ruleset);
const NOW = Date.UTC(2026, 7, 13, 9, 30);

function realLine(pattern: RegExp): string {
  const line = REAL.find((candidate) => pattern.test(candidate));
  if (line === undefined) throw new Error(`no real line matches ${String(pattern)}`);
  return line;
}

/** Lines of Falco 0.26+, whose outputs the 0.25 rules (the seed line's) match by title only. */
const SHELL_026 = realLine(/^23:39:44.*A shell was spawned/);
const SENSITIVE_026 = realLine(/^11:07:54.*Sensitive file opened/);
/** The same shell line as Falco 0.25 printed it (no user_loginuid): the 0.25 template fits it whole. */
const SHELL = SHELL_026.replace('user_loginuid=-1 ', '');

function identify(text: string, identifier = old): Identification {
  const parsed = parseTextLine(text, { headerless: true });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return identifier.identifyText(parsed.value, { now: NOW });
}

function identified(result: Identification): Extract<Identification, { kind: 'identified' }> {
  if (result.kind !== 'identified') throw new Error(`expected identified, got ${JSON.stringify(result)}`);
  return result;
}

function message(line: string): string {
  return line.replace(/^\S+: \S+ /, '');
}

function customRules(yaml: string): ReturnType<typeof createIdentifier> {
  const loaded = loadRules([{ name: 'custom.yaml', content: yaml }]);
  if (!loaded.ok) throw new Error(loaded.errors.map((error) => error.message).join('; '));
  return createIdentifier(loaded.ruleset);
}

describe('a line without its header', () => {
  it("is identified as with it: the priority is the rule's and the time is now, and a note says so", () => {
    const withHeader = identified(identify(SEED));
    const result = identified(identify(message(SEED)));
    expect(result.rule).toBe('Read sensitive file untrusted');
    expect(result.fields).toEqual(withHeader.fields);
    expect(result.reading).toEqual({ header: 'none', skipped: '', others: [] });
    expect(result.alert.priority).toBe('Warning');
    expect(result.alert.time.iso).toBe('2026-08-13T09:30:00.000000000Z');
    expect(result.candidates[0]).not.toHaveProperty('priorityAgrees');
    expect(result.notes[0]).toBe(
      "the text has no time or priority, only the alert's output (as Slack and web UIs show alerts): the " +
        "priority is the rule's (Warning); the time is taken as 2026-08-13T09:30:00.000Z, when it was explained",
    );
  });

  it('reads a leading priority word as the priority (Falcosidekick-style "Warning <output>")', () => {
    const result = identified(identify(`Warning ${message(SEED)}`));
    expect(result.reading?.header).toBe('priority');
    expect(result.candidates[0]).toMatchObject({
      rule: 'Read sensitive file untrusted',
      priorityAgrees: true,
    });
    const wrong = identified(identify(`Notice ${message(SEED)}`));
    expect(wrong.rule).toBe('Read sensitive file untrusted');
    expect(wrong.candidates[0]?.priorityAgrees).toBe(false);
    expect(wrong.alert.priority).toBe('Notice');
  });

  it("reads a leading priority word as the output's first word when no title starts the rest", () => {
    const custom = customRules(
      '- rule: Budget\n  desc: d\n  condition: evt.type = open\n  output: "Error budget spent (proc=%proc.name)"\n  priority: NOTICE\n',
    );
    const result = identified(identify('Error budget spent (proc=cat)', custom));
    expect(result.rule).toBe('Budget');
    expect(result.fields).toEqual({ 'proc.name': 'cat' });
    expect(result.reading?.header).toBe('none');
  });

  it('is ambiguous when rules of different priorities print the same output, and names them', () => {
    const rule = (name: string, priority: string) =>
      `- rule: ${name}\n  desc: d\n  condition: evt.type = open\n  output: "A sensitive file was opened (file=%fd.name)"\n  priority: ${priority}\n`;
    const custom = customRules(rule('Opened loudly', 'WARNING') + rule('Opened quietly', 'NOTICE'));
    const result = identify('A sensitive file was opened (file=/etc/shadow)', custom);
    expect(result).toMatchObject({
      kind: 'ambiguous',
      reason: 'priority-unknown',
      candidates: [
        { rule: 'Opened loudly', priority: 'Warning' },
        { rule: 'Opened quietly', priority: 'Notice' },
      ],
    });
    if (result.kind === 'ambiguous')
      expect(result.message).toMatch(/paste the whole line with its time and priority/);
    // Two such outputs pasted together are cut apart, and no less ambiguous.
    expect(
      identify(
        'A sensitive file was opened (file=/etc/shadow) A sensitive file was opened (file=/etc/passwd)',
        custom,
      ),
    ).toMatchObject({
      kind: 'ambiguous',
      reason: 'priority-unknown',
    });
    // The priority settles it.
    expect(identified(identify('Notice A sensitive file was opened (file=/etc/shadow)', custom)).rule).toBe(
      'Opened quietly',
    );
    expect(
      identified(identify('12:00:00.000000000: Warning A sensitive file was opened (file=/x)', custom)).rule,
    ).toBe('Opened loudly');
  });

  it('says it is not an alert line when no rule prints anything like it', () => {
    expect(identify('hello there, what is this?')).toMatchObject({
      kind: 'unidentified',
      reason: 'no-match',
      message:
        'not a Falco alert line (no time and priority), and no loaded rule\'s output starts like "hello there, what is this?"',
    });
  });
});

describe('text before the header', () => {
  it.each([
    ['grep -n', '123:'],
    ['grep -n over files', '/var/log/falco.log:123:'],
    ['kubectl logs --prefix', '[pod/falco-xczjd/falco] '],
    ['a collector timestamp', '2026-07-10T15:24:03.768877945Z '],
    ['junk glued to the time', '#x!9'],
  ])('is skipped: %s', (_name, prefix) => {
    const plain = identified(identify(SEED));
    const result = identified(identify(prefix + SEED));
    expect(result.rule).toBe(plain.rule);
    expect(result.fields).toEqual(plain.fields);
    expect(result.reading).toEqual({ header: 'time-and-priority', skipped: prefix, others: [] });
  });

  it('is skipped with a notice when it looks like another alert', () => {
    const junk = '12:00:00.000000000: Debug nothing any rule prints ';
    const result = identified(identify(junk + SEED));
    expect(result.rule).toBe('Read sensitive file untrusted');
    expect(result.reading?.others).toEqual([{ text: junk.trim(), rule: null }]);
    expect(result.reading?.notice).toMatch(/^the line starts with text that looks like another alert/);
    expect(result.notes[0]).toBe(result.reading?.notice);
  });
});

describe('alerts run together on one line', () => {
  it.each([
    ['with nothing between', ''],
    ['with a blank between', ' '],
  ])('of the same rule, %s: the first is explained, with a notice', (_name, between) => {
    const result = identified(identify(`${SEED}${between}${SEED.replace('titanagent -d', 'titanagent -x')}`));
    expect(result.rule).toBe('Read sensitive file untrusted');
    expect(result.fields['proc.cmdline']).toBe('titanagent -d');
    expect(result.reading?.others).toEqual([
      { text: SEED.replace('titanagent -d', 'titanagent -x'), rule: 'Read sensitive file untrusted' },
    ]);
    expect(result.reading?.notice).toBe(
      'this line holds 2 alerts of "Read sensitive file untrusted" run together (joined by a log collector, or pasted ' +
        'together); this explanation is for the first of them: explain the others on their own for their values',
    );
  });

  it('of different rules: ambiguous, listing each alert with its rule', () => {
    const result = identify(`${SEED}${SHELL}`);
    expect(result).toMatchObject({
      kind: 'ambiguous',
      reason: 'several-alerts',
      candidates: [
        { rule: 'Read sensitive file untrusted', priority: 'Warning', text: SEED },
        { rule: 'Terminal shell in container', priority: 'Notice', text: SHELL },
      ],
    });
  });

  it('one complete alert and one only its title fits: the complete one is explained, the other named', () => {
    const result = identified(identify(`${SEED}${SHELL_026}`));
    expect(result.rule).toBe('Read sensitive file untrusted');
    expect(result.reading?.others).toEqual([{ text: SHELL_026, rule: 'Terminal shell in container' }]);
    expect(result.reading?.notice).toMatch(
      /^this line also holds another alert \("Terminal shell in container"\)/,
    );
  });

  it('a cut-off alert before a complete one: the complete one is explained, the other named', () => {
    const cut = SENSITIVE_026.slice(0, 120);
    const result = identified(identify(`${cut}${SHELL}`));
    expect(result.rule).toBe('Terminal shell in container');
    expect(result.reading?.others).toEqual([{ text: cut, rule: 'Read sensitive file untrusted' }]);
    expect(result.reading?.notice).toMatch(
      /^this line also holds another alert \("Read sensitive file untrusted"\), cut off, or run together by a log collector or a paste; this explanation is for "23:39:44/,
    );
  });

  it('outputs pasted together without their headers are found too', () => {
    const result = identify(`> ${message(SEED)} ${message(SHELL)}`);
    expect(result).toMatchObject({
      kind: 'ambiguous',
      reason: 'several-alerts',
      candidates: [
        { rule: 'Read sensitive file untrusted', text: message(SEED) },
        { rule: 'Terminal shell in container', text: message(SHELL) },
      ],
    });
    const same = identified(identify(`${message(SEED)}${message(SEED)}`));
    expect(same.reading?.notice).toMatch(/^this line holds 2 alerts of "Read sensitive file untrusted"/);
  });

  it('an alert without its header glued before one with it is found too', () => {
    const result = identify(`${message(SEED)} ${SHELL}`);
    expect(result).toMatchObject({
      kind: 'ambiguous',
      candidates: [{ rule: 'Read sensitive file untrusted' }, { rule: 'Terminal shell in container' }],
    });
  });

  it('a header inside a value that could be a second alert: ambiguous, never the quoted rule alone', () => {
    const custom = customRules(
      '- rule: Ran\n  desc: d\n  condition: evt.type = execve\n  output: "Process ran (cmd=%proc.cmdline)"\n  priority: NOTICE\n' +
        '- rule: Read\n  desc: d\n  condition: evt.type = open\n  output: "Sensitive file read (file=%fd.name)"\n  priority: WARNING\n',
    );
    const line =
      '12:00:00.000000000: Notice Process ran (cmd=logger 12:00:01.000000000: Warning Sensitive file read (file=/etc/shadow))';
    const result = identify(line, custom);
    expect(result.kind).toBe('ambiguous');
    if (result.kind === 'ambiguous') expect(result.candidates.map((c) => c.rule)).toEqual(['Ran', 'Read']);
    // Header-shaped text that starts no rule's output is just part of the value.
    const quoted = identified(
      identify(
        '12:00:00.000000000: Notice Process ran (cmd=logger 12:00:01.000000000: Warning hello)',
        custom,
      ),
    );
    expect(quoted.fields['proc.cmdline']).toBe('logger 12:00:01.000000000: Warning hello');
    expect(quoted.reading?.others).toEqual([]);
  });

  it.each([
    ['headers', '12:00:00.000000000: Warning '],
    ['outputs alone', ''],
  ])('stays fast on thousands of alerts run together (%s), and says so', (_name, header) => {
    const line = `${`${header}Sensitive file opened for reading by non-trusted program (`.repeat(2000)}x`;
    const started = performance.now();
    const result = identify(line);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.kind === 'identified' && result.reading?.notice).toMatch(
      /alerts of "Read sensitive file untrusted"/,
    );
  });
});
