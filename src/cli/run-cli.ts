import { packageVersion } from '../package-version.js';
import { commands } from './commands/index.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';

function overview(): string {
  const width = Math.max(0, ...commands.map((command) => command.name.length));
  return [
    'Usage: falco-triage <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `falco-triage <command> --help` for the options of a command, `falco-triage --version` for the version.',
    '',
  ].join('\n');
}

/** The CLI's entry point: dispatches to a command and returns the exit status. Never throws for bad input. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version') {
    const version = packageVersion();
    if (!version.ok) {
      io.stderr(`falco-triage: ${version.error}\n`);
      return EXIT_FAILED;
    }
    io.stdout(`${version.value}\n`);
    return EXIT_OK;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr(`falco-triage: unknown command "${name}"\n\n${overview()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage.trimEnd()}\n`);
    return EXIT_OK;
  }
  return command.run(rest, io);
}
