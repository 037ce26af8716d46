import type { Alert } from '../../falco/alert/index.js';
import type { Fingerprint, Priority } from '../../falco/alert/index.js';
import type { GroupTriageView, GroupView, MessageStyle, ProposalBadge, TargetRef } from '../ports/index.js';
import { triageStatus, type AlertGroup, type TriageRepos } from '../ports/index.js';
import { reviveAlert } from '../alerts/index.js';

export interface GroupViewDeps {
  readonly fingerprint: (alert: Alert) => Fingerprint;
  readonly proposalsAvailable: boolean;
  /** Where the group's exception work stands (undefined until proposals exist). */
  readonly proposalBadge?: (groupId: string) => Promise<ProposalBadge | undefined>;
  /** The look of a route's messages (by the route name stored with the alert; null: the default channel's). */
  readonly messageStyle?: (route: string | null) => MessageStyle;
  /** The user group an escalation of this group would mention (undefined: it cannot be escalated). */
  readonly escalationFor?: (priority: Priority, channel: string) => string | undefined;
  /** The group's target as the message names it (null: none matched); undefined: not shown (one target). */
  readonly targetOf?: (name: string | null) => TargetRef | null | undefined;
}

function triageView(group: AlertGroup, priority: Priority, deps: GroupViewDeps): GroupTriageView {
  const { assignee, resolution, escalation } = group.triage;
  return {
    status: triageStatus(group.triage),
    assignee:
      assignee === undefined
        ? undefined
        : { user: assignee.user, by: assignee.by, atMs: assignee.at.getTime() },
    resolution:
      resolution === undefined
        ? undefined
        : { kind: resolution.kind, note: resolution.note, by: resolution.by, atMs: resolution.at.getTime() },
    escalation:
      escalation === undefined
        ? undefined
        : { usergroup: escalation.usergroup, by: escalation.by, atMs: escalation.at.getTime() },
    canEscalate:
      escalation === undefined &&
      deps.escalationFor !== undefined &&
      deps.escalationFor(priority, group.channel) !== undefined,
  };
}

/** The group's message as of `now`, built from stored state; undefined when its first alert is gone (pruned). */
export async function buildGroupView(
  repos: TriageRepos,
  group: AlertGroup,
  now: Date,
  deps: GroupViewDeps,
): Promise<GroupView | undefined> {
  const row = await repos.alerts.get(group.firstAlertId);
  if (row === undefined) return undefined;
  const alert = reviveAlert(row);
  const mutes = await repos.mutes.live(now);
  const mute = mutes.find(
    (candidate) =>
      ((candidate.targetKind === 'rule' && candidate.target === group.rule) ||
        (candidate.targetKind === 'fingerprint' && candidate.target === group.fingerprint)) &&
      (candidate.falcoTarget === null || candidate.falcoTarget === group.falcoTarget),
  );
  const target = deps.targetOf?.(group.falcoTarget);
  return {
    groupId: group.id,
    rule: alert.rule,
    priority: alert.priority,
    source: alert.source,
    hostname: alert.hostname,
    tags: alert.tags,
    message: alert.message,
    fields: alert.outputFields,
    fingerprint: group.fingerprint,
    identityFields: deps.fingerprint(alert).fields.map((field) => field.key),
    count: group.count,
    firstSeenMs: group.firstSeen.getTime(),
    lastSeenMs: group.lastSeen.getTime(),
    acknowledged:
      group.acknowledgedBy === null || group.acknowledgedAt === null
        ? undefined
        : { by: group.acknowledgedBy, atMs: group.acknowledgedAt.getTime() },
    muted: mute === undefined ? undefined : { by: mute.createdBy, untilMs: mute.until.getTime() },
    proposal: deps.proposalBadge === undefined ? undefined : await deps.proposalBadge(group.id),
    proposalsAvailable: deps.proposalsAvailable,
    ...(deps.messageStyle === undefined ? {} : { style: deps.messageStyle(row.route) }),
    time: { iso: alert.time.iso, epochMs: alert.time.epochMs },
    triage: triageView(group, alert.priority, deps),
    ...(target === undefined ? {} : { falcoTarget: target }),
  };
}
