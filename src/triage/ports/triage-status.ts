/**
 * What follows from a triage state: its status (what `/falco status` counts and the message's buttons offer) and the
 * marks the chat shows on the message (for Slack: the bot's own reactions).
 */
import type { GroupTriage, TriageMark, TriageStatus } from './triage-records.js';

/** Resolved wins over acknowledged; neither is open. */
export function triageStatus(triage: GroupTriage): TriageStatus {
  if (triage.resolution !== undefined) return 'resolved';
  return triage.acknowledged === undefined ? 'open' : 'acknowledged';
}

/** The marks for a state: its status (a resolution replaces the acknowledgement), its assignee, its escalation. */
export function triageMarks(triage: GroupTriage): TriageMark[] {
  const marks: TriageMark[] = [];
  const status = triageStatus(triage);
  if (status === 'acknowledged') marks.push('acknowledged');
  if (triage.resolution !== undefined) {
    marks.push(triage.resolution.kind === 'benign' ? 'resolved_benign' : 'resolved_true_positive');
  }
  if (triage.assignee !== undefined && status !== 'resolved') marks.push('assigned');
  if (triage.escalation !== undefined) marks.push('escalated');
  return marks;
}
