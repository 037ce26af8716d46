import { prFailure } from '../jobs/index.js';
import type { PrFailure, Proposal } from '../ports/index.js';

/**
 * Why a `pr_failed` proposal's pull request could not be opened: the stored PrFailure, or for proposals that
 * failed before failures were codes, the reason recorded in words. Undefined when neither says.
 */
export function prFailureOf(proposal: Proposal): PrFailure | undefined {
  const stored = prFailure.safeParse(proposal.prFailure);
  if (stored.success) return stored.data;
  return proposal.statusReason === null ? undefined : { code: 'recorded', reason: proposal.statusReason };
}
