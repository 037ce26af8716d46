import type { FieldMap } from '../../falco/alert/index.js';
import type { Priority } from '../../falco/alert/index.js';
import type { PrFailure } from './problems.js';
import type { TargetRef } from './target-ref.js';

/** Where the group's exception work stands, as the alert message shows it. */
export type ProposalBadge =
  | {
      readonly state: 'pending';
      readonly proposalId: string;
      readonly approvals: number;
      readonly required: number;
    }
  | {
      readonly state: 'pr_open';
      readonly proposalId: string;
      readonly prUrl: string;
      readonly prNumber: number;
    }
  | {
      readonly state: 'merged';
      readonly proposalId: string;
      readonly prUrl: string;
      readonly prNumber: number;
    }
  | {
      readonly state: 'deployed';
      readonly proposalId: string;
      readonly prUrl: string;
      readonly prNumber: number;
      readonly runNumber: number | undefined;
      readonly runUrl: string | undefined;
    }
  | {
      readonly state: 'deploy_failed';
      readonly proposalId: string;
      readonly prUrl: string;
      readonly runUrl: string | undefined;
    }
  | { readonly state: 'rejected'; readonly proposalId: string; readonly by: string; readonly reason: string }
  | { readonly state: 'closed_unmerged'; readonly proposalId: string; readonly prUrl: string }
  /** `failure`: why the pull request could not be opened (undefined when nothing was recorded). */
  | { readonly state: 'failed'; readonly proposalId: string; readonly failure: PrFailure | undefined }
  | { readonly state: 'expired'; readonly proposalId: string };

/**
 * Everything the chat adapter needs to render (or re-render) one alert group's message: the first alert of the
 * group as its sample, the counters and the group's state. Built by the workflow from stored state at send time,
 * so a coalesced update always shows the latest figures.
 */
export interface GroupView {
  readonly groupId: string;
  readonly rule: string;
  readonly priority: Priority;
  readonly source: string;
  readonly hostname: string | undefined;
  readonly tags: readonly string[];
  /** The rule output without the time/priority header. */
  readonly message: string | undefined;
  readonly fields: FieldMap;
  /** The group's fingerprint (`/falco mute <fingerprint>` mutes exactly this group's alerts). */
  readonly fingerprint: string;
  /** Fields that make up the fingerprint (shown first). */
  readonly identityFields: readonly string[];
  readonly count: number;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly acknowledged: { readonly by: string; readonly atMs: number } | undefined;
  readonly muted: { readonly by: string; readonly untilMs: number } | undefined;
  readonly proposal: ProposalBadge | undefined;
  /** False when exception proposals cannot be made (GitHub not configured); the button then explains why. */
  readonly proposalsAvailable: boolean;
  /** Where an exception for this alert goes; null: it matched no target (explain only); absent: not shown. */
  readonly falcoTarget?: TargetRef | null;
}
