/**
 * Whom an escalation mentions: the first rule matching the alert's priority or the channel its group is posted in
 * (ESCALATION_GROUPS, parsed by src/config-triage.ts). No match: the alert cannot be escalated, and the Escalate
 * button is not offered.
 */
import { compareSeverity, severity, type Priority } from '../../falco/alert/index.js';

export type EscalationMatch =
  | {
      readonly kind: 'priority';
      readonly comparator: '<' | '<=' | '=' | '>=' | '>';
      readonly priority: Priority;
    }
  | { readonly kind: 'channel'; readonly channel: string }
  | { readonly kind: 'any' };

export interface EscalationRule {
  readonly match: EscalationMatch;
  readonly usergroup: string;
}

function matches(match: EscalationMatch, priority: Priority, channel: string): boolean {
  switch (match.kind) {
    case 'any':
      return true;
    case 'channel':
      return match.channel === channel;
    case 'priority':
      return compareSeverity(match.comparator, severity(priority), severity(match.priority));
  }
}

/** The user group to mention for an alert of `priority` posted in `channel`, or undefined. */
export function escalationTarget(
  rules: readonly EscalationRule[],
  priority: Priority,
  channel: string,
): string | undefined {
  return rules.find((rule) => matches(rule.match, priority, channel))?.usergroup;
}
