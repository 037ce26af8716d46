/**
 * What a CLI command may touch besides the file system: its output streams and stdin. Tests pass string sinks;
 * bin/falco-triage.js passes the process's streams.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of stdin as UTF-8. */
  readonly readStdin: () => Promise<string>;
  /** Resolves relative paths; the process's cwd in production. */
  readonly cwd: string;
  /** Whether stderr is a terminal (progress output is only drawn on terminals). */
  readonly isTty: boolean;
}

/** Exit statuses shared by every command: 0 success, 1 the check failed, 2 bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CliCommand {
  readonly name: string;
  /** One line for `falco-triage --help`. */
  readonly summary: string;
  /** The full usage text, printed on `--help` and on bad usage. */
  readonly usage: string;
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}
