/**
 * The PGlite seed: an initialised, empty data directory dumped once per machine and PGlite version (initdb takes
 * seconds) and loaded by every fresh store that starts from it: the sandbox's, the tests' and the benchmarks'. The
 * bot itself does not use it (its first start runs initdb in a child process, pglite-initdb.ts).
 */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

let seedPromise: Promise<Blob> | undefined;

/** A dump of a freshly initialised PGlite data directory, built once per machine and PGlite version. */
export function pgliteSeed(): Promise<Blob> {
  seedPromise ??= loadOrBuildSeed();
  return seedPromise;
}

/** Where the seed is cached (a child process can load it from there once `pgliteSeed()` has resolved). */
export function pgliteSeedPath(): string {
  // PGlite's entry point is dist/index.cjs (its exports do not include package.json).
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return join(tmpdir(), `falco-triage-pglite-seed-${pkg.version}.tar`);
}

async function loadOrBuildSeed(): Promise<Blob> {
  const path = pgliteSeedPath();
  const lock = `${path}.lock`;
  for (let waited = 0; waited < 180_000; waited += 250) {
    if (existsSync(path)) return new Blob([readFileSync(path)]);
    if (tryCreate(lock)) {
      try {
        const db = await PGlite.create();
        const dump = await db.dumpDataDir('none');
        await db.close();
        const temporary = `${path}.${process.pid}.tmp`;
        writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
        renameSync(temporary, path); // atomic: readers never see half a file
        return dump;
      } finally {
        rmSync(lock, { force: true });
      }
    }
    const lockAge = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (lockAge > 120_000) rmSync(lock, { force: true }); // its builder died
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`timed out waiting for another process to build ${path}`);
}

function tryCreate(path: string): boolean {
  try {
    closeSync(openSync(path, 'wx'));
    return true;
  } catch {
    return false;
  }
}
