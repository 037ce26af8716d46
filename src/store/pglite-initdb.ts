/**
 * Initialising an empty embedded data directory in a child process.
 *
 * PGlite runs initdb inside the WebAssembly instance that then serves queries, and a WebAssembly memory never
 * shrinks: initdb in-process leaves about 600 MB resident for the life of the process, against about 150 MB for
 * PGlite opening an initialised directory. A container memory limit sized for normal running would kill the bot
 * on its first start. So a short-lived child process runs initdb and exits, and the bot opens the initialised
 * directory (bench/first-start.bench.ts measures the first start against a restart, and initdb in-process).
 *
 * initdb writes into a sibling directory that is renamed into place once complete, so a start killed halfway leaves
 * no half-initialised data directory behind (the next start would otherwise try to open it).
 */
import { spawn } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BotError } from '../errors.js';

/** initdb takes a few seconds; a child that runs this long is stuck. */
const INITDB_TIMEOUT_MS = 180_000;
const STDERR_KEPT = 2000;

// CommonJS, run with `node -e`: argv[1] is PGlite's CommonJS entry, argv[2] the directory.
const CHILD_SCRIPT = `
const { PGlite } = require(process.argv[1]);
PGlite.create({ dataDir: process.argv[2] })
  .then((pg) => pg.close())
  .then(() => process.exit(0), (error) => { console.error(String(error && error.stack || error)); process.exit(1); });
`;

/**
 * Runs initdb for `pgDir` (an empty or missing directory) in a child process, run by `node` with `execArgv`;
 * rejects with `store_unavailable`.
 */
export async function initDataDirInChild(pgDir: string, execArgv: readonly string[] = []): Promise<void> {
  const staging = `${pgDir}.initdb-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await runInitdb(staging, execArgv);
    renameSync(staging, pgDir); // replaces an empty directory too
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new BotError('store_unavailable', `store: initialising ${pgDir} failed: ${reason}`, {
      cause: error,
    });
  }
}

async function runInitdb(dir: string, execArgv: readonly string[]): Promise<void> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const child = spawn(process.execPath, [...execArgv, '-e', CHILD_SCRIPT, entry, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: INITDB_TIMEOUT_MS,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | Error>(
    (done) => {
      child.once('error', done);
      child.once('close', (code, signal) => done({ code, signal }));
    },
  );
  if (outcome instanceof Error) throw outcome;
  if (outcome.code !== 0) {
    const how = outcome.signal === null ? `exit status ${String(outcome.code)}` : `signal ${outcome.signal}`;
    throw new Error(`the initdb child process ended with ${how}${stderr === '' ? '' : `: ${stderr.trim()}`}`);
  }
}
