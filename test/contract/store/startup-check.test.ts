/**
 * The embedded store's start-up check against real data directories: the child process, its watchdog, and the
 * damage a query runs into after start-up.
 */
import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { RuntimeDamage } from '../../../src/store/damage-monitor.js';
import { PGLITE_SUBDIR } from '../../../src/store/pglite-conf.js';
import { checkDataDir } from '../../../src/store/startup-check.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { DAMAGES, damagedCopy, sampleDataDir, type SampleDataDir } from '../../helpers/damaged-store.js';
import { makeAlert } from '../../helpers/store.js';

describe('start-up check of the embedded store (pglite)', () => {
  let dir: string;
  let sample: SampleDataDir;
  let copies = 0;
  const open: Store[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'falco-triage-startup-check-'));
    sample = await sampleDataDir(join(dir, 'sample'), 300);
  }, 60_000);

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close().catch(() => undefined);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function copyWith(damageName: string | undefined): { dataDir: string; file: string } {
    const dataDir = join(dir, `copy-${++copies}`);
    const damage = DAMAGES.find((candidate) => candidate.name === damageName) ?? {
      name: 'none',
      file: () => '',
      apply: () => undefined,
    };
    return { dataDir, file: damagedCopy(sample, damage, dataDir) };
  }

  it('reads every table of a healthy directory', async () => {
    const { dataDir } = copyWith(undefined);

    const checked = await checkDataDir(dataDir, { timeoutMs: 60_000 });

    expect(checked).toEqual({
      ok: true,
      value: {
        ms: expect.any(Number),
        scanned: true,
        tables: expect.any(Number),
        rows: expect.any(Number),
        unread: [],
      },
    });
    if (!checked.ok) return;
    expect(checked.value.tables).toBeGreaterThanOrEqual(8); // every table of the schema and its TOAST table
    expect(checked.value.rows).toBeGreaterThanOrEqual(300);
  }, 60_000);

  it.each(['a table file cut at a block boundary', 'an index file cut at a block boundary'])(
    'finds %s, which file sizes cannot show, and names the file',
    async (damage) => {
      const { dataDir, file } = copyWith(damage);

      const checked = await checkDataDir(dataDir, { timeoutMs: 60_000 });

      expect(checked.ok).toBe(false);
      if (checked.ok) return;
      expect(checked.error.findings).toEqual([
        {
          file,
          problem: expect.stringMatching(
            /alerts.* cannot be read: could not read blocks .*\(SQLSTATE XX001\)$/,
          ),
          blocksOpening: false,
        },
      ]);
    },
    60_000,
  );

  it('kills a child that does not answer within the watchdog and reports the directory as not opening', async () => {
    const { dataDir } = copyWith(undefined);
    const started = Date.now();

    // A child stuck before PGlite even loads: what a hang while opening looks like from outside.
    const checked = await checkDataDir(dataDir, {
      timeoutMs: 1000,
      execArgv: ['--import=data:text/javascript,for(;;){}'],
    });

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(checked).toEqual({
      ok: false,
      error: {
        dataDir,
        findings: [
          {
            file: undefined,
            problem: 'PGlite did not open it within 1 s (FALCO_TRIAGE_STARTUP_CHECK_SECONDS)',
            blocksOpening: true,
          },
        ],
      },
    });
  }, 30_000);

  it('checks file sizes only when the watchdog is 0', async () => {
    const { dataDir } = copyWith('a table file cut at a block boundary');

    const checked = await checkDataDir(dataDir, { timeoutMs: 0 });

    expect(checked).toMatchObject({ ok: true, value: { scanned: false } });
  });

  it('refuses to open a damaged directory with a store_damaged error', async () => {
    const { dataDir } = copyWith('a truncated pg_control');

    await expect(openStore({ kind: 'embedded', dataDir })).rejects.toMatchObject({
      code: 'store_damaged',
      message: expect.stringContaining(`${dataDir}/pglite/global/pg_control: 100 bytes, expected 8,192`),
    });
    // The lock was released: the directory can be checked again (e.g. after a restore).
    await expect(openStore({ kind: 'embedded', dataDir })).rejects.toMatchObject({ code: 'store_damaged' });
  }, 30_000);

  it('remembers damage a query runs into after start-up and reports it once', async () => {
    const { dataDir } = copyWith(undefined);
    const reported: RuntimeDamage[] = [];
    const store = await openStore(
      { kind: 'embedded', dataDir, startupCheckSeconds: 0 },
      { onDamage: (damage) => reported.push(damage) },
    );
    open.push(store);
    truncateSync(join(dataDir, PGLITE_SUBDIR, sample.alertsFile), 8192);

    // Intake's path: the same Falcosidekick uuid again, whose first copy sits in a block that is gone.
    const again = store.alerts.insert([makeAlert({ dedupeKey: sample.dedupeKeys.at(-1) ?? '' })]);
    await expect(again).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(store.alerts.insert([makeAlert({ dedupeKey: 'uuid-250' })])).rejects.toBeDefined();

    expect(store.damage()).toEqual({
      message: expect.stringMatching(/^could not read blocks \d+\.\.\d+ in file "base\/\d+\/\d+"/),
      file: sample.alertsFile,
      since: expect.any(Date),
    });
    expect(reported).toEqual([store.damage()]);
  }, 60_000);
});
