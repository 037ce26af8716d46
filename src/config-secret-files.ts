/**
 * Secrets given as files. Every secret variable NAME may instead be given as `NAME_FILE`, the path of a file that
 * holds the value: Kubernetes mounts a Secret as files, and a value in a file stays out of `ps`, `/proc/<pid>/environ`
 * and `kubectl describe`. src/config.ts calls this on the environment before its schema runs, so a value read from a
 * file is checked exactly like one given directly.
 *
 * The content is never put into a problem message: only the variable, the path and what went wrong.
 *
 * @example
 *   const secrets = resolveSecretFiles({ SLACK_BOT_TOKEN_FILE: '/run/secrets/slack-bot-token' });
 *   secrets.env.SLACK_BOT_TOKEN; // the file's content, trailing newline removed
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { err, ok, type Result } from './result.js';

/** Every variable that holds a secret; each also has a `_FILE` form. */
export const SECRET_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'INGEST_TOKEN',
  'GITHUB_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'GITHUB_WEBHOOK_SECRET',
  'DATABASE_URL',
] as const;

/** A secret is a token, a key or a URL: a file much larger than this was named by mistake (or is /dev/zero). */
const MAX_SECRET_BYTES = 64 * 1024;

/** Same shape as config.ts's ConfigProblem (kept separate: config.ts imports this file). */
export interface SecretFileProblem {
  readonly variable: string;
  readonly message: string;
}

export interface ResolvedSecrets {
  /** The environment with each `NAME` read from `NAME_FILE` where that was given and readable. */
  readonly env: Record<string, string | undefined>;
  /** `NAME` → the path its `NAME_FILE` gave, for every secret given as a file (read or not). */
  readonly files: ReadonlyMap<string, string>;
  /** Files that cannot be used, and secrets given both ways. */
  readonly problems: readonly SecretFileProblem[];
}

/** Reads the `_FILE` form of every secret variable; never throws. */
export function resolveSecretFiles(
  env: Readonly<Record<string, string | undefined>>,
  read: (path: string) => Result<string, string> = readSecretFile,
): ResolvedSecrets {
  const resolved: Record<string, string | undefined> = { ...env };
  const files = new Map<string, string>();
  const problems: SecretFileProblem[] = [];
  for (const name of SECRET_VARIABLES) {
    const fileVariable = `${name}_FILE`;
    const path = given(env[fileVariable]);
    if (path === undefined) continue;
    files.set(name, path);
    // An empty NAME (as in a copied .env.example) counts as unset, as it does everywhere in the configuration.
    if (given(env[name]) !== undefined) {
      problems.push({
        variable: fileVariable,
        message: `${name} is set as well: give the secret one way, ${name} or ${fileVariable}, not both`,
      });
      continue;
    }
    const content = read(path);
    if (!content.ok) {
      problems.push({ variable: fileVariable, message: `cannot read ${path}: ${content.error}` });
    } else if (content.value.trim() === '') {
      problems.push({ variable: fileVariable, message: `${path} is empty: expected the value of ${name}` });
    } else {
      resolved[name] = content.value;
    }
  }
  return { env: resolved, files, problems };
}

/**
 * Problems about a secret that came from a file name the `_FILE` variable and its path, since that is what the
 * operator set; a problem of a secret whose file could not be read is dropped (the file's own problem says it).
 */
export function attributeSecretProblems<P extends SecretFileProblem>(
  secrets: ResolvedSecrets,
  problems: readonly P[],
): (P | SecretFileProblem)[] {
  const unreadable = new Set(secrets.problems.map((problem) => problem.variable));
  const attributed: (P | SecretFileProblem)[] = [...secrets.problems];
  for (const problem of problems) {
    const path = secrets.files.get(problem.variable);
    if (path === undefined) {
      attributed.push(problem);
      continue;
    }
    const fileVariable = `${problem.variable}_FILE`;
    if (unreadable.has(fileVariable)) continue;
    attributed.push({ variable: fileVariable, message: `${problem.message} (in ${path})` });
  }
  return attributed;
}

function given(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The file's text without its trailing newline(s); the error says why it cannot be used, never what it holds. */
export function readSecretFile(path: string): Result<string, string> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return err(reasonOf(error));
  }
  try {
    const buffer = Buffer.alloc(MAX_SECRET_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > MAX_SECRET_BYTES) return err(`larger than ${MAX_SECRET_BYTES / 1024} KiB: not a secret`);
    }
    return ok(
      buffer
        .subarray(0, length)
        .toString('utf8')
        .replace(/(\r?\n)+$/, ''),
    );
  } catch (error) {
    return err(reasonOf(error));
  } finally {
    closeSync(fd);
  }
}

/** Words for the usual causes, from the error's code: Node's own message would repeat the path. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file (is the Secret mounted at this path?)';
    case 'EACCES':
    case 'EPERM':
      return "permission denied (the file must be readable by the bot's user)";
    case 'EISDIR':
      return 'it is a directory (name the file inside it)';
    default:
      return typeof code === 'string' ? code : 'unreadable';
  }
}
