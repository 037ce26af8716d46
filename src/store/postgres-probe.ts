/**
 * One attempt to reach the PostgreSQL server of DATABASE_URL, before the store opens: in Kubernetes the bot often
 * starts before its database does (both deployed together, or the server restarting), and the start-up waits for it
 * instead of crashing (src/app/wait-for-database.ts). An attempt is a connection and `SELECT 1`, then closed.
 *
 * Everything it returns is safe to log: the address is host:port, and a reason never holds the URL or its password.
 */
import pg from 'pg';
import { err, ok, type Result } from '../result.js';
import { sqlStateOf } from './database.js';

export interface ProbeFailure {
  /** False when waiting cannot help (wrong password, no such database, TLS refused): the start stops at once. */
  readonly transient: boolean;
  /** What went wrong, e.g. `connect ECONNREFUSED 10.0.0.7:5432` or PostgreSQL's own message, with its SQLSTATE. */
  readonly reason: string;
}

export async function probePostgres(url: string, timeoutMs: number): Promise<Result<void, ProbeFailure>> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'falco-triage',
  });
  // A connection dropped after the attempt settled must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return ok(undefined);
  } catch (error) {
    return err({ transient: isTransient(error), reason: redact(describe(error), url) });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `host:port` of a PostgreSQL URL, for log lines (never the user or password). */
export function postgresAddress(url: string): string {
  // postgres://user@/db?host=/var/run/postgresql (a Unix socket directory) has no host for the URL parser.
  const parsed = parseUrl(url) ?? parseUrl(url.replace(/@\//, '@localhost/'));
  if (parsed === undefined) return 'the server of DATABASE_URL';
  const host = parsed.searchParams.get('host') ?? (parsed.hostname === '' ? 'localhost' : parsed.hostname);
  return `${host}:${parsed.port === '' ? '5432' : parsed.port}`;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * Waiting helps while the server is down, starting, restarting or full; it cannot fix credentials, a database name
 * or TLS settings, which stop the start at once with PostgreSQL's reason.
 */
function isTransient(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state !== undefined) return !(state.startsWith('28') || state === '3D000');
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /CERT|TLS|SSL/.test(code)) return false;
  return !/does not support SSL/i.test(describe(error));
}

function describe(error: unknown): string {
  const { message, code, errors } = error as { message?: unknown; code?: unknown; errors?: unknown };
  if (typeof message !== 'string') return String(error);
  // Node reports a refused connection to a name with several addresses (localhost: ::1 and 127.0.0.1) as an
  // AggregateError with an empty message; its parts say what happened.
  const parts =
    message === '' && Array.isArray(errors)
      ? errors.map((part: unknown) => (part as { message?: unknown }).message).filter(isText)
      : [message];
  const text = parts.join('; ') || (typeof code === 'string' ? code : 'connection failed');
  const state = sqlStateOf(error);
  return state === undefined ? text : `${text} (SQLSTATE ${state})`;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** The URL and its password out of a reason, should a driver ever echo them. */
function redact(reason: string, url: string): string {
  let text = reason.split(url).join('[DATABASE_URL]');
  const password = parseUrl(url)?.password ?? '';
  for (const form of new Set([password, safeDecode(password)])) {
    if (form !== '') text = text.split(form).join('[redacted]');
  }
  return text;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
