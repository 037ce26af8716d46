/**
 * zod schemas for the workflow's records that are stored as JSON and read back: thread notes in the outbox, and a
 * failed pull request's PrFailure and an open one's PrHold on the proposal. Each is typed against its record in ports, so the two cannot
 * drift apart.
 */
import { z } from 'zod';
import type {
  ExplainProblem,
  PrFailure,
  PrHold,
  ReapplyProblem,
  PullRequestStep,
  RemovalProblem,
  ThreadNote,
} from '../ports/index.js';

const text = z.string();
const link = z.object({ number: z.number().int(), url: text });

const pullRequestStep: z.ZodType<PullRequestStep> = z.discriminatedUnion('step', [
  z.object({ step: z.literal('read_branch'), branch: text }),
  z.object({ step: z.literal('read_file'), file: text }),
  z.object({ step: z.literal('prepare_branch'), branch: text }),
  z.object({ step: z.literal('commit'), file: text }),
  z.object({ step: z.literal('open_pull_request') }),
]);

export const prFailure: z.ZodType<PrFailure> = z.discriminatedUnion('code', [
  z.object({ code: z.literal('group_not_found') }),
  z.object({ code: z.literal('alert_not_stored') }),
  z.object({ code: z.literal('rules_not_configured') }),
  z.object({ code: z.literal('rule_not_loaded'), rule: text }),
  z.object({ code: z.literal('no_strategy') }),
  z.object({ code: z.literal('strategy_refused'), reason: text }),
  z.object({ code: z.literal('no_fields') }),
  z.object({ code: z.literal('not_synthesizable'), reason: text }),
  z.object({ code: z.literal('rules_changed'), approved: text, now: text }),
  z.object({ code: z.literal('edit_failed'), file: text, detail: text }),
  z.object({ code: z.literal('verification_failed'), problems: z.array(text) }),
  z.object({
    code: z.literal('github_refused'),
    step: pullRequestStep,
    kind: z.enum(['not_found', 'forbidden', 'invalid']),
    detail: text,
  }),
  z.object({ code: z.literal('recorded'), reason: text }),
]);

const reapplyProblem = prFailure.refine(
  (failure) => failure.code !== 'github_refused' && failure.code !== 'recorded',
) as z.ZodType<ReapplyProblem>;

export const prHold: z.ZodType<PrHold> = z.discriminatedUnion('code', [
  z.object({ code: z.literal('pushed_by_person'), headSha: text }),
  z.object({
    code: z.literal('already_excepted'),
    baseSha: text,
    by: z.object({
      kind: z.enum(['exception', 'list', 'macro', 'condition', 'rule-disabled']),
      name: text,
    }),
  }),
  z.object({ code: z.literal('no_longer_applies'), baseSha: text, problem: reapplyProblem }),
  z.object({ code: z.literal('github_refused'), detail: text }),
]);

const removalProblem: z.ZodType<RemovalProblem> = z.discriminatedUnion('code', [
  z.object({ code: z.literal('stored_change_unreadable') }),
  z.object({ code: z.literal('rules_file_missing'), file: text, branch: text }),
  z.object({ code: z.literal('not_removable'), detail: text }),
  z.object({
    code: z.literal('would_not_load'),
    file: text,
    errors: z.number().int(),
    first: z.object({ file: text, line: z.number().int(), message: text }).nullable(),
  }),
  z.object({ code: z.literal('github_refused'), detail: text }),
]);

const explainProblem: z.ZodType<ExplainProblem> = z.discriminatedUnion('code', [
  z.object({ code: z.literal('alert_not_stored') }),
  z.object({ code: z.literal('rules_not_configured') }),
  z.object({ code: z.literal('not_explainable'), detail: text }),
]);

export const threadNote: z.ZodType<ThreadNote> = z.discriminatedUnion('code', [
  z.object({ code: z.literal('approved'), by: text }),
  z.object({ code: z.literal('approved_without_pr'), by: text }),
  z.object({ code: z.literal('rejected'), by: text }),
  z.object({ code: z.literal('withdrawn'), by: text }),
  z.object({ code: z.literal('expired') }),
  z.object({ code: z.literal('pr_retrying'), by: text }),
  z.object({ code: z.literal('pr_failed'), failure: prFailure }),
  z.object({ code: z.literal('pr_opened'), pr: link, warnings: z.array(text) }),
  z.object({ code: z.literal('pr_merged'), pr: link, by: text.nullable() }),
  z.object({ code: z.literal('pr_closed'), pr: link }),
  z.object({ code: z.literal('pr_reopened'), pr: link }),
  z.object({ code: z.literal('pr_updated'), pr: link, headSha: text }),
  z.object({
    code: z.literal('pr_refreshed'),
    pr: link,
    baseBranch: text,
    baseSha: text,
    yamlChanged: z.boolean(),
  }),
  z.object({ code: z.literal('pr_held'), pr: link, baseBranch: text, hold: prHold }),
  z.object({ code: z.literal('pr_refresh_retrying'), pr: link, by: text }),
  z.object({ code: z.literal('deployed'), run: link }),
  z.object({ code: z.literal('deploy_failed'), run: link, conclusion: text.nullable() }),
  z.object({ code: z.literal('removal_opened'), expiredAt: text.nullable(), pr: link }),
  z.object({
    code: z.literal('removal_failed'),
    expiredAt: text.nullable(),
    problem: removalProblem,
    file: text,
  }),
  z.object({ code: z.literal('removal_merged'), pr: link, by: text.nullable() }),
  z.object({ code: z.literal('removal_closed'), pr: link }),
  z.object({ code: z.literal('removal_reopened'), pr: link }),
  z.object({ code: z.literal('removed_outside'), file: text, branch: text }),
  z.object({ code: z.literal('explain_failed'), requestedBy: text, problem: explainProblem }),
]);
