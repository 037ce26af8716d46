/** A target (Falco deployment) in mrkdwn: where its exceptions go. The alert message, the modal, the proposal and
 * `/falco status` all say it the same way. */
import type { TargetRef } from '../triage/ports/index.js';
import { escapeMrkdwn, truncate } from './block-kit.js';

/** `*staging*: \`rules/local.yaml\` in acme/rules (main), Falco 0.36.2` (no name for the short form's target). */
export function targetText(target: TargetRef): string {
  const where =
    target.repository === undefined || target.rulesFile === undefined
      ? 'no rules repository (explain only)'
      : `\`${escapeMrkdwn(truncate(target.rulesFile, 200))}\` in ${escapeMrkdwn(target.repository)} (${escapeMrkdwn(truncate(target.baseBranch, 100))})`;
  return `${target.implicit ? '' : `*${escapeMrkdwn(target.name)}*: `}${where}, Falco ${escapeMrkdwn(target.falcoVersion)}`;
}
