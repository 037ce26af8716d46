/**
 * The embedded store's start-up check, run before the bot opens an existing data directory: the files by size
 * (milliseconds, pglite-file-check.ts), then PGlite opening and reading every table in a child process under a
 * watchdog (pglite-scan.ts). Damage is an error value naming the files; a scan the watchdog cut short after PGlite
 * opened is not damage (a big store on a slow disk) and is reported as unread tables instead.
 */
import { join } from 'node:path';
import { err, ok, type Result } from '../result.js';
import { PGLITE_SUBDIR } from './pglite-conf.js';
import { checkPgliteFiles } from './pglite-file-check.js';
import { scanInChild } from './pglite-scan.js';
import { scanVerdict } from './scan-verdict.js';
import type { StoreDamage } from './store-damage.js';

export interface StartupCheckOptions {
  /** The watchdog on the child (opening and reading); 0 skips the child and checks file sizes only. */
  readonly timeoutMs: number;
  /** Node flags for the child (tests make it hang with one). */
  readonly execArgv?: readonly string[];
}

export interface StartupCheckReport {
  readonly ms: number;
  /** False when only file sizes were checked (`timeoutMs` 0). */
  readonly scanned: boolean;
  readonly tables: number;
  readonly rows: number;
  /** Tables the watchdog left unread (PGlite had opened the directory, so not damage). */
  readonly unread: readonly string[];
}

/** Checks the initialised PGlite directory under `dataDir`. */
export async function checkDataDir(
  dataDir: string,
  options: StartupCheckOptions,
): Promise<Result<StartupCheckReport, StoreDamage>> {
  const started = performance.now();
  const prefix = `${PGLITE_SUBDIR}/`;
  const pgDir = join(dataDir, PGLITE_SUBDIR);
  const fileFindings = checkPgliteFiles(pgDir, prefix);
  // Reported at once: PGlite would abort on most of these, and the operator has a file to look at already.
  if (fileFindings.length > 0) return err({ dataDir, findings: fileFindings });
  if (options.timeoutMs <= 0) {
    return ok({ ms: performance.now() - started, scanned: false, tables: 0, rows: 0, unread: [] });
  }
  const outcome = await scanInChild(pgDir, {
    timeoutMs: options.timeoutMs,
    ...(options.execArgv === undefined ? {} : { execArgv: options.execArgv }),
  });
  const verdict = scanVerdict(outcome, options.timeoutMs, prefix);
  if (verdict.findings.length > 0) return err({ dataDir, findings: verdict.findings });
  return ok({
    ms: performance.now() - started,
    scanned: true,
    tables: verdict.tables,
    rows: verdict.rows,
    unread: verdict.unread,
  });
}
