import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PGLITE_SUBDIR } from '../../../src/store/pglite-conf.js';
import { checkPgliteFiles } from '../../../src/store/pglite-file-check.js';
import { DAMAGES, damagedCopy, sampleDataDir, type SampleDataDir } from '../../helpers/damaged-store.js';

describe('checkPgliteFiles', () => {
  let dir: string;
  let sample: SampleDataDir;
  let copies = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'falco-triage-file-check-'));
    sample = await sampleDataDir(join(dir, 'sample'), 200);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function copy(damage: (pgDir: string) => void = () => undefined): string {
    const dataDir = join(dir, `copy-${++copies}`);
    damagedCopy(sample, { name: 'custom', file: () => '', apply: damage }, dataDir);
    return join(dataDir, PGLITE_SUBDIR);
  }

  it('finds nothing wrong in a healthy data directory (temporary files and pg_internal.init aside)', () => {
    const pgDir = copy((pg) => {
      mkdirSync(join(pg, 'base/pgsql_tmp'), { recursive: true });
      writeFileSync(join(pg, 'base/pgsql_tmp/pgsql_tmp123.0'), 'x');
    });

    expect(checkPgliteFiles(pgDir)).toEqual([]);
  });

  // A table file cut at a block boundary looks whole by size: the scan in the child finds it.
  const bySize = DAMAGES.filter((damage) => !damage.name.includes('at a block boundary'));

  it.each(bySize.map((damage) => [damage.name, damage] as const))('names %s', (_name, damage) => {
    const dataDir = join(dir, `copy-${++copies}`);
    const file = damagedCopy(sample, damage, dataDir);

    const findings = checkPgliteFiles(join(dataDir, PGLITE_SUBDIR), `${PGLITE_SUBDIR}/`);

    expect(findings).toEqual([expect.objectContaining({ file })]);
  });

  it('says how big each file is and should be, and which damage still lets export-store read', () => {
    const control = checkPgliteFiles(copy((pg) => truncateSync(join(pg, 'global/pg_control'), 100)));
    const table = checkPgliteFiles(copy((pg) => truncateSync(join(pg, sample.alertsFile), 9000)));
    const version = checkPgliteFiles(copy((pg) => rmSync(join(pg, 'PG_VERSION'))));

    expect(control).toEqual([
      {
        file: 'global/pg_control',
        problem: '100 bytes, expected 8,192 (cut short or overwritten)',
        blocksOpening: true,
      },
    ]);
    expect(table).toEqual([
      {
        file: sample.alertsFile,
        problem: '9,000 bytes, not a whole number of 8,192-byte blocks (cut short)',
        blocksOpening: false,
      },
    ]);
    expect(version[0]?.problem).toMatch(/missing \(PGlite would .* initialise a new database over it\)/);
  });

  it('names the WAL segment holding the last checkpoint when it is missing', () => {
    const pgDir = copy((pg) => {
      for (const name of readdirSync(join(pg, 'pg_wal')).filter((file) => /^[0-9A-F]{24}$/.test(file)))
        rmSync(join(pg, 'pg_wal', name));
    });

    expect(checkPgliteFiles(pgDir)).toEqual([
      {
        file: expect.stringMatching(/^pg_wal\/[0-9A-F]{24}$/),
        problem: 'missing (it holds the last checkpoint, where PostgreSQL starts reading)',
        blocksOpening: true,
      },
    ]);
  });

  it('finds an emptied transaction status file', () => {
    const pgDir = copy((pg) => truncateSync(join(pg, 'pg_xact/0000'), 0));

    expect(checkPgliteFiles(pgDir)).toEqual([
      { file: 'pg_xact/0000', problem: 'empty (0 bytes)', blocksOpening: true },
    ]);
  });
});
