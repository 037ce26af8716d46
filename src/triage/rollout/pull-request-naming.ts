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

const MARKER = /^<!-- falco-triage:(exception|removal):([0-9a-f-]{36}) -->$/;

/**
 * The marker of a body the bot wrote: on its first line (exception pull requests) or its last (removals). Only
 * there: alert values inside the body's code blocks are shown verbatim, so a marker naming another proposal can
 * appear on any line in between.
 */
export function parseProposalMarker(
  body: string | null | undefined,
): { readonly kind: 'exception' | 'removal'; readonly proposalId: string } | undefined {
  const lines = (body ?? '').split(/\r?\n/).map((line) => line.trim());
  while (lines.at(-1) === '') lines.pop();
  for (const line of new Set([lines[0] ?? '', lines.at(-1) ?? ''])) {
    const match = MARKER.exec(line);
    if (match !== null)
      return { kind: match[1] === 'removal' ? 'removal' : 'exception', proposalId: match[2] ?? '' };
  }
  return undefined;
}

/** The proposal a branch belongs to, from its name. */
export function proposalOfBranch(
  branch: string,
): { readonly kind: 'exception' | 'removal'; readonly proposalId: string } | undefined {
  const match = /^falco-triage\/(exception|remove)-([0-9a-f-]{36})$/.exec(branch);
  if (match === null) return undefined;
  return { kind: match[1] === 'remove' ? 'removal' : 'exception', proposalId: match[2] ?? '' };
}
