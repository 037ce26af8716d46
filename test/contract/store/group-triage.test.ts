/**
 * The triage columns of alert groups (migration 0009) and the inbox of Events API deliveries, against each store
 * backend: a saved state reads back whole with the status that follows from it, the escalation's announcement is
 * recorded once, `/falco status`'s summary counts and orders, and an event id is claimed once.
 */
import { describe, expect, it } from '@jest/globals';
import { newId } from '../../../src/store/ids.js';
import { UNTRIAGED, type GroupTriage, type OccurrenceInput } from '../../../src/triage/ports/index.js';
import type { Store } from '../../../src/store/store.js';
import { storeBackends, storeTestEnv } from '../../helpers/store.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

function occurrence(fingerprint: string, seconds = 0): OccurrenceInput {
  return {
    newGroupId: newId(),
    fingerprint,
    channel: 'C1',
    rule: `rule ${fingerprint}`,
    alertId: newId(),
    at: at(seconds),
    windowMs: 3_600_000,
  };
}

async function groupOf(store: Store, fingerprint: string, seconds = 0): Promise<string> {
  return (await store.groups.recordOccurrence(occurrence(fingerprint, seconds))).group.id;
}

const EVERYTHING: GroupTriage = {
  acknowledged: { by: 'U1', at: at(10) },
  assignee: { user: 'U2', by: 'U1', at: at(11) },
  resolution: { kind: 'true_positive', note: 'crypto miner; pod deleted', by: 'U2', at: at(12) },
  escalation: { usergroup: 'S1', by: 'U1', at: at(13), announcedTs: undefined },
};

describe.each(storeBackends())('alert group triage store (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('saves a triage state and reads it back whole, with the status that follows from it', async () => {
    const store = await env.fresh();
    const id = await groupOf(store, 'fp-1');
    expect((await store.groups.get(id))?.triage).toEqual(UNTRIAGED);

    const saved = await store.transaction(async (tx) => {
      const locked = await tx.groups.lockForTriage(id);
      expect(locked?.triage).toEqual(UNTRIAGED);
      return tx.groups.saveTriage(id, EVERYTHING, at(14));
    });

    expect(saved).toMatchObject({
      state: 'resolved',
      acknowledgedBy: 'U1',
      triage: EVERYTHING,
      updatedAt: at(14),
    });
    expect((await store.groups.get(id))?.triage).toEqual(EVERYTHING);
    const reopened = await store.groups.saveTriage(id, { ...EVERYTHING, resolution: undefined }, at(15));
    expect(reopened?.state).toBe('acknowledged');
    const open = await store.groups.saveTriage(id, UNTRIAGED, at(16));
    expect(open).toMatchObject({
      state: 'open',
      acknowledgedBy: null,
      acknowledgedAt: null,
      triage: UNTRIAGED,
    });
    expect(await store.groups.lockForTriage(newId())).toBeUndefined();
  });

  it('keeps counting alerts into a triaged group without touching its state', async () => {
    const store = await env.fresh();
    const id = await groupOf(store, 'fp-1');
    await store.groups.saveTriage(id, { ...UNTRIAGED, acknowledged: { by: 'U1', at: at(1) } }, at(1));

    const counted = await store.groups.recordOccurrence(occurrence('fp-1', 60));

    expect(counted.group).toMatchObject({ id, count: 2, state: 'acknowledged' });
    expect(counted.group.triage.acknowledged).toEqual({ by: 'U1', at: at(1) });
  });

  it('records the escalation’s thread reply once, and only for an escalated group', async () => {
    const store = await env.fresh();
    const plain = await groupOf(store, 'fp-1');
    const escalated = await groupOf(store, 'fp-2');
    await store.groups.saveTriage(escalated, { ...UNTRIAGED, escalation: EVERYTHING.escalation }, at(1));

    expect(await store.groups.setEscalationAnnounced(plain, '1786584584.000100', at(2))).toBe(false);
    expect(await store.groups.setEscalationAnnounced(escalated, '1786584584.000100', at(2))).toBe(true);
    expect(await store.groups.setEscalationAnnounced(escalated, '1786584584.000200', at(3))).toBe(false);
    expect((await store.groups.get(escalated))?.triage.escalation?.announcedTs).toBe('1786584584.000100');
  });

  it('summarises triage: counts by status, escalated and unacknowledged first, the latest resolutions', async () => {
    const store = await env.fresh();
    const old = await groupOf(store, 'old', -7200);
    const open1 = await groupOf(store, 'open-1', 10);
    const open2 = await groupOf(store, 'open-2', 20);
    const acked = await groupOf(store, 'acked', 30);
    const escalated = await groupOf(store, 'escalated', 5);
    const benign = await groupOf(store, 'benign', 40);
    const real = await groupOf(store, 'real', 50);
    const ack = { by: 'U1', at: at(60) };
    await store.groups.saveTriage(acked, { ...UNTRIAGED, acknowledged: ack }, at(60));
    await store.groups.saveTriage(
      escalated,
      { ...UNTRIAGED, acknowledged: ack, escalation: EVERYTHING.escalation },
      at(60),
    );
    await store.groups.saveTriage(
      benign,
      { ...UNTRIAGED, resolution: { kind: 'benign', note: undefined, ...ack } },
      at(60),
    );
    await store.groups.saveTriage(
      real,
      { ...UNTRIAGED, resolution: { kind: 'true_positive', note: 'n', by: 'U2', at: at(70) } },
      at(70),
    );

    const summary = await store.groups.triageSummary(at(0), 3);

    expect(summary).toMatchObject({
      open: 2,
      acknowledged: 2,
      escalated: 1,
      resolvedBenign: 1,
      resolvedTruePositive: 1,
    });
    expect(summary.attention.map((group) => group.groupId)).toEqual([escalated, open2, open1]);
    expect(summary.attention[0]).toMatchObject({
      rule: 'rule escalated',
      channel: 'C1',
      status: 'acknowledged',
      count: 1,
    });
    expect(summary.resolved.map((group) => group.groupId)).toEqual([real, benign]);
    expect(summary.resolved[0]?.triage.resolution).toMatchObject({ kind: 'true_positive', note: 'n' });
    expect([...summary.attention, ...summary.resolved].map((group) => group.groupId)).not.toContain(old);
  });

  it('claims an event id once, and forgets ids older than asked', async () => {
    const store = await env.fresh();

    expect(await store.inbox.claim('Ev01', at(0), at(-86_400))).toBe(true);
    expect(await store.inbox.claim('Ev01', at(5), at(-86_400))).toBe(false);
    expect(await store.inbox.claim('Ev02', at(6), at(-86_400))).toBe(true);
    // A day later Ev01 is forgotten (Slack retries within minutes).
    expect(await store.inbox.claim('Ev03', at(86_401), at(1))).toBe(true);
    expect(await store.inbox.claim('Ev01', at(86_402), at(2))).toBe(true);
    expect(await store.inbox.claim('Ev02', at(86_406), at(7))).toBe(true);
  });
});
