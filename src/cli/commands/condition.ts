/**
 * `falco-triage condition`: parses a Falco condition as a given Falco version does and prints its canonical form
 * (libs' `as_string`), or the syntax error with its position. `--stdin` checks many conditions at once, one
 * JSON-encoded string per line in, one JSON object per line out, in order.
 *
 * Exit status: 0 parsed (every line, with --stdin); 1 a syntax error (any line); 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../io.js';
import { errorExcerpt } from '../../falco/condition/index.js';
import { parseCondition } from '../../falco/condition/index.js';
import { printCondition } from '../../falco/condition/index.js';
import {
  NEWEST_VERSION,
  formatFalcoVersion,
  parseFalcoVersion,
  type FalcoVersion,
} from '../../falco/version.js';

const usage = `Usage: falco-triage condition [--falco-version V] [--json] EXPR
       falco-triage condition [--falco-version V] --stdin

Parses a Falco rule condition exactly as Falco's own parser does and prints its canonical form, e.g.
  falco-triage condition 'evt.type=open and proc.name in (ash,bash)'
  (evt.type = open and proc.name in (ash, bash))
On a syntax error it prints libs' message and points at the position.

Options:
  --falco-version V  parse as this Falco version does (default ${formatFalcoVersion(NEWEST_VERSION)}); features
                     newer than V are reported with the version that added them
  --json             print {"ok":true,"canonical":"..."} or {"ok":false,"error":"...","offset":N}
  --stdin            read one JSON-encoded string per line (blank lines skipped) and write one JSON
                     object per line, in order; takes no EXPR
  -h, --help         show this help

Quote EXPR for the shell; several arguments are joined with single spaces.

Exit status: 0 parsed, 1 syntax error (on any line with --stdin), 2 bad usage.
`;

type Outcome =
  | { readonly ok: true; readonly canonical: string }
  | { readonly ok: false; readonly error: string; readonly offset: number };

function check(text: string, version: FalcoVersion): Outcome {
  const parsed = parseCondition(text, { version });
  if (parsed.ok) return { ok: true, canonical: printCondition(parsed.value) };
  return { ok: false, error: parsed.error.message, offset: parsed.error.offset };
}

/** The message, where it is, and the line of the condition with a caret under the offset. */
function describeError(text: string, error: { readonly error: string; readonly offset: number }): string {
  const excerpt = errorExcerpt(text, error.offset);
  const where =
    text.includes('\n') || text.includes('\r')
      ? `line ${excerpt.line}, column ${excerpt.column}`
      : `column ${excerpt.column}`;
  return [
    `falco-triage: syntax error at ${where} (offset ${error.offset}): ${error.error}`,
    `  ${excerpt.text}`,
    `  ${excerpt.caret}`,
    '',
  ].join('\n');
}

function badUsage(io: CliIo, message: string): number {
  io.stderr(`falco-triage condition: ${message}\n\n${usage}`);
  return EXIT_USAGE;
}

/** One output object per non-blank input line; a line that is not a JSON string gets an error object. */
async function checkStdin(io: CliIo, version: FalcoVersion): Promise<number> {
  const input = await io.readStdin();
  let status = EXIT_OK;
  const lines = input.split(/\r?\n/);
  const out: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let outcome: Outcome;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (typeof value === 'string') {
      outcome = check(value, version);
    } else {
      outcome = { ok: false, error: `input line ${index + 1} is not a JSON-encoded string`, offset: 0 };
    }
    if (!outcome.ok) status = EXIT_FAILED;
    out.push(JSON.stringify(outcome));
  }
  io.stdout(out.length === 0 ? '' : `${out.join('\n')}\n`);
  return status;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        'falco-version': { type: 'string' },
        json: { type: 'boolean' },
        stdin: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return badUsage(io, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  let version = NEWEST_VERSION;
  if (values['falco-version'] !== undefined) {
    const requested = parseFalcoVersion(values['falco-version']);
    if (!requested.ok) return badUsage(io, requested.error.message);
    version = requested.value;
  }
  if (values.stdin === true) {
    if (positionals.length > 0) return badUsage(io, '--stdin takes no EXPR');
    return checkStdin(io, version);
  }
  if (positionals.length === 0) return badUsage(io, 'missing EXPR');
  const text = positionals.join(' ');
  const outcome = check(text, version);
  if (values.json === true) {
    io.stdout(`${JSON.stringify(outcome)}\n`);
  } else if (outcome.ok) {
    io.stdout(`${outcome.canonical}\n`);
  } else {
    io.stderr(describeError(text, outcome));
  }
  return outcome.ok ? EXIT_OK : EXIT_FAILED;
}

export const conditionCommand: CliCommand = {
  name: 'condition',
  summary: 'Parse a Falco condition as Falco does; print its canonical form or the syntax error',
  usage,
  run,
};
