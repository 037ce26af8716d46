/**
 * The false-positive flow as the chat adapter calls it: open a draft for an alert group, preview a choice, submit,
 * approve, reject. A facade over exception-draft.ts and proposals.ts so the adapter has one small interface.
 */
import type { Result } from '../../result.js';
import { err, ok } from '../../result.js';
import {
  openDraft,
  previewSelection,
  type DraftDeps,
  type DraftPreview,
  type DraftSelection,
  type DraftSource,
  type ExceptionDraft,
} from './exception-draft.js';
import type { DraftProblem, SubmitProblem, Unavailable } from '../ports/index.js';
import type { DecisionOutcome, Proposals, SubmitInput, SubmitOutcome } from './proposals.js';

export interface DraftState {
  readonly draft: ExceptionDraft;
  readonly selection: DraftSelection;
  readonly preview: DraftPreview;
}

export interface ExceptionFlow {
  /** Undefined when proposals can be made; otherwise what is not set up (said instead of opening the modal). */
  readonly unavailable: Unavailable | undefined;
  open(source: DraftSource): Promise<Result<DraftState, DraftProblem | Unavailable>>;
  preview(
    source: DraftSource,
    selection: DraftSelection,
  ): Promise<Result<DraftState, DraftProblem | Unavailable>>;
  submit(input: SubmitInput): Promise<Result<SubmitOutcome, SubmitProblem>>;
  approve(proposalId: string, userId: string): Promise<DecisionOutcome>;
  canReject(proposalId: string, userId: string): Promise<DecisionOutcome>;
  reject(proposalId: string, userId: string, reason: string): Promise<DecisionOutcome>;
  retry(proposalId: string, userId: string): Promise<DecisionOutcome>;
}

export function createExceptionFlow(
  deps: DraftDeps & { readonly proposals: Proposals; readonly unavailable: Unavailable | undefined },
): ExceptionFlow {
  async function state(
    source: DraftSource,
    selection?: DraftSelection,
  ): Promise<Result<DraftState, DraftProblem | Unavailable>> {
    if (deps.unavailable !== undefined) return err(deps.unavailable);
    const context = await openDraft(deps, source);
    if (!context.ok) return context;
    const chosen = selection ?? context.value.draft.selection;
    const preview = await previewSelection(deps, context.value, chosen);
    return ok({ draft: context.value.draft, selection: chosen, preview });
  }

  return {
    unavailable: deps.unavailable,
    open: (source) => state(source),
    preview: (source, selection) => state(source, selection),
    submit: (input) =>
      deps.unavailable === undefined
        ? deps.proposals.submit(input)
        : Promise.resolve(err({ field: undefined, problem: deps.unavailable })),
    approve: (proposalId, userId) => deps.proposals.approve(proposalId, userId),
    canReject: (proposalId, userId) => deps.proposals.canReject(proposalId, userId),
    reject: (proposalId, userId, reason) => deps.proposals.reject(proposalId, userId, reason),
    retry: (proposalId, userId) => deps.proposals.retry(proposalId, userId),
  };
}
