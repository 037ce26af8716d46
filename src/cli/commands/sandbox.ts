/**
 * `falco-triage sandbox`: the same as `npm run sandbox` (src/sandbox/main.ts). The sandbox runs the Slack and GitHub
 * stand-ins of the project's test suite, which the built package does not carry, so it runs from a source checkout
 * (after `npm install`): this command starts it there, in a child process that gets Ctrl-C like the terminal's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_FAILED, EXIT_USAGE, type CliCommand } from '../io.js';

const USAGE = `Usage: falco-triage sandbox

Runs the whole loop on this machine without a Slack workspace or a GitHub repository: the real bot on a fresh
embedded store, local stand-ins for Slack and GitHub, and a page on 127.0.0.1 (SANDBOX_PORT, default 3300) to click
through it. Ctrl-C stops it and deletes its data. Needs a source checkout with its dev dependencies (npm install).
`;

/** The project's root: this file is src/cli/commands/sandbox.ts, or dist/cli/commands/sandbox.js once built. */
function projectRoot(): string {
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
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
    const root = projectRoot();
    const main = join(root, 'src', 'sandbox', 'main.ts');
    if (!existsSync(main) || !existsSync(join(root, 'node_modules', 'tsx'))) {
      io.stderr(
        'falco-triage sandbox runs from a source checkout with its dev dependencies: clone the repository, run\n' +
          '`npm install`, then `npm run sandbox` (or this command) there.\n',
      );
      return EXIT_FAILED;
    }
    const child = spawn(process.execPath, ['--import', 'tsx', main], { cwd: root, stdio: 'inherit' });
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
  },
};
