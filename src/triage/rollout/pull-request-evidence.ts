/**
 * The exception pull request's body from stored state: who approved, the impact over stored alerts, why the rule
 * fired, the Slack thread's link, and the diff and verification of the change as just written. Built when the pull
 * request is opened and again each time the change is re-applied on a moved base, so the evidence reviewers read
 * always describes the commit they review.
 */
import { describeImpact, type Verification } from '../../falco/exceptions/index.js';
import type { ChatPort, Proposal } from '../ports/index.js';
import { storedImpact, type DraftDeps } from '../proposals/index.js';
import type { Redrafted } from './exception-edit.js';
import { pullRequestBody, type PullRequestBase } from './pull-request-body.js';

export interface EvidenceDeps extends DraftDeps {
  readonly chat: Pick<ChatPort, 'permalink'>;
  readonly rulesFile: string;
  /** A one-paragraph "why the rule fired" for the PR body (the explain engine), when available. */
  readonly explain?: (proposal: Proposal) => Promise<string | undefined>;
}

export async function pullRequestEvidence(
  deps: EvidenceDeps,
  proposal: Proposal,
  redrafted: Redrafted,
  change: { readonly diff: string; readonly verification: Verification; readonly base: PullRequestBase },
): Promise<string> {
  const { context, synthesis } = redrafted;
  const approvals = await deps.store.approvals.list(proposal.id);
  const impact = await storedImpact(deps, context.rules, synthesis);
  const slackLink =
    proposal.slackChannel !== null && proposal.slackThreadTs !== null
      ? await deps.chat.permalink(proposal.slackChannel, proposal.slackThreadTs).catch(() => undefined)
      : undefined;
  return pullRequestBody({
    proposal,
    approvers: approvals.map((approval) => approval.userId),
    alert: context.draft.alert,
    synthesis,
    diff: change.diff,
    verification: change.verification,
    impact,
    impactText: describeImpact(impact, synthesis.rule),
    explanation: await deps.explain?.(proposal),
    slackLink,
    falcoVersion: context.draft.falcoVersion,
    rulesFile: deps.rulesFile,
    base: change.base,
    ...(context.draft.target.implicit ? {} : { target: context.target.name }),
  });
}
