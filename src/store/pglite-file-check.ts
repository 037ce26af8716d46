/**
 * The first half of the start-up check: PGlite's files judged by their names and sizes alone, before PGlite opens
 * them. It takes milliseconds and catches the damage PGlite cannot survive: with a short `pg_control` or WAL segment
 * PostgreSQL PANICs and the WebAssembly build aborts, with a short relation map it refuses to start, and without
 * `PG_VERSION` PGlite takes the directory for an empty one and runs initdb over it (the tables are lost).
 *
 * Sizes are PostgreSQL's (version 18, which PGlite 0.5 embeds): an 8 KB block, an 8 KB control file, a 524-byte
 * relation map (512 before PostgreSQL 17), WAL segments of the size written in their own first page header.
 * Relation files may be empty, but are always whole blocks; SLRU segments (pg_xact, pg_multixact) are written whole
 * pages at a time and never left empty.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DamageFinding } from './store-damage.js';

export const BLOCK_SIZE = 8192;
const CONTROL_FILE_SIZE = 8192;
const RELMAP_FILE_SIZE = 524;
const DEFAULT_WAL_SEGMENT_SIZE = 16 * 1024 * 1024;
/** `pg_control_version` of PostgreSQL 18: the layout the redo pointer is read with below. */
const CONTROL_VERSION = 1800;

const RELATION_FILE = /^\d+(_(fsm|vm|init))?(\.\d+)?$/;
const WAL_SEGMENT = /^[0-9A-F]{24}$/;
const SLRU_SEGMENT = /^[0-9A-F]{4,15}$/;
const SLRU_DIRS = ['pg_xact', 'pg_multixact/offsets', 'pg_multixact/members', 'pg_commit_ts'];

/**
 * Checks the PGlite directory `pgDir` (an initialised one: not empty); `prefix` is prepended to the file names in the
 * findings (the directory's path relative to the data directory). No findings: nothing wrong that sizes can show.
 */
export function checkPgliteFiles(pgDir: string, prefix = ''): DamageFinding[] {
  const findings: DamageFinding[] = [];
  const found = (file: string, problem: string, blocksOpening = true): void => {
    findings.push({ file: `${prefix}${file}`, problem, blocksOpening });
  };

  const version = readText(join(pgDir, 'PG_VERSION'));
  if (version === undefined) {
    found(
      'PG_VERSION',
      'missing (PGlite would take the directory for an empty one and initialise a new database over it)',
    );
  } else if (!/^\d+\n?$/.test(version)) {
    found('PG_VERSION', `holds "${version.trim().slice(0, 20)}", expected a PostgreSQL major version`);
  }

  const control = sizeOf(join(pgDir, 'global/pg_control'));
  if (control !== CONTROL_FILE_SIZE) found('global/pg_control', sizeProblem(control, CONTROL_FILE_SIZE));
  findings.push(...checkWal(pgDir, prefix));

  for (const dir of ['global', ...databaseDirs(join(pgDir, 'base')).map((db) => `base/${db}`)]) {
    const map = sizeOf(join(pgDir, dir, 'pg_filenode.map'));
    if (map !== RELMAP_FILE_SIZE) found(`${dir}/pg_filenode.map`, sizeProblem(map, RELMAP_FILE_SIZE));
    for (const name of filesIn(join(pgDir, dir))) {
      if (!RELATION_FILE.test(name)) continue;
      const size = sizeOf(join(pgDir, dir, name)) ?? 0;
      // A table or index cut short still opens: export-store can read the rest.
      if (size % BLOCK_SIZE !== 0) found(`${dir}/${name}`, partialBlocks(size), false);
    }
  }

  for (const dir of SLRU_DIRS) {
    for (const name of filesIn(join(pgDir, dir))) {
      if (!SLRU_SEGMENT.test(name)) continue;
      const size = sizeOf(join(pgDir, dir, name)) ?? 0;
      if (size === 0 || size % BLOCK_SIZE !== 0) {
        found(`${dir}/${name}`, size === 0 ? 'empty (0 bytes)' : partialBlocks(size));
      }
    }
  }
  return findings;
}

function checkWal(pgDir: string, prefix: string): DamageFinding[] {
  const findings: DamageFinding[] = [];
  const walDir = join(pgDir, 'pg_wal');
  const segments = filesIn(walDir).filter((name) => WAL_SEGMENT.test(name));
  const segmentSize =
    segments.map((name) => segmentSizeOf(join(walDir, name))).find((size) => size !== undefined) ??
    DEFAULT_WAL_SEGMENT_SIZE;
  for (const name of segments) {
    const size = sizeOf(join(walDir, name));
    if (size !== segmentSize)
      findings.push({
        file: `${prefix}pg_wal/${name}`,
        problem: sizeProblem(size, segmentSize),
        blocksOpening: true,
      });
  }
  // The segment holding the last checkpoint's redo point is where recovery starts: without it nothing opens.
  const redo = redoSegment(join(pgDir, 'global/pg_control'), segmentSize);
  if (redo !== undefined && !segments.includes(redo)) {
    findings.push({
      file: `${prefix}pg_wal/${redo}`,
      problem: 'missing (it holds the last checkpoint, where PostgreSQL starts reading)',
      blocksOpening: true,
    });
  }
  return findings;
}

/** The WAL segment size recorded in a segment's first (long) page header, when the header looks written. */
function segmentSizeOf(path: string): number | undefined {
  const header = readHead(path, 40);
  if (header === undefined || header.length < 40) return undefined;
  const size = header.readUInt32LE(32);
  const powerOfTwo = size > 0 && (size & (size - 1)) === 0;
  return powerOfTwo && size >= 1024 * 1024 && size <= 1024 * 1024 * 1024 ? size : undefined;
}

/** The name of the WAL segment holding pg_control's redo pointer (PostgreSQL 18 layout; undefined otherwise). */
function redoSegment(controlPath: string, segmentSize: number): string | undefined {
  const control = readHead(controlPath, 56);
  if (control === undefined || control.length < 56 || control.readUInt32LE(8) !== CONTROL_VERSION)
    return undefined;
  // ControlFileData: checkPoint at 32, then CheckPoint { redo (8 bytes), ThisTimeLineID (4) } at 40.
  const redo = control.readBigUInt64LE(40);
  const timeline = control.readUInt32LE(48);
  const segment = redo / BigInt(segmentSize);
  const perId = 0x1_0000_0000n / BigInt(segmentSize);
  const hex = (value: bigint | number): string => value.toString(16).toUpperCase().padStart(8, '0');
  return `${hex(timeline)}${hex(segment / perId)}${hex(segment % perId)}`;
}

function sizeProblem(actual: number | undefined, expected: number): string {
  if (actual === undefined) return 'missing';
  return `${actual.toLocaleString('en')} bytes, expected ${expected.toLocaleString('en')} (cut short or overwritten)`;
}

function partialBlocks(size: number): string {
  return (
    `${size.toLocaleString('en')} bytes, not a whole number of ${BLOCK_SIZE.toLocaleString('en')}-byte blocks ` +
    '(cut short)'
  );
}

function sizeOf(path: string): number | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat?.isFile() === true ? stat.size : undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readHead(path: string, bytes: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** The per-database directories of `base/`, named by the database's OID (`pgsql_tmp` holds temporary files). */
function databaseDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && /^\d+$/.test(entry.name))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
