import { describe, expect, it } from '@jest/globals';
import { newId } from '../../../src/store/ids.js';
import { FIXTURE_RAW, makeAlert, storeBackends, storeTestEnv } from '../../helpers/store.js';
import type { NewAlert } from '../../../src/triage/ports/index.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

function batch(size: number, make: (index: number) => Partial<NewAlert> = () => ({})): NewAlert[] {
  return Array.from({ length: size }, (_, index) =>
    makeAlert({ id: newId(T0 + index), eventTime: at(index), ...make(index) }),
  );
}

describe.each(storeBackends())('alerts store (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('stores an alert and reads back every field unchanged, the raw payload byte for byte', async () => {
    const store = await env.fresh();
    const alert = makeAlert({
      dedupeKey: '9c6a1d3e-7c7e-4c6e-9d8e-2f1a3b4c5d6e',
      route: 'secops',
      channels: ['C1', 'C2'],
      tags: ['T1555', 'quote"d', 'back\\slash', 'üñí'],
      outputFields: {
        'proc.name': 'cat',
        'k8s.ns.name': null,
        'user.uid': 0,
        'evt.arg.flags': 'O_RDONLY|O_CLOEXEC',
      },
    });
    expect(await store.alerts.insert([alert])).toEqual([{ id: alert.id, duplicate: false }]);
    expect(await store.alerts.get(alert.id)).toEqual(alert);
    expect((await store.alerts.get(alert.id))?.raw).toBe(FIXTURE_RAW);
    expect(FIXTURE_RAW).toContain('1786584584319538044'); // evt.time keeps all 19 digits in the raw text
  });

  it('stores integers beyond 2^53 in output_fields digit for digit, as jsonb numbers', async () => {
    const store = await env.fresh();
    const alert = makeAlert({
      outputFields: {
        'evt.time': 1786584584319538044n,
        'proc.aargs': [1, 18446744073709551615n, -9223372036854775808n],
        'user.uid': 0,
      },
    });

    await store.alerts.insert([alert]);

    const { rows } = await store.db.query<{ time: string; kind: string; list: string }>(
      `SELECT output_fields ->> 'evt.time' AS time, jsonb_typeof(output_fields -> 'evt.time') AS kind,
              output_fields ->> 'proc.aargs' AS list
       FROM alerts WHERE id = $1`,
      [alert.id],
    );
    expect(rows).toEqual([
      {
        time: '1786584584319538044',
        kind: 'number',
        list: '[1, 18446744073709551615, -9223372036854775808]',
      },
    ]);
  });

  it('returns undefined for an unknown id and an empty list for no ids', async () => {
    const store = await env.fresh();
    expect(await store.alerts.get(newId())).toBeUndefined();
    expect(await store.alerts.getMany([])).toEqual([]);
    expect(await store.alerts.insert([])).toEqual([]);
  });

  it.each([1, 500, 5000])(
    'inserts a batch of %i and reports one result per input, in input order',
    async (size) => {
      const store = await env.fresh();
      const alerts = batch(size, (index) => ({ hostname: `node-${index % 7}` }));
      const results = await store.alerts.insert(alerts);
      expect(results).toHaveLength(size);
      expect(results.map((result) => result.id)).toEqual(alerts.map((alert) => alert.id));
      expect(results.every((result) => !result.duplicate)).toBe(true);
      expect(await store.alerts.count({ since: at(-1) })).toBe(size);
      const last = alerts[size - 1] as NewAlert;
      expect(await store.alerts.get(last.id)).toEqual(last);
    },
  );

  it('stores the same Falcosidekick uuid once, across batches and within one batch', async () => {
    const store = await env.fresh();
    const first = makeAlert({ dedupeKey: 'uuid-1' });
    const [stored] = await store.alerts.insert([first]);
    const again = makeAlert({ dedupeKey: 'uuid-1' });
    const twinA = makeAlert({ dedupeKey: 'uuid-2' });
    const twinB = makeAlert({ dedupeKey: 'uuid-2' });
    const plain = makeAlert();
    const results = await store.alerts.insert([again, twinA, twinB, plain]);
    expect(stored).toEqual({ id: first.id, duplicate: false });
    expect(results).toEqual([
      { id: first.id, duplicate: true },
      { id: twinA.id, duplicate: false },
      { id: twinA.id, duplicate: true },
      { id: plain.id, duplicate: false },
    ]);
    expect(await store.alerts.count({ since: at(-86_400) })).toBe(3);
  });

  it('stores alerts without a uuid every time, even when identical', async () => {
    const store = await env.fresh();
    await store.alerts.insert([makeAlert(), makeAlert()]);
    expect(await store.alerts.count({ since: at(-86_400) })).toBe(2);
  });

  it('rolls back a whole batch when one row is invalid', async () => {
    const store = await env.fresh();
    const good = makeAlert();
    const bad = makeAlert({ priorityLevel: 9 }); // outside Falco's 0-7
    await expect(store.alerts.insert([good, bad])).rejects.toMatchObject({ code: 'store_data_error' });
    expect(await store.alerts.get(good.id)).toBeUndefined();
  });

  it('keeps a batch spread over several statements atomic, with duplicates found across statements', async () => {
    const store = await env.fresh();
    // 60 KB of raw text each: every alert needs a statement of its own (statements stay under 96 KB of JSON).
    const big = (overrides: Partial<NewAlert> = {}) => makeAlert({ raw: 'x'.repeat(60_000), ...overrides });
    const good = big();
    const bad = big({ priorityLevel: 9 });
    await expect(store.alerts.insert([good, big(), bad])).rejects.toMatchObject({ code: 'store_data_error' });
    expect(await store.alerts.get(good.id)).toBeUndefined();

    const twinA = big({ dedupeKey: 'uuid-big' });
    const twinB = big({ dedupeKey: 'uuid-big' });
    expect(await store.alerts.insert([good, twinA, twinB])).toEqual([
      { id: good.id, duplicate: false },
      { id: twinA.id, duplicate: false },
      { id: twinA.id, duplicate: true },
    ]);
    expect((await store.alerts.get(twinA.id))?.raw).toHaveLength(60_000);
  });

  it('scans a window oldest first, page by page, filtered by rule', async () => {
    const store = await env.fresh();
    const alerts = batch(25, (index) => ({
      rule: index % 2 === 0 ? 'Rule A' : 'Rule B',
      eventTime: at(index % 10),
    }));
    await store.alerts.insert(alerts);
    const seen: string[] = [];
    let after: { eventTime: Date; id: string } | undefined;
    for (;;) {
      const page = await store.alerts.scan({
        since: at(2),
        until: at(8),
        rules: ['Rule A'],
        limit: 4,
        ...(after ? { after } : {}),
      });
      if (page.length === 0) break;
      seen.push(...page.map((alert) => alert.id));
      const last = page[page.length - 1];
      if (last !== undefined) after = { eventTime: last.eventTime, id: last.id };
    }
    const expected = alerts
      .filter((alert) => alert.rule === 'Rule A' && alert.eventTime >= at(2) && alert.eventTime < at(8))
      .sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime() || (a.id < b.id ? -1 : 1))
      .map((alert) => alert.id);
    expect(seen).toEqual(expected);
    expect(seen.length).toBeGreaterThan(4);
  });

  it('summarizes what an exception would silence: count, hosts and rules, by output-field conditions', async () => {
    const store = await env.fresh();
    const fields = (name: string, file: string, uid: number | null, image = 'registry/app') => ({
      'proc.name': name,
      'fd.name': file,
      'user.uid': uid,
      'container.image.repository': image,
    });
    await store.alerts.insert([
      makeAlert({ hostname: 'h1', outputFields: fields('titanagent', '/etc/shadow', 0) }),
      makeAlert({ hostname: 'h2', outputFields: fields('titanagent', '/etc/shadow', 0, 'registry/other') }),
      makeAlert({ hostname: 'h2', outputFields: fields('titanagent', '/etc/sudoers', 0, '<NA>') }),
      makeAlert({ hostname: 'h3', outputFields: fields('cat', '/etc/shadow', null) }),
      makeAlert({ hostname: 'h1', rule: 'Other rule', outputFields: fields('titanagent', '/etc/shadow', 0) }),
      makeAlert({
        hostname: 'h9',
        eventTime: at(-86_400 * 30),
        outputFields: fields('titanagent', '/etc/x', 0),
      }),
    ]);
    const since = at(-86_400 * 7);
    expect(
      await store.alerts.summarize({
        since,
        where: [{ field: 'proc.name', op: 'in', values: ['titanagent'] }],
      }),
    ).toEqual({
      total: 4,
      hosts: 2,
      images: 2,
      byRule: { 'Read sensitive file untrusted': 3, 'Other rule': 1 },
      totals: { 'Read sensitive file untrusted': 4, 'Other rule': 1 },
    });
    expect(
      await store.alerts.summarize({
        since,
        rules: ['Read sensitive file untrusted'],
        where: [
          { field: 'proc.name', op: 'in', values: ['titanagent'] },
          { field: 'fd.name', op: 'startswith', prefix: '/etc/sh' },
        ],
      }),
    ).toEqual({
      total: 2,
      hosts: 2,
      images: 2,
      byRule: { 'Read sensitive file untrusted': 2 },
      totals: { 'Read sensitive file untrusted': 4 },
    });
    expect(
      await store.alerts.summarize({ since, where: [{ field: 'user.uid', op: 'in', values: ['0'] }] }),
    ).toMatchObject({ total: 4 });
    expect(
      await store.alerts.summarize({ since, where: [{ field: 'fd.name', op: 'contains', text: 'sudo' }] }),
    ).toMatchObject({ total: 1, hosts: 1 });
    expect(await store.alerts.summarize({ since, rules: ['No such rule'] })).toEqual({
      total: 0,
      hosts: 0,
      images: 0,
      byRule: {},
      totals: {},
    });
  });

  it('lists the recent alerts of a fingerprint newest first, and deletes alerts past retention', async () => {
    const store = await env.fresh();
    const alerts = batch(6, (index) => ({ fingerprint: index < 4 ? 'fp-1' : 'fp-2' }));
    await store.alerts.insert(alerts);
    const recent = await store.alerts.listByFingerprint('fp-1', 2);
    expect(recent.map((alert) => alert.id)).toEqual([alerts[3]?.id, alerts[2]?.id]);
    expect(await store.alerts.deleteOlderThan(at(3), 2)).toBe(2);
    expect(await store.alerts.deleteOlderThan(at(3))).toBe(1);
    expect(await store.alerts.deleteOlderThan(at(3))).toBe(0);
    expect(await store.alerts.count({ since: at(-1) })).toBe(3);
  });
});
