import { describe, expect, it } from '@jest/globals';
import { newId } from '../../../src/store/ids.js';
import type { Store } from '../../../src/store/store.js';
import { storeBackends, storeTestEnv } from '../../helpers/store.js';
import type { NewProposal } from '../../../src/triage/ports/index.js';
import type { ImpactSummary } from '../../../src/falco/exceptions/index.js';

const T0 = Date.parse('2026-08-13T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

function impact(excepted: number): ImpactSummary {
  return {
    excepted,
    stillFires: 2,
    unknown: 0,
    exceptedHosts: 3,
    byRule: [
      { rule: 'Read sensitive file untrusted', excepted, stillFires: 2, unknown: 0, exceptedHosts: 3 },
    ],
  };
}

function proposal(overrides: Partial<NewProposal> = {}): NewProposal {
  return {
    id: newId(),
    alertId: newId(),
    groupId: newId(),
    rule: 'Read sensitive file untrusted',
    strategy: 'exception',
    exception: {
      selection: {
        fields: [
          { field: 'proc.name', match: 'exact' },
          { field: 'fd.name', match: 'exact' },
        ],
        strategyId: 'exception',
      },
      target: 'Read sensitive file untrusted',
      predicate: 'proc.name = titanagent and fd.name = /etc/shadow',
      alsoAffects: [],
      firesMore: [],
      fields: ['proc.name', 'fd.name'],
      annotation: 'falco-triage proposal',
      falcoVersion: '0.44.1',
      change: {
        kind: 'exception',
        rule: 'Read sensitive file untrusted',
        name: 'titanagent',
        fields: ['proc.name', 'fd.name'],
        comps: ['=', '='],
        row: ['titanagent', '/etc/shadow'],
        exists: false,
      },
    },
    yaml: '- rule: Read sensitive file untrusted\n  exceptions: []\n',
    justification: 'HIDS agent reads /etc/shadow by design',
    exceptionExpiresAt: null,
    proposer: 'U_PROPOSER',
    impact: impact(143),
    equivalenceKey: 'Read sensitive file untrusted|titanagent|/etc/shadow',
    expiresAt: at(72 * 3600),
    createdAt: at(0),
    slackChannel: 'C1',
    slackThreadTs: '1786584584.000100',
    ...overrides,
  };
}

async function approve(store: Store, proposalId: string, userId: string, required: number, now: Date) {
  return store.transaction(async (tx) => {
    const locked = await tx.proposals.lockForUpdate(proposalId);
    if (locked?.status !== 'pending') return 'not pending';
    const { added, count } = await tx.approvals.add({ proposalId, userId, approvedAt: now });
    if (!added) return 'already approved';
    if (count < required) return 'counted';
    const moved = await tx.proposals.transition({ id: proposalId, from: ['pending'], to: 'approved', now });
    return moved.ok ? 'approved' : 'lost';
  });
}

describe.each(storeBackends())('proposals, approvals, audit and mutes store (%s)', (backend) => {
  const env = storeTestEnv(backend);

  it('creates a pending proposal and reads it back', async () => {
    const store = await env.fresh();
    const input = proposal({ exceptionExpiresAt: at(86_400 * 30) });
    const result = await store.proposals.create(input);
    expect(result.created).toBe(true);
    const { slackChannel, slackThreadTs, ...rest } = input;
    expect(await store.proposals.get(input.id)).toEqual({
      ...rest,
      slackChannel,
      slackThreadTs,
      status: 'pending',
      statusReason: null,
      version: 1,
      slackMessageTs: null,
      prNumber: null,
      prUrl: null,
      branch: null,
      mergeCommitSha: null,
      deployRunId: null,
      deployRunNumber: null,
      deployRunUrl: null,
      prFailure: null,
      prBaseSha: null,
      prBotCommits: [],
      prHold: null,
      falcoTarget: 'default',
      updatedAt: at(0),
    });
  });

  it('keeps what the bot knows of its pull request branch: base, its commits, and why it stopped', async () => {
    const store = await env.fresh();
    const input = proposal();
    await store.proposals.create(input);
    const hold = { code: 'pushed_by_person', headSha: 'c'.repeat(40) };
    const changed = await store.proposals.update({
      id: input.id,
      now: at(60),
      patch: { prBaseSha: 'a'.repeat(40), prBotCommits: ['b'.repeat(40), 'd'.repeat(40)], prHold: hold },
    });
    expect(changed.ok && changed.value).toMatchObject({
      prBaseSha: 'a'.repeat(40),
      prBotCommits: ['b'.repeat(40), 'd'.repeat(40)],
      prHold: hold,
    });
    const lifted = await store.proposals.update({ id: input.id, now: at(61), patch: { prHold: null } });
    expect(lifted.ok && lifted.value).toMatchObject({
      prHold: null,
      prBotCommits: ['b'.repeat(40), 'd'.repeat(40)],
    });
  });

  it('links an equivalent proposal instead of duplicating it, and a retried submission returns the first', async () => {
    const store = await env.fresh();
    const first = proposal();
    await store.proposals.create(first);
    const retried = await store.proposals.create({ ...first });
    expect(retried).toMatchObject({ created: false, existing: { id: first.id } });
    const equivalent = await store.proposals.create(proposal({ proposer: 'U_OTHER' }));
    expect(equivalent).toMatchObject({ created: false, existing: { id: first.id } });
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () => store.proposals.create(proposal({ equivalenceKey: 'other' }))),
    );
    expect(concurrent.filter((result) => result.created)).toHaveLength(1);

    // Once the first is rejected, an equivalent one may be proposed again.
    await store.proposals.transition({ id: first.id, from: ['pending'], to: 'rejected', now: at(5) });
    expect(await store.proposals.create(proposal())).toMatchObject({ created: true });
  });

  it('moves status by compare-and-set: one of many simultaneous transitions wins', async () => {
    const store = await env.fresh();
    const input = proposal();
    await store.proposals.create(input);
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        store.proposals.transition({
          id: input.id,
          from: ['pending'],
          to: 'approved',
          now: at(10 + index),
          patch: { statusReason: `attempt ${index}` },
        }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.ok)).toHaveLength(1);
    const losers = attempts.filter((attempt) => !attempt.ok);
    expect(losers[0]).toMatchObject({
      ok: false,
      error: { reason: 'conflict', current: { status: 'approved' } },
    });
    expect(await store.proposals.get(input.id)).toMatchObject({ status: 'approved', version: 2 });
    expect(
      await store.proposals.transition({ id: newId(), from: ['pending'], to: 'approved', now: at(20) }),
    ).toEqual({ ok: false, error: { reason: 'not_found' } });
  });

  it('patches fields with an optional version check, and finds proposals by PR, branch and merge commit', async () => {
    const store = await env.fresh();
    const input = proposal();
    await store.proposals.create(input);
    const opened = await store.proposals.transition({
      id: input.id,
      from: ['pending', 'approved', 'pr_failed'],
      to: 'pr_open',
      now: at(30),
      expectedVersion: 1,
      patch: { prNumber: 42, prUrl: 'https://github.test/o/r/pull/42', branch: `falco-triage/${input.id}` },
    });
    expect(opened).toMatchObject({ ok: true, value: { status: 'pr_open', version: 2, prNumber: 42 } });
    const stale = await store.proposals.update({
      id: input.id,
      now: at(31),
      expectedVersion: 1,
      patch: { prUrl: null },
    });
    expect(stale).toMatchObject({ ok: false, error: { reason: 'conflict' } });
    const merged = await store.proposals.transition({
      id: input.id,
      from: ['pr_open'],
      to: 'merged',
      now: at(40),
      patch: { mergeCommitSha: 'a'.repeat(40), deployRunId: 9_007_199_254, impact: impact(150) },
    });
    expect(merged).toMatchObject({ ok: true, value: { deployRunId: 9_007_199_254, impact: impact(150) } });
    expect(await store.proposals.findByPullRequest(42)).toMatchObject({ id: input.id });
    expect(await store.proposals.findByBranch(`falco-triage/${input.id}`)).toMatchObject({ id: input.id });
    expect(await store.proposals.findByMergeCommit('a'.repeat(40))).toMatchObject({ id: input.id });
    expect(await store.proposals.findByPullRequest(43)).toBeUndefined();
    expect((await store.proposals.list(['merged'])).map((found) => found.id)).toEqual([input.id]);
  });

  it('keeps why a pull request failed as JSON, and clears it to NULL', async () => {
    const store = await env.fresh();
    const input = proposal();
    await store.proposals.create(input);
    await store.proposals.transition({ id: input.id, from: ['pending'], to: 'approved', now: at(10) });
    const failure = { code: 'verification_failed', problems: ['the edit adds 1 error(s): x'] };

    const failed = await store.proposals.transition({
      id: input.id,
      from: ['approved'],
      to: 'pr_failed',
      now: at(20),
      patch: { prFailure: failure },
    });
    const retried = await store.proposals.transition({
      id: input.id,
      from: ['pr_failed'],
      to: 'approved',
      now: at(30),
      patch: { prFailure: null },
    });

    expect(failed).toMatchObject({ ok: true, value: { status: 'pr_failed', prFailure: failure } });
    expect(retried).toMatchObject({ ok: true, value: { status: 'approved', prFailure: null } });
    const row = await store.db.query(`SELECT pr_failure IS NULL AS cleared FROM proposals WHERE id = $1`, [
      input.id,
    ]);
    expect(row.rows).toEqual([{ cleared: true }]);
  });

  it('lists pending proposals past their deadline and exceptions past their expiry', async () => {
    const store = await env.fresh();
    const stale = proposal({ equivalenceKey: 'a', expiresAt: at(100) });
    const fresh = proposal({ equivalenceKey: 'b', expiresAt: at(1000) });
    const expiring = proposal({ equivalenceKey: 'c', exceptionExpiresAt: at(500) });
    for (const input of [stale, fresh, expiring]) await store.proposals.create(input);
    await store.proposals.transition({ id: expiring.id, from: ['pending'], to: 'deployed', now: at(1) });
    expect((await store.proposals.listPendingExpired(at(200))).map((found) => found.id)).toEqual([stale.id]);
    expect((await store.proposals.listExceptionsExpired(at(400))).map((found) => found.id)).toEqual([]);
    expect((await store.proposals.listExceptionsExpired(at(500))).map((found) => found.id)).toEqual([
      expiring.id,
    ]);
  });

  it('records one approval per user, and two approvers at the same instant approve exactly once', async () => {
    const store = await env.fresh();
    const input = proposal();
    await store.proposals.create(input);
    expect(await store.approvals.add({ proposalId: input.id, userId: 'U1', approvedAt: at(1) })).toEqual({
      added: true,
      count: 1,
    });
    expect(await store.approvals.add({ proposalId: input.id, userId: 'U1', approvedAt: at(2) })).toEqual({
      added: false,
      count: 1,
    });
    // Four approvals required: U1's plus three arriving at once. Without the row lock each would count its own
    // approval and U1's only, and none would approve.
    const outcomes = await Promise.all(
      ['U2', 'U3', 'U4'].map((user) => approve(store, input.id, user, 4, at(3))),
    );
    expect(outcomes.sort()).toEqual(['approved', 'counted', 'counted']);
    expect((await store.approvals.list(input.id)).map((approval) => approval.userId)).toEqual([
      'U1',
      'U2',
      'U3',
      'U4',
    ]);
    expect(await store.proposals.get(input.id)).toMatchObject({ status: 'approved' });
  }, 60_000);

  it('appends to the audit log and refuses to change or delete it', async () => {
    const store = await env.fresh();
    const entry = await store.audit.append({
      at: at(1),
      actor: 'U1',
      action: 'proposal.approved',
      subjectType: 'proposal',
      subjectId: 'p1',
      details: { via: 'button' },
    });
    await store.audit.append({
      at: at(2),
      actor: 'system',
      action: 'proposal.pr_opened',
      subjectType: 'proposal',
      subjectId: 'p1',
    });
    await store.audit.append({
      at: at(3),
      actor: 'U2',
      action: 'group.acknowledged',
      subjectType: 'group',
      subjectId: 'g1',
    });
    expect(entry).toMatchObject({ actor: 'U1', details: { via: 'button' } });
    expect((await store.audit.forSubject('proposal', 'p1')).map((found) => found.action)).toEqual([
      'proposal.approved',
      'proposal.pr_opened',
    ]);
    const newest = await store.audit.recent(2);
    expect(newest.map((found) => found.action)).toEqual(['group.acknowledged', 'proposal.pr_opened']);
    expect((await store.audit.recent(2, newest[1]?.id)).map((found) => found.action)).toEqual([
      'proposal.approved',
    ]);
    for (const sql of [
      "UPDATE audit_log SET actor = 'U666'",
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
    ]) {
      await expect(store.db.query(sql)).rejects.toMatchObject({ code: 'store_unavailable' });
    }
    expect(await store.audit.recent(10)).toHaveLength(3);
  });

  it('mutes a rule or fingerprint until a time; a new mute replaces the live one; unmute ends it', async () => {
    const store = await env.fresh();
    const base = { createdBy: 'U1', reason: 'noisy during deploy', createdAt: at(0) };
    await store.mutes.mute({ id: newId(), targetKind: 'rule', target: 'Rule A', until: at(3600), ...base });
    await store.mutes.mute({
      id: newId(),
      targetKind: 'fingerprint',
      target: 'fp-1',
      until: at(600),
      ...base,
    });
    expect(await store.mutes.covering('Rule A', 'fp-x', at(10))).toMatchObject({
      targetKind: 'rule',
      until: at(3600),
    });
    expect(await store.mutes.covering('Rule B', 'fp-1', at(10))).toMatchObject({ targetKind: 'fingerprint' });
    expect(await store.mutes.covering('Rule B', 'fp-1', at(600))).toBeUndefined(); // expired on its own
    const replaced = await store.mutes.mute({
      id: newId(),
      targetKind: 'rule',
      target: 'Rule A',
      until: at(7200),
      createdBy: 'U2',
      reason: null,
      createdAt: at(20),
    });
    expect((await store.mutes.live(at(30))).map((mute) => [mute.target, mute.until])).toEqual([
      ['fp-1', at(600)],
      ['Rule A', at(7200)],
    ]);
    expect(await store.mutes.unmute('rule', 'Rule A', 'U3', at(40))).toMatchObject({
      id: replaced.id,
      revokedBy: 'U3',
    });
    expect(await store.mutes.unmute('rule', 'Rule A', 'U3', at(41))).toBeUndefined();
    expect(await store.mutes.covering('Rule A', 'fp-x', at(50))).toBeUndefined();
  });
});
