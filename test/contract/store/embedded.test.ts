import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { LOCK_FILE } from '../../../src/store/data-dir-lock.js';
import { migrate } from '../../../src/store/migrate.js';
import { openEmbeddedDatabase } from '../../../src/store/pglite-database.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { makeAlert, pgliteSeed, pgliteSeedPath } from '../../helpers/store.js';

// The embedded store on disk: restart, the data-directory lock, and a crash in the middle of writing.
describe('embedded store on disk (pglite)', () => {
  let seed: Blob;
  const dirs: string[] = [];
  const open: Store[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    seed = await pgliteSeed();
  }, 120_000);

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL'); // after a failure or timeout, too
    for (const store of open.splice(0)) await store.close().catch(() => undefined);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function dataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'falco-triage-embedded-'));
    dirs.push(dir);
    return dir;
  }

  async function openAt(dir: string, options: Parameters<typeof openStore>[1] = {}): Promise<Store> {
    const store = await openStore({ kind: 'embedded', dataDir: dir }, { seed, ...options });
    open.push(store);
    return store;
  }

  it('keeps every table across close and reopen', async () => {
    const dir = dataDir();
    const first = await openAt(dir);
    const alert = makeAlert({ dedupeKey: 'uuid-restart' });
    await first.transaction(async (tx) => {
      await tx.alerts.insert([alert]);
      await tx.outbox.enqueue(
        { kind: 'slack.post', orderingKey: 'C1', payload: { alertId: alert.id } },
        new Date(0),
      );
      await tx.audit.append({
        at: new Date(0),
        actor: 'system',
        action: 'alert.stored',
        subjectType: 'alert',
        subjectId: alert.id,
      });
    });
    await first.close();

    const second = await openAt(dir);
    expect(await migrate(second.db)).toMatchObject({
      applied: [],
      alreadyApplied: MIGRATIONS.map((migration) => migration.version),
    });
    expect(await second.alerts.get(alert.id)).toEqual(alert);
    expect(await second.alerts.insert([makeAlert({ dedupeKey: 'uuid-restart' })])).toEqual([
      { id: alert.id, duplicate: true },
    ]);
    expect(
      await second.outbox.claim({ workerId: 'w', now: new Date(1), leaseMs: 1000, limit: 5 }),
    ).toMatchObject([{ payload: { alertId: alert.id } }]);
    expect(await second.audit.recent()).toHaveLength(1);
  }, 60_000);

  it('initialises an empty data directory in a child process, renamed into place when complete', async () => {
    const dir = dataDir();
    const fresh = await openStore({ kind: 'embedded', dataDir: dir }); // no seed: initdb runs
    open.push(fresh);
    const alert = makeAlert();
    await fresh.alerts.insert([alert]);
    await fresh.close();
    expect(readdirSync(dir).filter((name) => name.includes('initdb'))).toEqual([]);

    const reopened = await openAt(dir);
    expect(await reopened.alerts.get(alert.id)).toEqual(alert);
  }, 120_000);

  it('says why when initdb fails, leaves nothing half-made, and initialises on the next start', async () => {
    const dir = dataDir();
    // A preload that does not exist makes the initdb child fail.
    await expect(
      openEmbeddedDatabase({
        dataDir: dir,
        initdbExecArgv: [`--require=${join(dir, 'missing-preload.cjs')}`],
      }),
    ).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringMatching(
        /initialising .*pglite failed: the initdb child process ended with exit/,
      ),
    });
    expect(readdirSync(dir).filter((name) => name.startsWith('pglite'))).toEqual([]);

    const store = await openStore({ kind: 'embedded', dataDir: dir });
    open.push(store);
    await store.alerts.insert([makeAlert()]);
  }, 120_000);

  it('refuses a second open of the same directory while the first is open, and allows it after close', async () => {
    const dir = dataDir();
    const first = await openAt(dir);
    await expect(openAt(dir)).rejects.toMatchObject({
      code: 'store_unavailable',
      message: /already open in this process/,
    });
    await first.close();
    await expect(openAt(dir)).resolves.toBeDefined();
  }, 60_000);

  it('waits for a lock held by a live process elsewhere, then refuses with a message saying who holds it', async () => {
    const dir = dataDir();
    // A lock refreshed just now by a process on another host: it cannot be checked, only waited for.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ host: 'other-host', pid: 4242, token: 't' }));
    await expect(openAt(dir, { lock: { staleMs: 60_000, waitMs: 300 } })).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringMatching(/in use by process 4242 on other-host/),
    });
    // The same lock, no longer refreshed: taken over once stale.
    await expect(openAt(dir, { lock: { staleMs: 200, waitMs: 2000 } })).resolves.toBeDefined();
  }, 60_000);

  it('recovers after the writing process is killed (SIGKILL): every acknowledged batch is there, none is partial', async () => {
    const dir = dataDir();
    // `node --import tsx`, not the tsx CLI: that runs the script in a grandchild which SIGKILL would not reach.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve('test/contract/store/children/crash-writer.ts'), dir, pgliteSeedPath()],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let acknowledged = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/committed (\d+)/g)) acknowledged = Number(match[1]);
        if (acknowledged >= 500) {
          child.kill('SIGKILL');
          done();
        }
      });
      child.on('exit', (code) =>
        fail(new Error(`the writer exited (${code}) before being killed: ${stderr}`)),
      );
    });
    if (child.exitCode === null && child.signalCode === null)
      await new Promise((done) => child.once('exit', done));
    expect(child.signalCode).toBe('SIGKILL');

    const store = await openAt(dir); // same host, dead pid: the lock is taken over at once
    const stored = await store.alerts.count({ since: new Date(0) });
    expect(stored).toBeGreaterThanOrEqual(acknowledged);
    expect(stored % 50).toBe(0); // batches are atomic
    await store.alerts.insert([makeAlert()]); // and the recovered database takes writes
  }, 120_000);
});
