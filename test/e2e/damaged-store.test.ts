/**
 * A damaged embedded data directory, as operators meet it: the real entry point (`npm start`) started on it must
 * exit within seconds with status 65, naming the damaged file and what to do, never with PGlite's `Aborted()`, a
 * stack trace, or a process that neither serves nor exits. Damage found after start-up takes the bot out of
 * readiness and sets the damage gauge.
 */
import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PGLITE_SUBDIR } from '../../src/store/pglite-conf.js';
import { DEFAULT_SIGNING_SECRET, FakeSlack } from '../../src/stand-ins/slack/index.js';
import { DAMAGES, damagedCopy, sampleDataDir, type SampleDataDir } from '../helpers/damaged-store.js';
import { makeAlert } from './helpers/alerts.js';
import { runMain } from './helpers/main-process.js';
import { startTestBot } from './helpers/test-bot.js';

/** Start-up of `node --import tsx` and the check included, on a loaded CI machine. */
const WITHIN_MS = 20_000;

let dir: string;
let sample: SampleDataDir;
let slack: FakeSlack;
let copies = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'falco-triage-damaged-'));
  sample = await sampleDataDir(join(dir, 'sample'), 300);
  slack = await FakeSlack.start();
}, 60_000);

afterAll(async () => {
  await slack.stop();
  rmSync(dir, { recursive: true, force: true });
});

function copyWith(name: string | undefined): { dataDir: string; file: string } {
  const dataDir = join(dir, `copy-${++copies}`);
  const damage = DAMAGES.find((candidate) => candidate.name === name) ?? {
    name: 'none',
    file: () => '',
    apply: () => undefined,
  };
  return { dataDir, file: damagedCopy(sample, damage, dataDir) };
}

function botEnv(dataDir: string): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
    INGEST_TOKEN: '0123456789abcdef0123',
    FALCO_TRIAGE_DATA_DIR: dataDir,
    FALCO_VERSION: '0.41.0',
  };
}

describe('npm start on a damaged data directory', () => {
  it('starts on the healthy copy the damaged ones are made from, and logs that every table reads', async () => {
    const { dataDir } = copyWith(undefined);

    let stopping = false;
    const result = await runMain(botEnv(dataDir), (stdout, stop) => {
      const port = /"port":(\d+)[^\n]*falco-triage is up/.exec(stdout)?.[1];
      if (port === undefined || stopping) return;
      stopping = true;
      // Once it answers, its signal handlers are in place.
      void fetch(`http://127.0.0.1:${port}/healthz`).then(stop);
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/"tables":\d+,"rows":\d+[^\n]*store check: every table reads/);
  }, 60_000);

  // Export is offered only where PGlite can still open the directory.
  const readable = new Set([
    'a table file cut in the middle of a block',
    'a table file cut at a block boundary',
    'an index file cut at a block boundary',
  ]);

  it.each(DAMAGES.map((damage) => [damage.name] as const))(
    'with %s, exits 65 within seconds naming the file and what to do',
    async (name) => {
      const { dataDir, file } = copyWith(name);

      const result = await runMain(botEnv(dataDir));

      expect(result.code).toBe(65);
      expect(result.ms).toBeLessThan(WITHIN_MS);
      expect(result.stderr).toContain(
        `falco-triage cannot start: the embedded store in ${dataDir} is damaged:`,
      );
      expect(result.stderr).toContain(`  - ${join(dataDir, file)}: `);
      expect(result.stderr).toContain('What to do (docs/operations.md#backup-and-restore):');
      expect(result.stderr).toContain(`mv ${dataDir} ${dataDir}.damaged`);
      expect(result.stderr.includes('falco-triage export-store')).toBe(readable.has(name));
      expect(result.stderr).not.toContain('Aborted()');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );
});

describe('damage found while running', () => {
  it('answers /readyz with 503 and the reason, and sets falco_triage_store_damaged to 1', async () => {
    const { dataDir } = copyWith(undefined);
    const t = await startTestBot({ slack, dataDir });
    try {
      const before = await fetch(`${t.bot.url}/readyz`);
      expect(before.status).toBe(200);
      expect(await (await fetch(`${t.bot.url}/metrics`)).text()).toContain('falco_triage_store_damaged 0');
      truncateSync(join(dataDir, PGLITE_SUBDIR, sample.alertsFile), 8192);

      // Falcosidekick redelivers an alert whose first copy sits in a block that is gone.
      const redelivered = await t.post('/falco/alerts', makeAlert({ uuid: sample.dedupeKeys.at(-1) ?? '' }));

      expect(redelivered.status).toBe(503);
      const ready = await fetch(`${t.bot.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'unavailable',
        reason: expect.stringMatching(
          /^the embedded store is damaged: could not read blocks .* \(see docs\/operations\.md#backup-and-restore\)$/,
        ),
      });
      expect(await (await fetch(`${t.bot.url}/metrics`)).text()).toContain('falco_triage_store_damaged 1');
    } finally {
      await t.stop({ keepSlack: true });
    }
  }, 60_000);
});
