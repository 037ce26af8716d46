/** `falco-triage condition`, driven through the CLI entry point. */
import { describe, expect, it } from '@jest/globals';
import { cli } from '../../helpers/cli.js';

describe('falco-triage condition', () => {
  it('prints the canonical form and exits 0', async () => {
    const run = await cli(['condition', 'evt.type=open and proc.name in (ash,bash, "pwsh")']);
    expect(run).toEqual({
      status: 0,
      stdout: '(evt.type = open and proc.name in (ash, bash, pwsh))\n',
      stderr: '',
    });
  });

  it('joins several arguments with spaces', async () => {
    const run = await cli(['condition', 'proc.name', '=', 'cat']);
    expect(run.stdout).toBe('proc.name = cat\n');
  });

  it('prints the message, the position and a caret on a syntax error, exit 1', async () => {
    const run = await cli(['condition', 'proc.name = (a']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        "falco-triage: syntax error at column 13 (offset 12): expected a string value or a field with a valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'",
        '  proc.name = (a',
        '              ^',
        '',
      ].join('\n'),
    );
  });

  it('gives line and column in a multi-line condition and keeps tabs under the caret', async () => {
    const run = await cli(['condition', 'evt.type = open\n\tand proc.name in (a,']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('at line 2, column 22 (offset 37): expected a string value\n');
    expect(run.stderr).toContain('  \tand proc.name in (a,\n  \t                    ^\n');
  });

  it('cuts a long line to a window around the error', async () => {
    const long = `${'proc.name = a and '.repeat(30)}proc.name = = b`;
    const run = await cli(['condition', long]);
    const [, text, caret] = run.stderr.split('\n');
    expect(text?.startsWith('  …')).toBe(true);
    expect(text?.length).toBeLessThan(140);
    expect(text?.[caret?.indexOf('^') ?? -1]).toBe('=');
  });

  it('prints JSON with --json, for success and for errors', async () => {
    const good = await cli(['condition', '--json', 'proc.name=cat']);
    expect(good).toEqual({ status: 0, stdout: '{"ok":true,"canonical":"proc.name = cat"}\n', stderr: '' });
    const bad = await cli(['condition', '--json', 'a and']);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({
      ok: false,
      error: "expected blank or '(' after 'and'",
      offset: 5,
    });
    expect(bad.stderr).toBe('');
  });

  it('parses as the requested Falco version and names the version a feature needs', async () => {
    const old = await cli(['condition', '--falco-version', '0.37.1', '--json', 'proc.name iglob "ba*"']);
    expect(old.status).toBe(1);
    expect(JSON.parse(old.stdout)).toEqual({
      ok: false,
      error: "Falco 0.37.1 does not support the 'iglob' operator (added in Falco 0.38.0)",
      offset: 10,
    });
    const current = await cli(['condition', '--falco-version=0.38.0', 'proc.name iglob "ba*"']);
    expect(current).toMatchObject({ status: 0, stdout: 'proc.name iglob ba*\n' });
  });

  it('defaults to the newest version', async () => {
    const run = await cli(['condition', 'proc.name startswith oneof (a, b)']);
    expect(run).toMatchObject({ status: 0, stdout: 'proc.name startswith oneof (a, b)\n' });
  });

  describe('--stdin', () => {
    it('answers one JSON object per JSON string line, in order, skipping blank lines', async () => {
      const stdin = ['"proc.name=cat"', '', '"a and"', '   ', '"x.y in (1,2)"', ''].join('\n');
      const run = await cli(['condition', '--stdin'], { stdin });
      expect(run.status).toBe(1);
      expect(run.stdout.split('\n')).toEqual([
        '{"ok":true,"canonical":"proc.name = cat"}',
        '{"ok":false,"error":"expected blank or \'(\' after \'and\'","offset":5}',
        '{"ok":true,"canonical":"x.y in (1, 2)"}',
        '',
      ]);
    });

    it('exits 0 when every line parses, and handles CRLF input', async () => {
      const run = await cli(['condition', '--stdin', '--falco-version', '0.44.1'], {
        stdin: '"a"\r\n"b.c exists"\r\n',
      });
      expect(run).toEqual({
        status: 0,
        stdout: '{"ok":true,"canonical":"a"}\n{"ok":true,"canonical":"b.c exists"}\n',
        stderr: '',
      });
    });

    it('answers a line that is not a JSON string with an error object and goes on', async () => {
      const run = await cli(['condition', '--stdin'], { stdin: 'proc.name=cat\n42\n"ok"\n' });
      expect(run.status).toBe(1);
      expect(
        run.stdout
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as unknown),
      ).toEqual([
        { ok: false, error: 'input line 1 is not a JSON-encoded string', offset: 0 },
        { ok: false, error: 'input line 2 is not a JSON-encoded string', offset: 0 },
        { ok: true, canonical: 'ok' },
      ]);
    });

    it('prints nothing for empty input', async () => {
      expect(await cli(['condition', '--stdin'], { stdin: '' })).toEqual({
        status: 0,
        stdout: '',
        stderr: '',
      });
    });
  });

  describe('bad usage exits 2 with the usage text', () => {
    it.each([
      [['condition'], 'missing EXPR'],
      [['condition', '--stdin', 'a'], '--stdin takes no EXPR'],
      [['condition', '--falco-version', 'latest', 'a'], 'invalid Falco version "latest"'],
      [['condition', '--verbose', 'a'], "Unknown option '--verbose'"],
      [['condition', '--falco-version'], "Option '--falco-version <value>' argument missing"],
    ])('%j', async (argv, message) => {
      const run = await cli(argv);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('Usage: falco-triage condition');
    });
  });

  it('prints its usage on --help and is listed in the overview', async () => {
    const help = await cli(['condition', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--falco-version V');
    const overview = await cli(['--help']);
    expect(overview.stdout).toMatch(/condition\s+Parse a Falco condition/);
  });
});
