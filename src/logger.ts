import { pino } from 'pino';

/**
 * The logging interface every module receives (injected, never imported as a global). Calls take a static
 * message and a metadata object, so logs stay searchable; secrets never go into either.
 */
export interface Logger {
  error(meta: Record<string, unknown>, message: string): void;
  warn(meta: Record<string, unknown>, message: string): void;
  info(meta: Record<string, unknown>, message: string): void;
  debug(meta: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Keys whose values are replaced before a log line is written, wherever they appear at the top two levels. */
const SECRET_KEYS = [
  'token',
  'authorization',
  'signingSecret',
  'signing_secret',
  'privateKey',
  'password',
  'secret',
  'response_url',
  'responseUrl',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const paths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `headers.${key}`]);
  return pino(
    { level, redact: { paths, censor: '[redacted]' }, base: { service: 'falco-triage' } },
    destination as pino.DestinationStream | undefined,
  );
}

/** A logger that drops everything: for tests and CLI commands that must not write logs. */
export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};
