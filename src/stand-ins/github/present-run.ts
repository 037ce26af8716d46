/**
 * GitHub's `workflow-run` shape. Runs are created by tests (the fake runs no workflows); their head commit and
 * the pull requests they relate to come from the repository's state, like GitHub derives them.
 */
import type { FakeState } from './fake-state.js';
import { nodeId, presentMinimalRepository, presentUserByLogin } from './present-common.js';
import type { RepoState, RunRecord } from './repo-state.js';

type Json = Record<string, unknown>;

/** Open pull requests whose head is the run's branch and SHA (GitHub lists these for PR-triggered runs). */
function relatedPulls(state: FakeState, repo: RepoState, run: RunRecord): Json[] {
  const api = `${state.urls.api}/repos/${repo.fullName}`;
  return [...repo.pulls.values()]
    .filter(
      (pull) =>
        pull.state === 'open' && pull.headRef === run.headBranch && repo.pullHeadSha(pull) === run.headSha,
    )
    .map((pull) => ({
      id: pull.id,
      number: pull.number,
      url: `${api}/pulls/${pull.number}`,
      head: {
        ref: pull.headRef,
        sha: repo.pullHeadSha(pull),
        repo: { id: repo.id, url: api, name: repo.name },
      },
      base: {
        ref: pull.baseRef,
        sha: repo.pullBaseSha(pull),
        repo: { id: repo.id, url: api, name: repo.name },
      },
    }));
}

export function presentRun(state: FakeState, repo: RepoState, run: RunRecord, excludePulls = false): Json {
  const api = `${state.urls.api}/repos/${repo.fullName}`;
  const url = `${api}/actions/runs/${run.id}`;
  const commit = repo.objects.commit(run.headSha);
  const checkSuiteId = run.id + 500_000;
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId('WorkflowRun', run.id),
    check_suite_id: checkSuiteId,
    check_suite_node_id: nodeId('CheckSuite', checkSuiteId),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    run_number: run.runNumber,
    run_attempt: run.runAttempt,
    referenced_workflows: [],
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url,
    html_url: `${state.urls.web}/${repo.fullName}/actions/runs/${run.id}`,
    pull_requests: excludePulls ? [] : relatedPulls(state, repo, run),
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: presentUserByLogin(state, run.actor),
    triggering_actor: presentUserByLogin(state, run.actor),
    run_started_at: run.runStartedAt,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${api}/check-suites/${checkSuiteId}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${api}/actions/workflows/${run.workflowId}`,
    head_commit:
      commit === undefined
        ? null
        : {
            id: commit.sha,
            tree_id: commit.tree,
            message: commit.message,
            timestamp: commit.committer.date,
            author: { name: commit.author.name, email: commit.author.email },
            committer: { name: commit.committer.name, email: commit.committer.email },
          },
    repository: presentMinimalRepository(state, repo),
    head_repository: presentMinimalRepository(state, repo),
    head_repository_id: repo.id,
    display_title: run.displayTitle,
  };
}
