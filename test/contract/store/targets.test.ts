/**
 * The store's record of targets (migration 7): alerts, groups, proposals and mutes carry the target (Falco
 * deployment) they belong to, and the lookups the rollout makes stay inside one target (pull request numbers repeat
 * across repositories).
 */
import { describe, expect, it } from '@jest/globals';
import { newId } from '../../../src/store/ids.js';
import type { NewProposal } from '../../../src/triage/ports/index.js';
import { makeAlert, storeBackends, storeTestEnv } from '../../helpers/store.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

function proposal(overrides: Partial<NewProposal> = {}): NewProposal {
  return {
    id: newId(),
    alertId: newId(),
    groupId: null,
    rule: 'Read sensitive file untrusted',
    strategy: 'list',
    exception: {
      selection: { fields: [], strategyId: 'list:hids_binaries' },
      target: 'hids_binaries',
      predicate: 'proc.name = titanagent',
      alsoAffects: [],
      fields: ['proc.name'],
      annotation: 'falco-triage proposal',
      falcoVersion: '0.44.1',
    },
    yaml: '- list: hids_binaries\n  items: [titanagent]\n',
    justification: 'HIDS agent reads /etc/shadow by design',
    exceptionExpiresAt: null,
    proposer: 'U_PROPOSER',
    impact: null,
    equivalenceKey: newId(),
    expiresAt: at(3600),
    createdAt: at(0),
    ...overrides,
  };
}

describe.each(storeBackends())('targets in the store (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('keeps the target of alerts and windows the impact preview by it', async () => {
    const store = await env.fresh();
    const staging = makeAlert({ falcoTarget: 'staging', eventTime: at(1) });
    const production = makeAlert({ falcoTarget: 'production', eventTime: at(2) });
    const none = makeAlert({ eventTime: at(3) });
    await store.alerts.insert([staging, production, none]);

    expect((await store.alerts.get(staging.id))?.falcoTarget).toBe('staging');
    expect((await store.alerts.get(none.id))?.falcoTarget).toBeNull();
    const window = { since: at(0), until: at(10) };
    expect((await store.alerts.summarize(window)).total).toBe(3);
    expect((await store.alerts.summarize({ ...window, falcoTarget: 'staging' })).total).toBe(1);
    expect(
      (await store.alerts.scan({ ...window, falcoTarget: 'production', limit: 10 })).map((a) => a.id),
    ).toEqual([production.id]);
  });

  it('records the target a group starts with', async () => {
    const store = await env.fresh();
    const input = {
      fingerprint: 'fp-1',
      channel: 'C1',
      rule: 'Read sensitive file untrusted',
      at: at(1),
      windowMs: 60_000,
    };
    const [withTarget, without] = await store.groups.recordOccurrences([
      { ...input, newGroupId: newId(), alertId: newId(), falcoTarget: 'staging' },
      { ...input, fingerprint: 'fp-2', newGroupId: newId(), alertId: newId() },
    ]);
    expect(withTarget?.group.falcoTarget).toBe('staging');
    expect(without?.group.falcoTarget).toBeNull();
    const single = await store.groups.recordOccurrence({
      ...input,
      fingerprint: 'fp-3',
      newGroupId: newId(),
      alertId: newId(),
      falcoTarget: 'production',
    });
    expect((await store.groups.get(single.group.id))?.falcoTarget).toBe('production');
  });

  it('gives a proposal its target (default: the short form) and looks pull requests up within one', async () => {
    const store = await env.fresh();
    const plain = proposal();
    const staging = proposal({ falcoTarget: 'staging' });
    const production = proposal({ falcoTarget: 'production' });
    for (const p of [plain, staging, production]) await store.proposals.create(p);
    expect((await store.proposals.get(plain.id))?.falcoTarget).toBe('default');
    // Both repositories numbered their pull request #7.
    for (const [p, branch] of [
      [staging, 'falco-triage/exception-a'],
      [production, 'falco-triage/exception-b'],
    ] as const) {
      await store.proposals.update({
        id: p.id,
        now: at(1),
        patch: { prNumber: 7, branch, mergeCommitSha: `sha-${p.id}` },
      });
    }

    expect((await store.proposals.findByPullRequest(7, 'staging'))?.id).toBe(staging.id);
    expect((await store.proposals.findByPullRequest(7, 'production'))?.id).toBe(production.id);
    expect(await store.proposals.findByPullRequest(7, 'lab')).toBeUndefined();
    expect(await store.proposals.findByBranch('falco-triage/exception-a', 'production')).toBeUndefined();
    expect((await store.proposals.findByMergeCommit(`sha-${staging.id}`, 'staging'))?.id).toBe(staging.id);
    expect((await store.proposals.list(['pending'], 10, 'staging')).map((p) => p.id)).toEqual([staging.id]);
    expect(await store.proposals.list(['pending'], 10)).toHaveLength(3);
  });

  it('mutes one target, or every target, and replaces a mute of the same target only', async () => {
    const store = await env.fresh();
    const mute = (falcoTarget: string | null, until: number) =>
      store.mutes.mute({
        id: newId(),
        targetKind: 'rule',
        target: 'Rule A',
        until: at(until),
        createdBy: 'U1',
        reason: null,
        createdAt: at(0),
        falcoTarget,
      });
    await mute('staging', 100);
    await mute(null, 50);
    await mute('staging', 200); // replaces the first, not the one of every target

    expect((await store.mutes.live(at(1))).map((m) => [m.falcoTarget, m.until])).toEqual([
      [null, at(50)],
      ['staging', at(200)],
    ]);
    expect(await store.mutes.covering('Rule A', 'fp', at(60), 'production')).toBeUndefined();
    expect((await store.mutes.covering('Rule A', 'fp', at(60), 'staging'))?.falcoTarget).toBe('staging');
    expect((await store.mutes.covering('Rule A', 'fp', at(10), 'production'))?.falcoTarget).toBeNull();
    expect(await store.mutes.unmute('rule', 'Rule A', 'U2', at(70), 'production')).toBeUndefined();
    expect((await store.mutes.unmute('rule', 'Rule A', 'U2', at(70), 'staging'))?.falcoTarget).toBe(
      'staging',
    );
  });
});
