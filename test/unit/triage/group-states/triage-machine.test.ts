/**
 * The triage state machine, pure: every command from every relevant state, what it becomes or why not, and the
 * rules that hold over any sequence of commands (fast-check).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decide, MAX_NOTE_CHARS, type TriageCommand } from '../../../../src/triage/group-states/index.js';
import {
  triageMarks,
  triageStatus,
  UNTRIAGED,
  type GroupTriage,
} from '../../../../src/triage/ports/index.js';

const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const T1 = new Date('2026-09-01T10:00:00Z');
const T2 = new Date('2026-09-01T10:05:00Z');

function state(command: TriageCommand, from: GroupTriage = UNTRIAGED, actor = ALICE, at = T1): GroupTriage {
  const next = decide(from, command, actor, at);
  if (!next.ok) throw new Error(`refused: ${JSON.stringify(next.error)}`);
  return next.value;
}

const acked = state({ kind: 'acknowledge' });
const benign = state({ kind: 'resolve', resolution: 'benign', note: undefined }, acked);
const real = state({ kind: 'resolve', resolution: 'true_positive', note: '  miner; pod killed  ' });

describe('acknowledge and its undo', () => {
  it('acknowledges an open group, once', () => {
    expect(acked).toEqual({ ...UNTRIAGED, acknowledged: { by: ALICE, at: T1 } });
    expect(triageStatus(acked)).toBe('acknowledged');
    expect(decide(acked, { kind: 'acknowledge' }, BOB, T2)).toEqual({
      ok: false,
      error: { code: 'already_acknowledged', by: ALICE, at: T1 },
    });
  });

  it('undoes an acknowledgement: anyone with the button, only its author by taking a reaction back', () => {
    expect(state({ kind: 'unacknowledge' }, acked, BOB)).toEqual(UNTRIAGED);
    expect(decide(acked, { kind: 'unacknowledge', own: true }, BOB, T2)).toEqual({
      ok: false,
      error: { code: 'not_yours', by: ALICE },
    });
    expect(state({ kind: 'unacknowledge', own: true }, acked, ALICE)).toEqual(UNTRIAGED);
    expect(decide(UNTRIAGED, { kind: 'unacknowledge' }, ALICE, T2)).toEqual({
      ok: false,
      error: { code: 'not_acknowledged' },
    });
  });
});

describe('assign', () => {
  it('assigns, reassigns and unassigns; the same assignee twice is refused', () => {
    const mine = state({ kind: 'assign', assignee: ALICE });
    expect(mine.assignee).toEqual({ user: ALICE, by: ALICE, at: T1 });
    expect(triageStatus(mine)).toBe('open');
    const bobs = state({ kind: 'assign', assignee: BOB }, mine, ALICE, T2);
    expect(bobs.assignee).toEqual({ user: BOB, by: ALICE, at: T2 });
    expect(decide(bobs, { kind: 'assign', assignee: BOB }, ALICE, T2)).toEqual({
      ok: false,
      error: { code: 'already_assigned', assignee: BOB },
    });
    // Taking back an "assign me" reaction unassigns only oneself.
    expect(decide(bobs, { kind: 'unassign', own: true }, ALICE, T2)).toMatchObject({ ok: false });
    expect(state({ kind: 'unassign', own: true }, bobs, BOB).assignee).toBeUndefined();
    expect(decide(UNTRIAGED, { kind: 'unassign' }, ALICE, T2)).toEqual({
      ok: false,
      error: { code: 'not_assigned' },
    });
  });
});

describe('resolve and reopen', () => {
  it('resolves as benign without a note, as a true positive only with one (trimmed)', () => {
    expect(benign.resolution).toEqual({ kind: 'benign', note: undefined, by: ALICE, at: T1 });
    expect(triageStatus(benign)).toBe('resolved');
    expect(real.resolution).toEqual({ kind: 'true_positive', note: 'miner; pod killed', by: ALICE, at: T1 });
    for (const note of [undefined, '', '   ']) {
      expect(decide(UNTRIAGED, { kind: 'resolve', resolution: 'true_positive', note }, ALICE, T1)).toEqual({
        ok: false,
        error: { code: 'note_required' },
      });
    }
    expect(
      decide(
        UNTRIAGED,
        { kind: 'resolve', resolution: 'benign', note: 'x'.repeat(MAX_NOTE_CHARS + 1) },
        ALICE,
        T1,
      ),
    ).toEqual({ ok: false, error: { code: 'note_too_long', max: MAX_NOTE_CHARS } });
  });

  it('refuses to change a resolved group until it is reopened', () => {
    const refusal = { code: 'already_resolved', resolution: 'benign', by: ALICE, at: T1 };
    for (const command of [
      { kind: 'acknowledge' },
      { kind: 'unacknowledge' },
      { kind: 'assign', assignee: BOB },
      { kind: 'resolve', resolution: 'true_positive', note: 'n' },
      { kind: 'escalate', usergroup: 'S0ONCALL1' },
    ] as const) {
      expect(decide(benign, command, BOB, T2)).toEqual({ ok: false, error: refusal });
    }
  });

  it('reopens to what the group was before: the acknowledgement stays', () => {
    expect(state({ kind: 'reopen' }, benign, BOB)).toEqual(acked);
    expect(decide(acked, { kind: 'reopen' }, BOB, T2)).toEqual({
      ok: false,
      error: { code: 'not_resolved' },
    });
    // Taking back the "resolved" reaction reopens only one's own benign resolution.
    expect(decide(benign, { kind: 'reopen', own: true }, BOB, T2)).toEqual({
      ok: false,
      error: { code: 'not_yours', by: ALICE },
    });
    expect(decide(real, { kind: 'reopen', own: true }, ALICE, T2)).toMatchObject({ ok: false });
    expect(state({ kind: 'reopen', own: true }, benign, ALICE)).toEqual(acked);
  });
});

describe('escalate', () => {
  it('records the user group once; a second escalation says who did it first', () => {
    const escalated = state({ kind: 'escalate', usergroup: 'S0ONCALL1' }, acked);
    expect(escalated.escalation).toEqual({
      usergroup: 'S0ONCALL1',
      by: ALICE,
      at: T1,
      announcedTs: undefined,
    });
    expect(decide(escalated, { kind: 'escalate', usergroup: 'S0OTHER01' }, BOB, T2)).toEqual({
      ok: false,
      error: { code: 'already_escalated', usergroup: 'S0ONCALL1', by: ALICE, at: T1 },
    });
    // Resolving keeps the record of the escalation.
    expect(state({ kind: 'resolve', resolution: 'benign' }, escalated).escalation).toEqual(
      escalated.escalation,
    );
  });
});

describe('marks', () => {
  it('shows the status (a resolution replaces the acknowledgement), the assignee while open, the escalation', () => {
    expect(triageMarks(UNTRIAGED)).toEqual([]);
    expect(triageMarks(acked)).toEqual(['acknowledged']);
    const busy = state(
      { kind: 'escalate', usergroup: 'S1' },
      state({ kind: 'assign', assignee: BOB }, acked),
    );
    expect(triageMarks(busy)).toEqual(['acknowledged', 'assigned', 'escalated']);
    expect(triageMarks(state({ kind: 'resolve', resolution: 'benign' }, busy))).toEqual([
      'resolved_benign',
      'escalated',
    ]);
    expect(triageMarks(real)).toEqual(['resolved_true_positive']);
  });
});

describe('over any sequence of commands', () => {
  const command: fc.Arbitrary<TriageCommand> = fc.oneof(
    fc.constant({ kind: 'acknowledge' } as const),
    fc.record({ kind: fc.constant('unacknowledge' as const), own: fc.boolean() }),
    fc.record({ kind: fc.constant('assign' as const), assignee: fc.constantFrom(ALICE, BOB) }),
    fc.record({ kind: fc.constant('unassign' as const), own: fc.boolean() }),
    fc.record({
      kind: fc.constant('resolve' as const),
      resolution: fc.constantFrom('benign' as const, 'true_positive' as const),
      note: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('reopen' as const), own: fc.boolean() }),
    fc.constant({ kind: 'escalate', usergroup: 'S1' } as const),
  );

  it('keeps the rules: a refusal changes nothing, an escalation is never undone, a resolution is never silently replaced', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(command, fc.constantFrom(ALICE, BOB)), { maxLength: 30 }), (steps) => {
        let current = UNTRIAGED;
        for (const [step, actor] of steps) {
          const next = decide(current, step, actor, T1);
          if (!next.ok) continue;
          if (current.escalation !== undefined) expect(next.value.escalation).toEqual(current.escalation);
          if (current.resolution !== undefined) {
            expect(step.kind === 'reopen' || step.kind === 'unassign').toBe(true);
          }
          if (next.value.resolution?.kind === 'true_positive')
            expect(next.value.resolution.note).toBeTruthy();
          expect(next.value).not.toBe(current);
          current = next.value;
        }
      }),
      { numRuns: 300 },
    );
  });
});
