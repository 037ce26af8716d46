/**
 * How exception pull requests are recognised: a deterministic branch per proposal and a hidden marker in the PR
 * body. Webhooks and the reconciler map GitHub events back to proposals with these (and the merge commit).
 */
export const BRANCH_PREFIX = 'falco-triage/';

export function exceptionBranch(proposalId: string): string {
  return `${BRANCH_PREFIX}exception-${proposalId}`;
}

export function removalBranch(proposalId: string): string {
  return `${BRANCH_PREFIX}remove-${proposalId}`;
}

/** The hidden marker (an HTML comment GitHub does not render) that names the proposal in the PR body. */
export function proposalMarker(proposalId: string, kind: 'exception' | 'removal' = 'exception'): string {
  return `<!-- falco-triage:${kind}:${proposalId} -->`;
}

const MARKER = /<!-- falco-triage:(exception|removal):([0-9a-f-]{36}) -->/;

export function parseProposalMarker(
  body: string | null | undefined,
): { readonly kind: 'exception' | 'removal'; readonly proposalId: string } | undefined {
  const match = MARKER.exec(body ?? '');
  if (match === null) return undefined;
  return { kind: match[1] === 'removal' ? 'removal' : 'exception', proposalId: match[2] ?? '' };
}

/** The proposal a branch belongs to, from its name. */
export function proposalOfBranch(
  branch: string,
): { readonly kind: 'exception' | 'removal'; readonly proposalId: string } | undefined {
  const match = /^falco-triage\/(exception|remove)-([0-9a-f-]{36})$/.exec(branch);
  if (match === null) return undefined;
  return { kind: match[1] === 'remove' ? 'removal' : 'exception', proposalId: match[2] ?? '' };
}
