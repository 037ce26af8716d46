/**
 * One process per embedded data directory. PGlite is PostgreSQL in single-user mode: two processes writing the same
 * files corrupt them, and PGlite itself does not refuse.
 *
 * The lock is a file naming its holder (host, pid) whose mtime the holder refreshes every few seconds. A lock is
 * taken over when its holder is known to be gone: on this host, when its pid no longer runs or is our own (a container
 * restarted with the same pid); from another host (e.g. a replaced Kubernetes pod on a shared volume), when it has not
 * been refreshed for `staleMs`. A live lock is waited for up to `waitMs`, then refused.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { BotError } from '../errors.js';

export const LOCK_FILE = 'falco-triage.lock';

export interface DataDirLock {
  release(): void;
}

export interface LockOptions {
  /** A lock not refreshed for this long is considered abandoned (default 30 s). */
  readonly staleMs?: number;
  /** How long to wait for a live lock before refusing (default 35 s). */
  readonly waitMs?: number;
}

interface Holder {
  readonly host: string;
  readonly pid: number;
  readonly token: string;
}

/** Directories locked by this process: opening one twice in the same process is refused at once. */
const heldHere = new Set<string>();

export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const staleMs = options.staleMs ?? 30_000;
  const waitMs = options.waitMs ?? 35_000;
  const path = resolve(join(dataDir, LOCK_FILE));
  if (heldHere.has(path)) {
    throw new BotError(
      'store_unavailable',
      `store: the data directory ${dataDir} is already open in this process`,
    );
  }
  const me: Holder = { host: hostname(), pid: process.pid, token: randomUUID() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryCreate(path, me)) return hold(path, me, staleMs);
    const holder = readHolder(path);
    const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    // On this host the pid says it all (a busy holder may not get to refresh the file); elsewhere only the age can.
    const gone =
      holder !== undefined && holder.host === me.host
        ? holder.pid === me.pid || !isRunning(holder.pid)
        : age > staleMs;
    if (gone) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder === undefined ? 'another process' : `process ${holder.pid} on ${holder.host}`;
      throw new BotError(
        'store_unavailable',
        `store: the data directory ${dataDir} is in use by ${who}. Run one falco-triage per directory, or use ` +
          `DATABASE_URL (PostgreSQL) for several replicas. If that process is gone, the lock expires ${Math.ceil(staleMs / 1000)} s ` +
          `after its last refresh (or delete ${path}).`,
      );
    }
    await new Promise((done) => setTimeout(done, Math.min(1000, staleMs / 3)));
  }
}

function hold(path: string, me: Holder, staleMs: number): DataDirLock {
  heldHere.add(path);
  const refresh = setInterval(
    () => {
      try {
        const now = new Date();
        utimesSync(path, now, now);
      } catch {
        // The file is gone (deleted by hand): nothing to refresh; release() copes.
      }
    },
    Math.max(100, Math.floor(staleMs / 3)),
  );
  refresh.unref();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      heldHere.delete(path);
      if (readHolder(path)?.token === me.token) rmSync(path, { force: true });
    },
  };
}

function tryCreate(path: string, me: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new BotError('store_unavailable', `store: cannot create the lock file ${path}`, { cause: error });
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (
      typeof parsed.host === 'string' &&
      typeof parsed.pid === 'number' &&
      typeof parsed.token === 'string'
    ) {
      return { host: parsed.host, pid: parsed.pid, token: parsed.token };
    }
  } catch {
    // missing, half-written or not ours: judged by its age alone
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
