/**
 * Triage actions through the workflow's service, on a real store (PGlite) with the in-memory chat and people of
 * test/doubles: each change is stored, audited and shown (the message, its marks, the escalation's one mention);
 * a person who may not triage changes nothing; reactions act like buttons, are handled once per event id, and
 * taking one back undoes only what that person's reaction did.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { silentLogger } from '../../../../src/logger.js';
import { createMetrics } from '../../../../src/metrics.js';
import type { Store } from '../../../../src/store/store.js';
import type { DeliveryWorker } from '../../../../src/triage/delivery/delivery-worker.js';
import { createDeliveryWorker } from '../../../../src/triage/delivery/index.js';
import {
  createGroupTriage,
  createReactionTriage,
  createResponderPolicy,
  escalationTarget,
  type EscalationRule,
  type GroupTriage,
  type ReactionEvent,
} from '../../../../src/triage/group-states/index.js';
import { err, ok } from '../../../../src/result.js';
import type { AlertGroup, GroupView } from '../../../../src/triage/ports/index.js';
import { InMemoryChat } from '../../../doubles/in-memory-chat.js';
import { InMemoryPeople } from '../../../doubles/in-memory-people.js';
import { storeTestEnv } from '../../../helpers/store.js';
import {
  ALICE,
  BOB,
  CHANNEL,
  createTestIntake,
  DAVE,
  fingerprint,
  groupItem,
  groupOf,
  testClock,
  type TestClock,
  type TestIntake,
} from '../workflow-fixture.js';

const GUEST = 'U0GUEST001';
const ONCALL = 'S0ONCALL1';
/** Fixture 029 is a Warning: escalations of Warning and worse mention the on-call group. */
const RULES: readonly EscalationRule[] = [
  { match: { kind: 'priority', comparator: '>=', priority: 'Warning' }, usergroup: ONCALL },
];

describe('triage of alert groups', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let intake: TestIntake;
  let chat: InMemoryChat;
  let people: InMemoryPeople;
  let worker: DeliveryWorker;

  function triageWith(
    options: { responders?: string[]; escalation?: readonly EscalationRule[] } = {},
  ): GroupTriage {
    return createGroupTriage({
      store,
      clock,
      escalation: options.escalation ?? RULES,
      policy: createResponderPolicy({
        responders: options.responders ?? [],
        group: undefined,
        approvers: { check: (user) => Promise.resolve(user === BOB ? ok(undefined) : err('no')) },
        directory: people,
        clock,
      }),
    });
  }

  beforeEach(async () => {
    store = await env.fresh();
    clock = testClock();
    intake = createTestIntake(store, clock);
    chat = new InMemoryChat({ channels: [CHANNEL], now: () => clock.now().getTime() });
    people = new InMemoryPeople({
      people: { [ALICE]: {}, [BOB]: {}, [DAVE]: {}, [GUEST]: { guest: true }, U0BOT00001: { bot: true } },
    });
    worker = createDeliveryWorker({
      store,
      chat,
      clock,
      logger: silentLogger,
      metrics: createMetrics(),
      view: {
        fingerprint,
        proposalsAvailable: true,
        escalationFor: (priority, channel) => escalationTarget(RULES, priority, channel),
      },
      workerId: 'worker-1',
      random: () => 0.5,
      channelIntervalMs: 10,
      exclusiveStore: false,
    });
  });
  afterEach(() => intake.close());

  /** An alert of its own group, posted: the group and its message's ts. */
  async function posted(name: string): Promise<AlertGroup & { slackTs: string }> {
    const item = groupItem(name);
    await intake.accept(item);
    await deliver();
    const group = await groupOf(store, item);
    if (group.slackTs === null) throw new Error('not posted');
    return { ...group, slackTs: group.slackTs };
  }

  /** Runs the delivery worker until nothing is due. */
  async function deliver(): Promise<void> {
    for (let round = 0; round < 10; round += 1) {
      clock.advance(1000);
      if ((await worker.runOnce()) === 0) return;
    }
  }

  function viewOf(group: AlertGroup & { slackTs: string }): GroupView {
    const content = chat.message(CHANNEL, group.slackTs)?.content;
    if (content?.kind !== 'group') throw new Error('no group message');
    return content.view;
  }

  async function audit(groupId: string): Promise<{ actor: string; action: string; details: unknown }[]> {
    const entries = await store.audit.forSubject('group', groupId);
    return entries.map(({ actor, action, details }) => ({ actor, action, details }));
  }

  it('acknowledges from stored state: stored, audited, the message updated and marked; then undone', async () => {
    const group = await posted('ack');
    const triage = triageWith();

    const acked = await triage.apply({
      target: { groupId: group.id },
      command: { kind: 'acknowledge' },
      actor: ALICE,
      via: 'button',
    });
    await deliver();

    expect(acked.ok && acked.value.state).toBe('acknowledged');
    expect(viewOf(group).triage).toMatchObject({ status: 'acknowledged', canEscalate: true });
    expect(viewOf(group).acknowledged).toEqual({ by: ALICE, atMs: expect.any(Number) });
    expect(chat.message(CHANNEL, group.slackTs)?.marks).toEqual(['acknowledged']);

    await triage.apply({
      target: { groupId: group.id },
      command: { kind: 'unacknowledge' },
      actor: BOB,
      via: 'button',
    });
    await deliver();

    expect(viewOf(group).triage?.status).toBe('open');
    expect(chat.message(CHANNEL, group.slackTs)?.marks).toEqual([]);
    expect(await audit(group.id)).toEqual([
      {
        actor: ALICE,
        action: 'alert.acknowledge',
        details: { rule: group.rule, channel: CHANNEL, via: 'button' },
      },
      {
        actor: BOB,
        action: 'alert.unacknowledge',
        details: { rule: group.rule, channel: CHANNEL, via: 'button' },
      },
    ]);
  });

  it('refuses guests, bots and (with RESPONDERS set) everyone else, changing nothing', async () => {
    const group = await posted('refused');
    const open = triageWith();
    const restricted = triageWith({ responders: [ALICE] });
    const ack = { target: { groupId: group.id }, command: { kind: 'acknowledge' }, via: 'button' } as const;

    expect(await open.apply({ ...ack, actor: GUEST })).toEqual(
      err({ code: 'triage_not_allowed', action: 'acknowledge', refusal: { code: 'guest' } }),
    );
    expect(await open.apply({ ...ack, actor: 'U0BOT00001' })).toMatchObject(
      err({ refusal: { code: 'bot' } }),
    );
    expect(await restricted.apply({ ...ack, actor: DAVE })).toEqual(
      err({
        code: 'triage_not_allowed',
        action: 'acknowledge',
        refusal: { code: 'not_a_responder', responders: { users: [ALICE], group: undefined } },
      }),
    );
    // Approvers count as responders.
    expect((await restricted.apply({ ...ack, actor: BOB })).ok).toBe(true);
    expect((await store.groups.get(group.id))?.triage.acknowledged?.by).toBe(BOB);
    expect((await audit(group.id)).map((entry) => entry.actor)).toEqual([BOB]);
  });

  it('assigns to a person who may triage, and refuses a guest as assignee', async () => {
    const group = await posted('assign');
    const triage = triageWith();
    const target = { groupId: group.id };

    expect(
      await triage.apply({
        target,
        command: { kind: 'assign', assignee: GUEST },
        actor: ALICE,
        via: 'picker',
      }),
    ).toEqual(err({ code: 'assignee_not_allowed', assignee: GUEST, refusal: { code: 'guest' } }));
    await triage.apply({ target, command: { kind: 'assign', assignee: DAVE }, actor: ALICE, via: 'picker' });
    await deliver();

    expect(viewOf(group).triage?.assignee).toEqual({ user: DAVE, by: ALICE, atMs: expect.any(Number) });
    expect(await audit(group.id)).toEqual([
      {
        actor: ALICE,
        action: 'alert.assign',
        details: expect.objectContaining({ assignee: DAVE, via: 'picker' }),
      },
    ]);
  });

  it('resolves as a true positive with a note, refuses without one, and reopens', async () => {
    const group = await posted('resolve');
    const triage = triageWith();
    const target = { groupId: group.id };

    expect(
      await triage.apply({
        target,
        command: { kind: 'resolve', resolution: 'true_positive', note: ' ' },
        actor: ALICE,
        via: 'form',
      }),
    ).toEqual(err({ code: 'note_required' }));
    await triage.apply({
      target,
      command: { kind: 'resolve', resolution: 'true_positive', note: 'cryptominer; node drained' },
      actor: ALICE,
      via: 'form',
    });
    await deliver();

    expect(viewOf(group).triage).toMatchObject({
      status: 'resolved',
      resolution: { kind: 'true_positive', note: 'cryptominer; node drained', by: ALICE },
      canEscalate: true,
    });
    expect(chat.message(CHANNEL, group.slackTs)?.marks).toEqual(['resolved_true_positive']);

    await triage.apply({ target, command: { kind: 'reopen' }, actor: BOB, via: 'button' });
    await deliver();
    expect(viewOf(group).triage).toMatchObject({ status: 'open', resolution: undefined });
    expect((await audit(group.id)).map((entry) => entry.action)).toEqual(['alert.resolve', 'alert.reopen']);
  });

  it('escalates once: the group is mentioned in the thread once, however often it is asked', async () => {
    const group = await posted('escalate');
    const triage = triageWith();
    const escalate = { target: { groupId: group.id }, command: { kind: 'escalate' }, via: 'button' } as const;

    const first = await triage.apply({ ...escalate, actor: ALICE });
    const second = await triage.apply({ ...escalate, actor: BOB });
    await deliver();

    expect(first.ok).toBe(true);
    expect(second).toEqual(
      err({ code: 'already_escalated', usergroup: ONCALL, by: ALICE, at: expect.any(Date) }),
    );
    const replies = chat.thread(CHANNEL, group.slackTs).map((message) => message.content);
    expect(replies).toEqual([
      {
        kind: 'reply',
        reply: {
          kind: 'escalation',
          usergroup: ONCALL,
          by: ALICE,
          rule: group.rule,
          priority: 'Warning',
          count: 1,
        },
      },
    ]);
    expect(viewOf(group).triage).toMatchObject({
      escalation: { usergroup: ONCALL, by: ALICE },
      canEscalate: false,
    });
    expect(chat.message(CHANNEL, group.slackTs)?.marks).toEqual(['escalated']);
    expect((await store.groups.get(group.id))?.triage.escalation?.announcedTs).toBe(
      chat.thread(CHANNEL, group.slackTs)[0]?.ts,
    );
  });

  it('cannot escalate an alert no escalation group covers, and says which', async () => {
    const group = await posted('no-escalation');
    const triage = triageWith({
      escalation: [{ match: { kind: 'channel', channel: 'C0OTHER001' }, usergroup: ONCALL }],
    });

    expect(
      await triage.apply({
        target: { groupId: group.id },
        command: { kind: 'escalate' },
        actor: ALICE,
        via: 'button',
      }),
    ).toEqual(err({ code: 'escalation_not_configured', priority: 'Warning', channel: CHANNEL }));
    expect(await audit(group.id)).toEqual([]);
  });
});

describe('reactions as triage actions', () => {
  const env = storeTestEnv('pglite');
  let store: Store;
  let clock: TestClock;
  let intake: TestIntake;
  let reactions: ReturnType<typeof createReactionTriage>;
  let eventCounter = 0;

  beforeEach(async () => {
    store = await env.fresh();
    clock = testClock();
    intake = createTestIntake(store, clock);
    const people = new InMemoryPeople({ people: { [ALICE]: {}, [BOB]: {}, [DAVE]: {} } });
    const triage = createGroupTriage({
      store,
      clock,
      escalation: RULES,
      policy: createResponderPolicy({
        responders: [ALICE, BOB],
        group: undefined,
        approvers: { check: () => Promise.resolve(err('no')) },
        directory: people,
        clock,
      }),
    });
    reactions = createReactionTriage({ store, clock, triage });
  });
  afterEach(() => intake.close());

  async function message(name: string): Promise<{ id: string; ts: string }> {
    const item = groupItem(name);
    await intake.accept(item);
    const group = await groupOf(store, item);
    const ts = `1788000000.${String(100 + eventCounter).padStart(6, '0')}`;
    await store.groups.setSlackTs(group.id, ts, clock.now());
    return { id: group.id, ts };
  }

  function reaction(ts: string, changes: Partial<ReactionEvent>): ReactionEvent {
    eventCounter += 1;
    return {
      eventId: `Ev${eventCounter}`,
      user: ALICE,
      action: 'acknowledge',
      reaction: 'eyes',
      added: true,
      channel: CHANNEL,
      ts,
      ...changes,
    };
  }

  it('acknowledges on :eyes:, and taking it back undoes it', async () => {
    const group = await message('eyes');

    expect(await reactions.react(reaction(group.ts, {}))).toEqual({ kind: 'applied' });
    expect((await store.groups.get(group.id))?.state).toBe('acknowledged');
    expect(await reactions.react(reaction(group.ts, { added: false }))).toEqual({ kind: 'applied' });

    expect((await store.groups.get(group.id))?.state).toBe('open');
    const audited = await store.audit.forSubject('group', group.id);
    expect(audited.map((entry) => [entry.action, entry.details])).toEqual([
      ['alert.acknowledge', expect.objectContaining({ via: 'reaction', reaction: 'eyes', eventId: 'Ev1' })],
      ['alert.unacknowledge', expect.objectContaining({ via: 'reaction', reaction: 'eyes', removed: true })],
    ]);
  });

  it('handles an event id once: a retry or a duplicate changes nothing', async () => {
    const group = await message('retry');
    const event = reaction(group.ts, {});

    expect(await reactions.react(event)).toEqual({ kind: 'applied' });
    await store.groups.saveTriage(
      group.id,
      { ...(await store.groups.get(group.id))!.triage, acknowledged: undefined },
      clock.now(),
    );
    expect(await reactions.react(event)).toEqual({ kind: 'duplicate' });

    expect((await store.groups.get(group.id))?.state).toBe('open');
    expect(await store.audit.forSubject('group', group.id)).toHaveLength(1);
  });

  it('refuses a person who may not triage (to be told), and ignores what changes nothing', async () => {
    const group = await message('refuse');

    expect(await reactions.react(reaction(group.ts, { user: DAVE }))).toEqual({
      kind: 'refused',
      refusal: {
        code: 'triage_not_allowed',
        action: 'acknowledge',
        refusal: { code: 'not_a_responder', responders: { users: [ALICE, BOB], group: undefined } },
      },
    });
    await reactions.react(reaction(group.ts, {}));
    // Bob piles on with :eyes: (already acknowledged: said by the message), then takes it back (not his to undo).
    expect(await reactions.react(reaction(group.ts, { user: BOB }))).toEqual({
      kind: 'ignored',
      reason: 'unchanged',
    });
    expect(await reactions.react(reaction(group.ts, { user: BOB, added: false }))).toEqual({
      kind: 'ignored',
      reason: 'unchanged',
    });
    expect((await store.groups.get(group.id))?.triage.acknowledged?.by).toBe(ALICE);
    expect(await reactions.react(reaction('1788000000.999999', {}))).toEqual({
      kind: 'ignored',
      reason: 'not_an_alert',
    });
  });

  it('resolves as benign on ✅ and reopens when that person takes it back; an escalation stays', async () => {
    const group = await message('resolve');

    await reactions.react(reaction(group.ts, { action: 'resolve_benign', reaction: 'white_check_mark' }));
    expect((await store.groups.get(group.id))?.triage.resolution).toMatchObject({
      kind: 'benign',
      by: ALICE,
    });
    await reactions.react(
      reaction(group.ts, { action: 'resolve_benign', reaction: 'white_check_mark', user: BOB, added: false }),
    );
    expect((await store.groups.get(group.id))?.state).toBe('resolved');
    await reactions.react(
      reaction(group.ts, { action: 'resolve_benign', reaction: 'white_check_mark', added: false }),
    );
    expect((await store.groups.get(group.id))?.state).toBe('open');

    await reactions.react(reaction(group.ts, { action: 'escalate', reaction: 'rotating_light' }));
    expect(
      await reactions.react(
        reaction(group.ts, { action: 'escalate', reaction: 'rotating_light', added: false }),
      ),
    ).toEqual({
      kind: 'ignored',
      reason: 'not_undoable',
    });
    expect((await store.groups.get(group.id))?.triage.escalation).toMatchObject({
      usergroup: ONCALL,
      by: ALICE,
    });
  });

  it('assigns the person who reacts, and unassigns them when they take it back', async () => {
    const group = await message('assign-me');

    await reactions.react(reaction(group.ts, { action: 'assign_self', reaction: 'raising_hand', user: BOB }));
    expect((await store.groups.get(group.id))?.triage.assignee).toMatchObject({ user: BOB, by: BOB });
    await reactions.react(
      reaction(group.ts, { action: 'assign_self', reaction: 'raising_hand', user: BOB, added: false }),
    );
    expect((await store.groups.get(group.id))?.triage.assignee).toBeUndefined();
  });
});
