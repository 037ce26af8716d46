/**
 * `falco-triage sandbox`: the same as `npm run sandbox`. It runs the sandbox's entry point that sits beside this
 * command (dist/sandbox/main.js in the installed package, src/sandbox/main.ts when the CLI itself runs from source
 * under tsx), in a child process started by the same node with the same flags, that gets Ctrl-C like the terminal's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_FAILED, EXIT_USAGE, type CliIo, type CliCommand } from '../io.js';

const USAGE = `Usage: falco-triage sandbox

Runs the whole loop on this machine without a Slack workspace or a GitHub repository: the real bot on a fresh
embedded store, local stand-ins for Slack and GitHub, and a page on 127.0.0.1 (SANDBOX_PORT, default 3300) to click
through it. Ctrl-C stops it and deletes its data.
`;

/** This file is src/cli/commands/sandbox.ts (run by tsx) or dist/cli/commands/sandbox.js (built). */
const here = fileURLToPath(import.meta.url);

/** The sandbox's entry point of the same tree: src/sandbox/main.ts or dist/sandbox/main.js. */
function sandboxEntryPoint(file = here): string {
  return resolve(file, '..', '..', '..', 'sandbox', `main${extname(file)}`);
}

function run(main: string, io: CliIo): Promise<number> {
  // process.execArgv carries tsx's loader when the CLI runs from source; the built one needs none.
  const child = spawn(process.execPath, [...process.execArgv, main], {
    cwd: resolve(main, '..', '..', '..'),
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child from the terminal; a signal sent to this process alone is passed on.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((done) => {
    child.on('exit', (code) => done(code ?? EXIT_FAILED));
    child.on('error', (error) => {
      io.stderr(`falco-triage sandbox: ${error.message}\n`);
      done(EXIT_FAILED);
    });
  });
}

export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'try the whole loop locally, with stand-ins for Slack and GitHub in a web page',
  usage: USAGE,
  async run(args, io) {
    if (args.length > 0) {
      io.stderr(`falco-triage sandbox: unexpected ${JSON.stringify(args[0])}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    const main = sandboxEntryPoint();
    if (!existsSync(main)) {
      io.stderr(
        `falco-triage sandbox: ${main} is missing; this installation was built without the sandbox.\n`,
      );
      return EXIT_FAILED;
    }
    return run(main, io);
  },
};
