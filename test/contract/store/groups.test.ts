import { describe, expect, it } from '@jest/globals';
import { newId } from '../../../src/store/ids.js';
import { storeBackends, storeTestEnv } from '../../helpers/store.js';
import type { OccurrenceInput } from '../../../src/triage/ports/index.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const HOUR = 3_600_000;

function occurrence(overrides: Partial<OccurrenceInput> = {}): OccurrenceInput {
  return {
    newGroupId: newId(),
    fingerprint: 'fp-1',
    channel: 'C1',
    rule: 'Read sensitive file untrusted',
    alertId: newId(),
    at: at(0),
    windowMs: HOUR,
    ...overrides,
  };
}

describe.each(storeBackends())('alert groups store (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('starts a group on the first alert and counts repeats into it', async () => {
    const store = await env.fresh();
    const first = occurrence({ samples: { 'container.image.repository': ['alpine'] } });
    const started = await store.groups.recordOccurrence(first);
    expect(started.started).toBe(true);
    expect(started.closed).toBeUndefined();
    expect(started.group).toMatchObject({
      id: first.newGroupId,
      fingerprint: 'fp-1',
      channel: 'C1',
      firstAlertId: first.alertId,
      lastAlertId: first.alertId,
      count: 1,
      firstSeen: at(0),
      lastSeen: at(0),
      samples: { 'container.image.repository': ['alpine'] },
      slackTs: null,
      state: 'open',
      closedAt: null,
    });
    expect(started.newSamples).toEqual({ 'container.image.repository': ['alpine'] });

    const repeat = occurrence({
      at: at(60),
      count: 4,
      samples: { 'container.image.repository': ['alpine', 'nginx'] },
    });
    const counted = await store.groups.recordOccurrence(repeat);
    expect(counted.started).toBe(false);
    expect(counted.group).toMatchObject({
      id: first.newGroupId,
      count: 5,
      lastSeen: at(60),
      lastAlertId: repeat.alertId,
      firstAlertId: first.alertId,
    });
    expect(counted.newSamples).toEqual({ 'container.image.repository': ['nginx'] });
    expect(counted.group.samples).toEqual({ 'container.image.repository': ['alpine', 'nginx'] });
  });

  it('keeps separate groups per channel and per fingerprint', async () => {
    const store = await env.fresh();
    const a = await store.groups.recordOccurrence(occurrence({ channel: 'C1' }));
    const b = await store.groups.recordOccurrence(occurrence({ channel: 'C2' }));
    const c = await store.groups.recordOccurrence(occurrence({ fingerprint: 'fp-2' }));
    expect([a.started, b.started, c.started]).toEqual([true, true, true]);
    expect(new Set([a.group.id, b.group.id, c.group.id]).size).toBe(3);
  });

  it('closes a group whose window passed and starts a new one; an out-of-order alert still counts', async () => {
    const store = await env.fresh();
    const first = await store.groups.recordOccurrence(occurrence({ at: at(0) }));
    await store.groups.recordOccurrence(occurrence({ at: at(1800) }));
    const late = await store.groups.recordOccurrence(occurrence({ at: at(1000) }));
    expect(late.group).toMatchObject({ id: first.group.id, count: 3, lastSeen: at(1800) });
    const next = await store.groups.recordOccurrence(occurrence({ at: at(1800 + 3600) }));
    expect(next.started).toBe(true);
    expect(next.group.id).not.toBe(first.group.id);
    expect(next.closed).toMatchObject({ id: first.group.id, count: 3, closedAt: at(1800 + 3600) });
    expect(await store.groups.current('fp-1', 'C1')).toMatchObject({ id: next.group.id, count: 1 });
    expect(await store.groups.get(first.group.id)).toMatchObject({ closedAt: at(5400) });
  });

  it('caps the sampled distinct values per field', async () => {
    const store = await env.fresh();
    const values = Array.from({ length: 8 }, (_, index) => `host-${index}`);
    const result = await store.groups.recordOccurrence(
      occurrence({ samples: { hostname: values }, maxSamplesPerField: 3 }),
    );
    expect(result.group.samples).toEqual({ hostname: ['host-0', 'host-1', 'host-2'] });
    const more = await store.groups.recordOccurrence(
      occurrence({ samples: { hostname: ['host-9'] }, maxSamplesPerField: 3 }),
    );
    expect(more.newSamples).toEqual({});
  });

  it('counts exactly under concurrency, and exactly one caller learns it started the group', async () => {
    const store = await env.fresh();
    const callers = 40;
    const results = await Promise.all(
      Array.from({ length: callers }, (_, index) =>
        store.transaction((tx) =>
          tx.groups.recordOccurrences([
            occurrence({ at: at(index % 5), fingerprint: 'fp-hot' }),
            occurrence({ at: at(index % 5), fingerprint: 'fp-cold', channel: index % 2 ? 'C1' : 'C2' }),
          ]),
        ),
      ),
    );
    const hot = results.map(([first]) => first);
    expect(hot.filter((result) => result?.started)).toHaveLength(1);
    expect(new Set(hot.map((result) => result?.group.id)).size).toBe(1);
    expect((await store.groups.current('fp-hot', 'C1'))?.count).toBe(callers);
    expect((await store.groups.current('fp-cold', 'C1'))?.count).toBe(callers / 2);
    expect((await store.groups.current('fp-cold', 'C2'))?.count).toBe(callers / 2);
  }, 60_000);

  it('records the Slack message once and finds the group by it', async () => {
    const store = await env.fresh();
    const { group } = await store.groups.recordOccurrence(occurrence());
    expect(await store.groups.setSlackTs(group.id, '1786584584.000100', at(1))).toBe(true);
    expect(await store.groups.setSlackTs(group.id, '1786584584.000200', at(2))).toBe(false);
    expect(await store.groups.findByMessage('C1', '1786584584.000100')).toMatchObject({ id: group.id });
    expect(await store.groups.findByMessage('C2', '1786584584.000100')).toBeUndefined();
  });

  it('acknowledges once: the second click changes nothing and says who acknowledged first', async () => {
    const store = await env.fresh();
    const { group } = await store.groups.recordOccurrence(occurrence());
    const first = await store.groups.acknowledge(group.id, 'U1', at(5));
    expect(first).toMatchObject({ changed: true, group: { state: 'acknowledged', acknowledgedBy: 'U1' } });
    const second = await store.groups.acknowledge(group.id, 'U2', at(6));
    expect(second).toMatchObject({ changed: false, group: { acknowledgedBy: 'U1', acknowledgedAt: at(5) } });
    expect(await store.groups.acknowledge(newId(), 'U1', at(7))).toEqual({
      changed: false,
      group: undefined,
    });
  });

  it('mutes and unmutes a group', async () => {
    const store = await env.fresh();
    const { group } = await store.groups.recordOccurrence(occurrence());
    expect(await store.groups.muteUntil(group.id, at(3600), at(1))).toMatchObject({ mutedUntil: at(3600) });
    expect(await store.groups.muteUntil(group.id, null, at(2))).toMatchObject({ mutedUntil: null });
  });
});
