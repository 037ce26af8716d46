/**
 * One attempt to reach PostgreSQL, against real sockets: a closed port (waiting helps), the real server when
 * TEST_DATABASE_URL is set (it answers; a database that does not exist is a refusal waiting cannot fix), and what
 * the reasons may never contain (the URL's password).
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { postgresAddress, probePostgres } from '../../../src/store/index.js';
import { closedPort } from '../../helpers/sockets.js';
import { TEST_DATABASE_URL } from '../../helpers/store.js';

describe('postgresAddress', () => {
  it.each([
    ['postgres://bot:pw@db.internal:6543/falco', 'db.internal:6543'],
    ['postgresql://db/falco', 'db:5432'],
    ['postgres://bot@/falco?host=/var/run/postgresql', '/var/run/postgresql:5432'],
    ['postgres://[::1]:5433/x', '[::1]:5433'],
    ['not a URL', 'the server of DATABASE_URL'],
  ])('%s is %s', (url, address) => {
    expect(postgresAddress(url)).toBe(address);
  });
});

describe('probePostgres', () => {
  it('reports a closed port as worth waiting for, without the password', async () => {
    const port = await closedPort();

    const result = await probePostgres(`postgres://bot:pa%24%24-word@127.0.0.1:${port}/falco`, 2000);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.transient).toBe(true);
    expect(result.error.reason).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('reports a server that accepts but never answers as worth waiting for, after the attempt timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = performance.now();

      const result = await probePostgres(`postgres://bot:hunter2@127.0.0.1:${port}/falco`, 1000);

      expect(performance.now() - started).toBeLessThan(5000);
      expect(!result.ok && result.error.transient).toBe(true);
      expect(JSON.stringify(result)).not.toContain('hunter2');
    } finally {
      silent.close();
    }
  });

  const withServer = TEST_DATABASE_URL === undefined || TEST_DATABASE_URL === '' ? it.skip : it;
  // Skipped without TEST_DATABASE_URL (a server on 127.0.0.1:5432 on dev and CI machines, set by .ci/run).

  withServer('connects to the real server', async () => {
    expect(await probePostgres(TEST_DATABASE_URL ?? '', 2000)).toEqual({ ok: true, value: undefined });
  });

  withServer('stops at once for a database that does not exist', async () => {
    const url = new URL(TEST_DATABASE_URL ?? '');
    url.pathname = '/no_such_database_for_falco_triage';

    const result = await probePostgres(url.toString(), 2000);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual({
      transient: false,
      reason: 'database "no_such_database_for_falco_triage" does not exist (SQLSTATE 3D000)',
    });
  });
});
