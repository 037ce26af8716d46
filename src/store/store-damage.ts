/**
 * A damaged embedded data directory, as the start-up check reports it: which files are wrong and how, and the text
 * that tells the operator what to do. The text is the product here: PGlite's own failure on such a directory is
 * `Aborted()` with a WebAssembly stack trace, which names no file and no next step.
 */
import { join } from 'node:path';
import { BotError } from '../errors.js';

export const BACKUP_DOCS = 'docs/operations.md#backup-and-restore';

export interface DamageFinding {
  /** Relative to the data directory (`pglite/global/pg_control`), or undefined when no file can be named. */
  readonly file: string | undefined;
  /** What is wrong, as a sentence fragment: "8,100 bytes, expected 8,192". */
  readonly problem: string;
  /**
   * True when PostgreSQL cannot open the directory at all with this problem (control file, write-ahead log, relation
   * map): then nothing can be exported from it either.
   */
  readonly blocksOpening: boolean;
}

export interface StoreDamage {
  readonly dataDir: string;
  readonly findings: readonly DamageFinding[];
}

/** Thrown by `openStore` when the start-up check finds damage; `main` prints its message and exits 65. */
export class StoreDamagedError extends BotError {
  readonly damage: StoreDamage;

  constructor(damage: StoreDamage, options?: { cause?: unknown }) {
    super('store_damaged', formatDamage(damage), options);
    this.name = 'StoreDamagedError';
    this.damage = damage;
  }
}

/** Whether `export-store` can read anything from the damaged directory. */
export function isReadable(damage: StoreDamage): boolean {
  return !damage.findings.some((finding) => finding.blocksOpening);
}

/** The operator's message: every finding with its full path, then what to do, in order of preference. */
export function formatDamage(damage: StoreDamage): string {
  const dir = damage.dataDir;
  const aside = `${dir.replace(/\/+$/, '')}.damaged`;
  const findings = damage.findings.map(
    (finding) => `  - ${finding.file === undefined ? '' : `${join(dir, finding.file)}: `}${finding.problem}`,
  );
  const salvage = isReadable(damage)
    ? [
        '  3. To keep what is still readable, export it from the moved directory before starting afresh:',
        `       falco-triage export-store --data-dir ${shellWord(aside)} --out falco-triage-export`,
        '     and load it into the new store with falco-triage import-store (see docs/operations.md).',
      ]
    : ['  Nothing can be exported from it: PostgreSQL cannot open a data directory with this damage.'];
  return [
    `the embedded store in ${dir} is damaged:`,
    ...findings,
    `What to do (${BACKUP_DOCS}):`,
    `  1. Restore the data directory from your latest backup (replace ${dir} with the backup's copy), or`,
    `  2. move it aside and start with an empty store: mv ${shellWord(dir)} ${shellWord(aside)}`,
    '     (alerts, groups, proposals and the audit log stay in the moved directory).',
    ...salvage,
  ].join('\n');
}

/** A path as one shell word: quoted only when it needs to be. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
