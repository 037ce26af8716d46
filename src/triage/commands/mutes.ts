/**
 * `/falco mute` and `/falco unmute`: while a mute is live, matching alerts are stored and counted but not posted.
 * A mute ends on its own; muting the same target again replaces it. Who may mute is configurable (MUTE_ALLOWED);
 * every change is audited.
 */
import { err, ok, type Result } from '../../result.js';
import type { ApproverPolicy } from '../proposals/index.js';
import type { MuteTarget } from './falco-command.js';
import type { Clock, IdFactory, MuteRefusal, Mute, TriageStore } from '../ports/index.js';

/** The mute now live (and whether it replaced an earlier one of the same target), or why not. */
export type MuteOutcome = Result<{ readonly mute: Mute; readonly replaced: boolean }, MuteRefusal>;

/** The mute that ended, or why not. */
export type UnmuteOutcome = Result<Mute, MuteRefusal>;

export interface Mutes {
  mute(target: MuteTarget, durationMs: number, reason: string | null, userId: string): Promise<MuteOutcome>;
  unmute(target: MuteTarget, userId: string): Promise<UnmuteOutcome>;
  live(): Promise<Mute[]>;
}

export function createMutes(deps: {
  readonly store: TriageStore;
  readonly clock: Clock;
  readonly newId: IdFactory;
  readonly allowed: 'anyone' | 'approvers';
  readonly approvers: ApproverPolicy;
  /** The targets a mute may name (`target=`); a name not among them is refused. */
  readonly targets?: readonly string[];
}): Mutes {
  const { store, clock } = deps;

  /** The target a mute names, as configured (names are matched case-insensitively), or why not. */
  function falcoTargetOf(target: MuteTarget): Result<string | null, MuteRefusal> {
    if (target.falcoTarget === undefined) return ok(null);
    const known = deps.targets ?? [];
    const found = known.find((name) => name.toLowerCase() === target.falcoTarget?.toLowerCase());
    return found === undefined
      ? err({ code: 'unknown_target', target: target.falcoTarget, known })
      : ok(found);
  }

  async function authorised(userId: string): Promise<MuteRefusal | undefined> {
    if (deps.allowed === 'anyone') return undefined;
    const check = await deps.approvers.check(userId);
    return check.ok ? undefined : { code: 'approver_required', action: 'mute', refusal: check.error };
  }

  return {
    live: () => store.mutes.live(clock.now()),
    async mute(target, durationMs, reason, userId) {
      const refused = await authorised(userId);
      if (refused !== undefined) return err(refused);
      const falcoTarget = falcoTargetOf(target);
      if (!falcoTarget.ok) return falcoTarget;
      const now = clock.now();
      return store.transaction(async (tx): Promise<MuteOutcome> => {
        const replaced = (await tx.mutes.live(now)).some(
          (mute) =>
            mute.targetKind === target.kind &&
            mute.target === target.value &&
            mute.falcoTarget === falcoTarget.value,
        );
        const mute = await tx.mutes.mute({
          id: deps.newId(now.getTime()),
          targetKind: target.kind,
          target: target.value,
          until: new Date(now.getTime() + durationMs),
          createdBy: userId,
          reason,
          createdAt: now,
          falcoTarget: falcoTarget.value,
        });
        await tx.audit.append({
          at: now,
          actor: userId,
          action: 'mute.create',
          subjectType: target.kind,
          subjectId: target.value,
          details: { until: mute.until.toISOString(), reason, replaced, falcoTarget: falcoTarget.value },
        });
        return ok({ mute, replaced });
      });
    },
    async unmute(target, userId) {
      const refused = await authorised(userId);
      if (refused !== undefined) return err(refused);
      const falcoTarget = falcoTargetOf(target);
      if (!falcoTarget.ok) return falcoTarget;
      const now = clock.now();
      return store.transaction(async (tx): Promise<UnmuteOutcome> => {
        const mute = await tx.mutes.unmute(target.kind, target.value, userId, now, falcoTarget.value);
        if (mute === undefined)
          return err({ code: 'not_muted', target: { kind: target.kind, value: target.value } });
        await tx.audit.append({
          at: now,
          actor: userId,
          action: 'mute.revoke',
          subjectType: target.kind,
          subjectId: target.value,
          details: { mutedBy: mute.createdBy, until: mute.until.toISOString() },
        });
        return ok(mute);
      });
    },
  };
}
