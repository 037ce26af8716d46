/**
 * GitHub Actions runs: list a repository's runs (filters: branch, event, status or conclusion, actor, head_sha,
 * check_suite_id, created ranges; newest first) and get one run. Runs are created by tests through the fake.
 */
import { notFound, numberParam, optionalParam, paginate, repoOf, type Handler } from '../handler-kit.js';
import { presentRun } from '../present-run.js';
import type { RunRecord } from '../repo-state.js';

const CONCLUSIONS = new Set([
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'skipped',
  'stale',
  'success',
  'timed_out',
]);

/** `created` accepts a date-time or GitHub's search ranges: `>=a`, `<=a`, `>a`, `<a`, `a..b`. */
function createdFilter(spec: string | undefined): (run: RunRecord) => boolean {
  if (spec === undefined) return () => true;
  const at = (value: string) => Date.parse(value.includes('T') ? value : `${value}T00:00:00Z`);
  const range = /^(.+)\.\.(.+)$/.exec(spec);
  if (range !== null)
    return (run) =>
      Date.parse(run.createdAt) >= at(range[1] ?? '') && Date.parse(run.createdAt) <= at(range[2] ?? '');
  const compare = /^(>=|<=|>|<)(.+)$/.exec(spec);
  if (compare !== null) {
    const bound = at(compare[2] ?? '');
    const ops: Record<string, (a: number) => boolean> = {
      '>=': (a) => a >= bound,
      '<=': (a) => a <= bound,
      '>': (a) => a > bound,
      '<': (a) => a < bound,
    };
    return (run) => ops[compare[1] ?? '>=']?.(Date.parse(run.createdAt)) ?? true;
  }
  return (run) => run.createdAt.slice(0, 10) === spec.slice(0, 10);
}

const listRuns: Handler = (context) => {
  const repo = repoOf(context);
  const branch = optionalParam(context, 'branch');
  const event = optionalParam(context, 'event');
  const status = optionalParam(context, 'status');
  const actor = optionalParam(context, 'actor')?.toLowerCase();
  const headSha = optionalParam(context, 'head_sha');
  const checkSuite = context.params['check_suite_id'];
  const created = createdFilter(optionalParam(context, 'created'));
  const excludePulls = context.params['exclude_pull_requests'] === true;
  const runs = [...repo.runs.values()]
    .filter((run) => branch === undefined || run.headBranch === branch)
    .filter((run) => event === undefined || run.event === event)
    .filter(
      (run) =>
        status === undefined || (CONCLUSIONS.has(status) ? run.conclusion === status : run.status === status),
    )
    .filter((run) => actor === undefined || run.actor.toLowerCase() === actor)
    .filter((run) => headSha === undefined || run.headSha === headSha)
    .filter((run) => checkSuite === undefined || run.id + 500_000 === checkSuite)
    .filter(created)
    .sort((a, b) => b.id - a.id);
  const page = paginate(context, runs, (run) => presentRun(context.state, repo, run, excludePulls));
  return { ...page, body: { total_count: runs.length, workflow_runs: page.body } };
};

const getRun: Handler = (context) => {
  const repo = repoOf(context);
  const run = repo.runs.get(numberParam(context, 'run_id'));
  if (run === undefined) notFound();
  return {
    status: 200,
    body: presentRun(context.state, repo, run, context.params['exclude_pull_requests'] === true),
  };
};

export const actionHandlers: Record<string, Handler> = {
  'actions/list-workflow-runs-for-repo': listRuns,
  'actions/get-workflow-run': getRun,
};
