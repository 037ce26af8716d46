/**
 * One process per embedded data directory. PGlite is PostgreSQL in single-user mode: two processes writing the same
 * files corrupt them, and PGlite itself does not refuse. The lock is a file holding the owner's pid; a lock left by a
 * process that no longer runs (a crash, `kill -9`) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BotError } from '../errors.js';

export const LOCK_FILE = 'falco-triage.lock';

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new BotError('store_unavailable', `store: cannot create ${path}`, { cause: error });
      }
      const owner = Number.parseInt(readFileSafe(path), 10);
      if (Number.isInteger(owner) && owner !== pid && isRunning(owner)) {
        throw new BotError(
          'store_unavailable',
          `store: the data directory ${dataDir} is in use by process ${owner}; ` +
            'run one falco-triage per directory, or use DATABASE_URL (PostgreSQL) for several replicas',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new BotError('store_unavailable', `store: cannot lock the data directory ${dataDir}`);
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
