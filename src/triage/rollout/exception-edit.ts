/**
 * The approved change, written again from what the proposal stores (the person's choice of fields and strategy, not
 * a text diff): re-drafted from its alert against the rules as they are, applied to the rules file's text by the
 * engine's editor, and verified (the file loads with the base rules with no new error or warning, and the alert is
 * excepted). The pull request job does this before opening the pull request, the refresh before every update of it.
 */
import { alertSubject, verify, type Synthesis, type Verification } from '../../falco/exceptions/index.js';
import type { FieldValues } from '../../falco/eval/index.js';
import { applyChange } from '../../falco/rules-file-edit/index.js';
import { err, ok, type Result } from '../../result.js';
import type { DeployedRules, RulesContext } from '../deployed-rules/index.js';
import type { Proposal, ReapplyProblem } from '../ports/index.js';
import { openDraft, synthesizeSelection, type DraftDeps } from '../proposals/index.js';

export type DraftContext = Extract<Awaited<ReturnType<typeof openDraft>>, { ok: true }>['value'];

export interface Redrafted {
  readonly context: DraftContext;
  readonly synthesis: Synthesis;
}

export interface EditedFile {
  readonly text: string;
  readonly verification: Verification;
}

/** Re-drafts the stored choice from the proposal's alert; a different predicate than approved is `rules_changed`. */
export async function redraft(
  deps: DraftDeps,
  proposal: Proposal,
): Promise<Result<Redrafted, ReapplyProblem>> {
  const context = await openDraft(deps, { alertId: proposal.alertId }, proposal.falcoTarget);
  return context.ok ? resynthesize(context.value, proposal) : context;
}

/** The stored choice synthesised again in a draft context (the second half of `redraft`). */
export function resynthesize(context: DraftContext, proposal: Proposal): Result<Redrafted, ReapplyProblem> {
  const stored = proposal.exception;
  const synthesis = synthesizeSelection(context, stored.selection, stored.annotation);
  if (!synthesis.ok) return synthesis;
  if (synthesis.value.predicate !== stored.predicate)
    return err({ code: 'rules_changed', approved: stored.predicate, now: synthesis.value.predicate });
  return ok({ context, synthesis: synthesis.value });
}

/** Applies the change to `before` (the rules file's text, '' when absent) and verifies the result. */
export function editAndVerify(
  redrafted: Redrafted,
  before: string,
  file: { readonly path: string; readonly entry: string | undefined },
): Result<EditedFile, ReapplyProblem> {
  const { context, synthesis } = redrafted;
  const edited = applyChange(before, synthesis, file.entry === undefined ? {} : { entry: file.entry });
  if (!edited.ok) return err({ code: 'edit_failed', file: file.path, detail: edited.error.message });
  const verification = verify({
    base: context.rules.base,
    customName: file.path,
    customBefore: before,
    customAfter: edited.value.text,
    // The draft's rules are often exactly `before` (always on a refresh): their load is reused, not redone.
    ...(context.rules.custom !== undefined && context.rules.custom.content === before
      ? { before: context.rules.load }
      : {}),
    synthesis,
    alert: { ...alertSubject(context.draft.alert), fields: context.draft.alert.fields as FieldValues },
    falcoVersion: context.rules.falcoVersion,
    ...(context.rules.fields === undefined ? {} : { fields: context.rules.fields }),
  });
  if (!verification.ok) return err({ code: 'verification_failed', problems: verification.problems });
  return ok({ text: edited.value.text, verification });
}

/** A rules context that always answers `rules` (the rules at one base commit), for drafting against exactly them. */
export function fixedRules(context: RulesContext, rules: DeployedRules): RulesContext {
  return {
    unavailable: undefined,
    falcoVersion: context.falcoVersion,
    current: () => Promise.resolve(ok(rules)),
    invalidate: () => undefined,
    withCustomFile: (file) => context.withCustomFile(file),
  };
}
