import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { lockDataDir } from '../../../src/store/data-dir-lock.js';
import { PGLITE_SUBDIR } from '../../../src/store/pglite-conf.js';
import { openStore } from '../../../src/store/store.js';
import { cli } from '../../helpers/cli.js';
import { DAMAGES, damagedCopy, sampleDataDir, type SampleDataDir } from '../../helpers/damaged-store.js';

const damage = (name: string) => DAMAGES.find((candidate) => candidate.name === name) ?? DAMAGES[0]!;

describe('falco-triage export-store and import-store', () => {
  let dir: string;
  let sample: SampleDataDir;
  let copies = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'falco-triage-export-'));
    sample = await sampleDataDir(join(dir, 'sample'), 300);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const next = (name: string) => join(dir, `${name}-${++copies}`);

  /** An empty embedded store (from the seed, so the test does not wait for initdb). */
  async function emptyStore(): Promise<string> {
    return (await sampleDataDir(next('target'), 0)).dataDir;
  }

  async function countIn(dataDir: string, table: string): Promise<number> {
    const store = await openStore({ kind: 'embedded', dataDir, startupCheckSeconds: 0 });
    try {
      const { rows } = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      return Number(rows[0]?.n);
    } finally {
      await store.close();
    }
  }

  it('exports every table of a healthy store, and import-store loads it into a new one', async () => {
    const out = next('export');

    const exported = await cli(['export-store', '--data-dir', sample.dataDir, '--out', out]);

    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('alerts: 300 rows (1 file)');
    expect(exported.stderr).toContain('Every table was read in full.');
    expect(readdirSync(out).sort()).toEqual([
      'alerts',
      'load-postgres.sql',
      'manifest.json',
      'schema_migrations',
    ]);
    expect(readFileSync(join(out, 'load-postgres.sql'), 'utf8')).toContain(
      '\\copy alerts (id, received_at, event_time, rule, priority, priority_level, source, hostname, tags, output, ' +
        "output_fields, raw, fingerprint, dedupe_key, origin, route, channels, falco_target) FROM 'alerts/000001.csv' WITH " +
        '(FORMAT csv, HEADER true)',
    );

    const target = await emptyStore();
    const imported = await cli(['import-store', '--from', out, '--data-dir', target]);

    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('alerts: 300 rows');
    expect(await countIn(target, 'alerts')).toBe(300);

    const again = await cli(['import-store', '--from', out, '--data-dir', target]);
    expect(again).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('already holds data (table alerts)'),
    });
  }, 120_000);

  it('skips an unreadable page, lists it, exits 1, and what it wrote still imports', async () => {
    const dataDir = next('damaged');
    damagedCopy(
      sample,
      {
        name: 'an overwritten page',
        file: () => '',
        apply: (pgDir) => {
          const path = join(pgDir, sample.alertsFile);
          const bytes = readFileSync(path);
          bytes.fill(0x5a, 8192 * 3, 8192 * 4); // block 3: not a page any more
          writeFileSync(path, bytes);
        },
      },
      dataDir,
    );
    const out = next('export');

    const exported = await cli(['export-store', '--data-dir', dataDir, '--out', out]);

    expect(exported.status).toBe(1);
    expect(exported.stdout).toMatch(
      /alerts: \d+ rows \(\d+ files?\)\n {2}unreadable block 3: invalid page in block 3/,
    );
    expect(exported.stderr).toContain('alerts could not be read in full (see above).');
    const read = Number(/alerts: (\d+) rows/.exec(exported.stdout)?.[1]);
    expect(read).toBeGreaterThan(250);
    expect(read).toBeLessThan(300);

    const target = await emptyStore();
    expect((await cli(['import-store', '--from', out, '--data-dir', target])).status).toBe(0);
    expect(await countIn(target, 'alerts')).toBe(read);
  }, 120_000);

  it('says the primary key lists rows past the end of a table file cut at a block boundary', async () => {
    const dataDir = next('cut');
    damagedCopy(sample, damage('a table file cut at a block boundary'), dataDir);

    const exported = await cli(['export-store', '--data-dir', dataDir, '--out', next('export')]);

    expect(exported.status).toBe(1);
    expect(exported.stdout).toMatch(
      /alerts: \d+ rows \(1 file\)\n {2}reading it through its primary key fails: could not read blocks/,
    );
  }, 60_000);

  it('refuses a directory PostgreSQL cannot open, naming the file, and writes nothing', async () => {
    const dataDir = next('control');
    damagedCopy(sample, damage('a truncated pg_control'), dataDir);
    const out = next('export');

    const exported = await cli(['export-store', '--data-dir', dataDir, '--out', out]);

    expect(exported.status).toBe(1);
    expect(exported.stderr).toContain(
      `nothing can be read from ${dataDir}: PostgreSQL cannot open a data directory with this damage:\n` +
        `  - ${join(dataDir, PGLITE_SUBDIR, 'global/pg_control')}: 100 bytes, expected 8,192`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a directory the bot has open', async () => {
    const dataDir = next('locked');
    damagedCopy(sample, { name: 'none', file: () => '', apply: () => undefined }, dataDir);
    const lock = await lockDataDir(dataDir);
    try {
      const exported = await cli(['export-store', '--data-dir', dataDir, '--out', next('export')]);

      expect(exported).toMatchObject({
        status: 2,
        stderr: expect.stringContaining(`cannot open ${dataDir}`),
      });
    } finally {
      lock.release();
    }
  });

  it.each([
    [['export-store', '--data-dir', '/nowhere'], '--data-dir and --out are required'],
    [['export-store', '--data-dir', '/nowhere', '--out', '/tmp/x'], '/nowhere holds no embedded store'],
    [['import-store', '--from', '/nowhere', '--data-dir', '/tmp/x'], 'cannot read /nowhere/manifest.json'],
    [['export-store', '--bogus'], "Unknown option '--bogus'"],
  ])('exits 2 on bad usage: %j', async (argv, message) => {
    const run = await cli(argv);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('refuses an export from a newer schema', async () => {
    const out = next('export');
    expect((await cli(['export-store', '--data-dir', sample.dataDir, '--out', out])).status).toBe(0);
    const manifestPath = join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { migrations: number[] };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, migrations: [...manifest.migrations, 999] }));

    const imported = await cli(['import-store', '--from', out, '--data-dir', next('target')]);

    expect(imported).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('the export comes from a newer falco-triage (schema 999'),
    });
  }, 60_000);
});
