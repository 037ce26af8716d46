/**
 * Embedded data directories with alerts in them, and the kinds of damage operators have met: files cut short (a
 * full disk, a copy that did not finish) or missing. Shared by the start-up check's tests and the end-to-end ones.
 */
import { cpSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { PGLITE_SUBDIR } from '../../src/store/pglite-conf.js';
import { openStore } from '../../src/store/store.js';
import { makeAlert } from './store.js';
import { pgliteSeed } from '../../src/store/index.js';

export interface SampleDataDir {
  readonly dataDir: string;
  /** Files relative to PGlite's directory, e.g. `base/5/16396`. */
  readonly alertsFile: string;
  readonly alertsKeyFile: string;
  /** `base/<oid>` of the database the bot uses. */
  readonly databaseDir: string;
  /** The dedupe keys of the stored alerts (`uuid-0`, `uuid-1`, …). */
  readonly dedupeKeys: readonly string[];
}

/** Creates `dataDir` from the cached seed, stores `count` alerts and closes it (cleanly shut down). */
export async function sampleDataDir(dataDir: string, count = 300): Promise<SampleDataDir> {
  const store = await openStore({ kind: 'embedded', dataDir }, { seed: await pgliteSeed() });
  const dedupeKeys = Array.from({ length: count }, (_, index) => `uuid-${index}`);
  const start = Date.now() - 60_000;
  await store.alerts.insert(
    dedupeKeys.map((dedupeKey, index) =>
      makeAlert({ dedupeKey, receivedAt: new Date(start + index), fingerprint: `fp-${index % 7}` }),
    ),
  );
  const { rows } = await store.db.query<{ heap: string; key: string }>(
    `SELECT pg_relation_filepath('alerts') AS heap, pg_relation_filepath('alerts_pkey') AS key`,
  );
  await store.close();
  const alertsFile = rows[0]?.heap ?? '';
  return {
    dataDir,
    alertsFile,
    alertsKeyFile: rows[0]?.key ?? '',
    databaseDir: alertsFile.split('/').slice(0, 2).join('/'),
    dedupeKeys,
  };
}

export interface Damage {
  readonly name: string;
  /** The damaged file, relative to the data directory (what the message must name). */
  readonly file: (sample: SampleDataDir) => string;
  readonly apply: (pgDir: string, sample: SampleDataDir) => void;
}

const pglite = (file: string): string => `${PGLITE_SUBDIR}/${file}`;

function newestWalSegment(pgDir: string): string {
  const segments = readdirSync(join(pgDir, 'pg_wal'))
    .filter((name) => /^[0-9A-F]{24}$/.test(name))
    .sort();
  const newest = segments.at(-1);
  if (newest === undefined) throw new Error('no WAL segment');
  return `pg_wal/${newest}`;
}

export const DAMAGES: readonly Damage[] = [
  {
    name: 'a truncated pg_control',
    file: () => pglite('global/pg_control'),
    apply: (pgDir) => truncateSync(join(pgDir, 'global/pg_control'), 100),
  },
  {
    name: 'a truncated WAL segment',
    file: (sample) => pglite(newestWalSegment(join(sample.dataDir, PGLITE_SUBDIR))),
    apply: (pgDir) => truncateSync(join(pgDir, newestWalSegment(pgDir)), 1_000_000),
  },
  {
    name: "a truncated pg_filenode.map of the bot's database",
    file: (sample) => pglite(`${sample.databaseDir}/pg_filenode.map`),
    apply: (pgDir, sample) => truncateSync(join(pgDir, sample.databaseDir, 'pg_filenode.map'), 100),
  },
  {
    name: 'a truncated global pg_filenode.map',
    file: () => pglite('global/pg_filenode.map'),
    apply: (pgDir) => truncateSync(join(pgDir, 'global/pg_filenode.map'), 0),
  },
  {
    name: 'a missing PG_VERSION',
    file: () => pglite('PG_VERSION'),
    apply: (pgDir) => rmSync(join(pgDir, 'PG_VERSION')),
  },
  {
    name: 'a table file cut in the middle of a block',
    file: (sample) => pglite(sample.alertsFile),
    apply: (pgDir, sample) => truncateSync(join(pgDir, sample.alertsFile), 8192 + 1000),
  },
  {
    name: 'a table file cut at a block boundary',
    file: (sample) => pglite(sample.alertsFile),
    apply: (pgDir, sample) => truncateSync(join(pgDir, sample.alertsFile), 8192),
  },
  {
    name: 'an index file cut at a block boundary',
    file: (sample) => pglite(sample.alertsKeyFile),
    apply: (pgDir, sample) => truncateSync(join(pgDir, sample.alertsKeyFile), 8192),
  },
];

/** A copy of the sample's data directory at `dataDir` with `damage` applied; returns the damaged file. */
export function damagedCopy(sample: SampleDataDir, damage: Damage, dataDir: string): string {
  cpSync(sample.dataDir, dataDir, { recursive: true });
  const file = damage.file({ ...sample, dataDir });
  damage.apply(join(dataDir, PGLITE_SUBDIR), sample);
  return file;
}

/** The size of a file in the data directory (tests check their damage took). */
export function sizeIn(dataDir: string, file: string): number {
  return statSync(join(dataDir, file)).size;
}
