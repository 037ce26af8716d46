/**
 * The RepoPort contract: what the workflow relies on from the rules repository, as one suite run against each
 * implementation. The in-memory double used by the workflow's unit tests must answer these cases exactly as the
 * GitHub adapter answers them against the fake GitHub server. What GitHub itself does (a merge, a workflow run, a
 * person's push, an outage) goes through the harness.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RepoPort, RepoResult } from '../../../src/triage/ports/index.js';
import { blobSha } from '../../doubles/in-memory-repo.js';

export interface RepoHarness {
  readonly repo: RepoPort;
  /** A file on the base branch, with this content. */
  readonly rulesFile: string;
  readonly seed: string;
  /** A person commits `content` to `path` on `branch`. */
  editFile(branch: string, path: string, content: string): void;
  /** Someone merges the pull request; returns the merge commit sha. */
  mergePull(number: number, mergedBy: string): string;
  closePull(number: number): void;
  createRun(run: {
    readonly name: string;
    readonly headSha: string;
    readonly conclusion: 'success' | 'failure';
  }): number;
  /** GitHub answers the next request with a 502 (`retryAfterSeconds`: a secondary rate limit instead). */
  failNext(fault: { readonly retryAfterSeconds?: number }): void;
  close(): Promise<void>;
}

function value<T>(result: RepoResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

function failure<T>(result: RepoResult<T>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

export function repoPortContract(name: string, start: () => Promise<RepoHarness>): void {
  describe(`RepoPort contract: ${name}`, () => {
    let h: RepoHarness;
    let repo: RepoPort;
    beforeEach(async () => {
      h = await start();
      repo = h.repo;
    });
    afterEach(() => h.close());

    /** A branch off the base with one commit appending `line` to the rules file; returns its head. */
    async function branchWithChange(branch: string, line = `# ${branch}`): Promise<string> {
      value(await repo.resetBranch(branch, value(await repo.branchHead(repo.baseBranch))));
      const file = value(await repo.readFile(h.rulesFile, branch));
      return value(
        await repo.writeFile({
          branch,
          path: h.rulesFile,
          content: `${file?.content ?? ''}${line}\n`,
          expectedSha: file?.sha,
          message: `Edit for ${branch}`,
        }),
      ).commitSha;
    }

    const PR = { title: 'Except titanagent', body: 'Evidence', labels: ['falco-exception'], reviewers: [] };

    it('reads a file with its git blob sha; a missing file is undefined, a missing ref not_found', async () => {
      expect(value(await repo.readFile(h.rulesFile, repo.baseBranch))).toEqual({
        path: h.rulesFile,
        content: h.seed,
        sha: blobSha(h.seed),
      });
      expect(value(await repo.readFile('no/such/file.yaml', repo.baseBranch))).toBeUndefined();
      expect(failure(await repo.readFile(h.rulesFile, 'no-such-branch')).kind).toBe('not_found');
      expect(failure(await repo.branchHead('no-such-branch')).kind).toBe('not_found');
    });

    it('creates a branch, commits to it with the sha it read, and reads the file there and at the old commit', async () => {
      const base = value(await repo.branchHead(repo.baseBranch));
      const head = await branchWithChange('falco-triage/p1', '# added');

      expect(value(await repo.branchHead('falco-triage/p1'))).toBe(head);
      expect(value(await repo.readFile(h.rulesFile, 'falco-triage/p1'))?.content).toBe(`${h.seed}# added\n`);
      expect(value(await repo.readFile(h.rulesFile, base))?.content).toBe(h.seed);
      expect(value(await repo.branchHead(repo.baseBranch))).toBe(base);
      value(await repo.resetBranch('falco-triage/p1', base));
      expect(value(await repo.branchHead('falco-triage/p1'))).toBe(base);
    });

    it('refuses a commit based on a stale sha as a conflict, and writes nothing', async () => {
      const read = value(await repo.readFile(h.rulesFile, repo.baseBranch));
      h.editFile(repo.baseBranch, h.rulesFile, `${h.seed}# a person's edit\n`);
      const stale = await repo.writeFile({
        branch: repo.baseBranch,
        path: h.rulesFile,
        content: `${h.seed}# the bot's edit\n`,
        expectedSha: read?.sha,
        message: 'Bot edit',
      });

      expect(failure(stale).kind).toBe('conflict');
      const now = value(await repo.readFile(h.rulesFile, repo.baseBranch));
      expect(now?.content).toBe(`${h.seed}# a person's edit\n`);
      value(
        await repo.writeFile({
          branch: repo.baseBranch,
          path: h.rulesFile,
          content: `${now?.content ?? ''}# the bot's edit\n`,
          expectedSha: now?.sha,
          message: 'Bot edit, re-applied',
        }),
      );
    });

    it('creates a new file without a sha, and calls it a conflict when the file appeared meanwhile', async () => {
      const write = (content: string) =>
        repo.writeFile({
          branch: repo.baseBranch,
          path: 'rules/new.yaml',
          content,
          expectedSha: undefined,
          message: 'New',
        });
      value(await write('- list: mine\n'));
      expect(value(await repo.readFile('rules/new.yaml', repo.baseBranch))?.content).toBe('- list: mine\n');
      expect(failure(await write('- list: again\n')).kind).toBe('conflict');
    });

    it('says not_found for a commit to a missing branch, invalid for a branch at a missing commit', async () => {
      const missing = await repo.writeFile({
        branch: 'gone',
        path: h.rulesFile,
        content: 'x',
        expectedSha: blobSha(h.seed),
        message: 'm',
      });
      expect(failure(missing).kind).toBe('not_found');
      expect(failure(await repo.resetBranch('falco-triage/x', 'f'.repeat(40))).kind).toBe('invalid');
    });

    it('opens a pull request once and reuses the open one; a branch without changes is invalid', async () => {
      const head = await branchWithChange('falco-triage/p2');
      const first = value(await repo.openPullRequest({ ...PR, branch: 'falco-triage/p2' }));
      expect(first).toMatchObject({ branch: 'falco-triage/p2', created: true });
      expect(first.url).toMatch(new RegExp(`^https://github\\.com/.+/pull/${first.number}$`));
      const again = value(await repo.openPullRequest({ ...PR, branch: 'falco-triage/p2' }));
      expect(again).toMatchObject({ number: first.number, url: first.url, created: false });
      expect(value(await repo.getPullRequest(first.number))).toMatchObject({
        state: 'open',
        merged: false,
        mergeCommitSha: null,
        mergedBy: null,
        mergedAt: null,
        headSha: head,
        body: PR.body,
      });

      value(await repo.resetBranch('falco-triage/empty', value(await repo.branchHead(repo.baseBranch))));
      const empty = failure(await repo.openPullRequest({ ...PR, branch: 'falco-triage/empty' }));
      expect(empty.kind).toBe('invalid');
      expect(empty.message).toContain('No commits between');
    });

    it('reads a pull request after merge and after close; an unknown one is not_found', async () => {
      await branchWithChange('falco-triage/m', '# merged line');
      const merged = value(await repo.openPullRequest({ ...PR, branch: 'falco-triage/m' }));
      const mergeSha = h.mergePull(merged.number, 'alice');
      expect(value(await repo.getPullRequest(merged.number))).toMatchObject({
        state: 'closed',
        merged: true,
        mergeCommitSha: mergeSha,
        mergedBy: 'alice',
        mergedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(value(await repo.branchHead(repo.baseBranch))).toBe(mergeSha);
      expect(value(await repo.readFile(h.rulesFile, repo.baseBranch))?.content).toContain('# merged line');

      await branchWithChange('falco-triage/c');
      const closed = value(await repo.openPullRequest({ ...PR, branch: 'falco-triage/c' }));
      h.closePull(closed.number);
      expect(value(await repo.getPullRequest(closed.number))).toMatchObject({
        state: 'closed',
        merged: false,
      });
      expect(failure(await repo.getPullRequest(9999)).kind).toBe('not_found');
    });

    it('re-applies a change on a moved base as one commit onto it, moves the branch there, and the merge is clean', async () => {
      const branch = 'falco-triage/r';
      await branchWithChange(branch, '# first');
      const pull = value(await repo.openPullRequest({ ...PR, branch }));
      h.editFile(repo.baseBranch, h.rulesFile, `${h.seed}# other\n`);
      // Both appended at the end of the same file: GitHub's merge button refuses it.
      expect(() => h.mergePull(pull.number, 'alice')).toThrow(/conflict/);

      const base = value(await repo.branchHead(repo.baseBranch));
      const before = value(await repo.branchHead(branch));
      const content = `${h.seed}# other\n# first\n`;
      const made = value(
        await repo.createCommit({ parent: base, path: h.rulesFile, content, message: 'Re-applied' }),
      ).commitSha;
      expect(value(await repo.branchHead(branch))).toBe(before);
      expect(value(await repo.branchHead(repo.baseBranch))).toBe(base);
      expect(value(await repo.readFile(h.rulesFile, made))?.content).toBe(content);
      expect(value(await repo.readFile('README.md', made))?.content).toBe('# rules\n');

      value(await repo.moveBranch(branch, made));
      expect(value(await repo.branchHead(branch))).toBe(made);
      expect(value(await repo.getPullRequest(pull.number))).toMatchObject({ state: 'open', headSha: made });
      h.mergePull(pull.number, 'alice');
      expect(value(await repo.readFile(h.rulesFile, repo.baseBranch))?.content).toBe(content);
    });

    it('says not_found for a commit onto a missing parent and for moving a missing branch', async () => {
      const onto = await repo.createCommit({
        parent: 'f'.repeat(40),
        path: h.rulesFile,
        content: 'x',
        message: 'm',
      });
      expect(failure(onto).kind).toBe('not_found');
      const base = value(await repo.branchHead(repo.baseBranch));
      expect(failure(await repo.moveBranch('falco-triage/gone', base)).kind).toBe('not_found');
    });

    it("replaces a pull request's body; not_found for an unknown one", async () => {
      await branchWithChange('falco-triage/body');
      const pull = value(await repo.openPullRequest({ ...PR, branch: 'falco-triage/body' }));
      value(await repo.updatePullRequestBody(pull.number, 'Evidence, verified again'));
      expect(value(await repo.getPullRequest(pull.number)).body).toBe('Evidence, verified again');
      expect(failure(await repo.updatePullRequestBody(9999, 'x')).kind).toBe('not_found');
    });

    it('lists the open pull requests of a branch prefix only', async () => {
      const numbers: number[] = [];
      for (const branch of ['falco-triage/a', 'falco-triage/b', 'renovate/x']) {
        await branchWithChange(branch);
        numbers.push(value(await repo.openPullRequest({ ...PR, branch })).number);
      }
      h.closePull(numbers[1] ?? 0);

      const listed = value(await repo.listOpenPullRequests('falco-triage/'));
      expect(listed.map((pull) => [pull.number, pull.branch, pull.state])).toEqual([
        [numbers[0], 'falco-triage/a', 'open'],
      ]);
    });

    it('lists the runs of one workflow for a commit, newest first', async () => {
      const main = value(await repo.branchHead(repo.baseBranch));
      const older = h.createRun({ name: 'Falco rules', headSha: main, conclusion: 'failure' });
      h.createRun({ name: 'CI', headSha: main, conclusion: 'success' });
      const newer = h.createRun({ name: 'Falco rules', headSha: main, conclusion: 'success' });

      const runs = value(await repo.listWorkflowRuns({ workflowName: 'Falco rules', headSha: main }));
      expect(runs.map((run) => [run.id, run.headSha, run.conclusion])).toEqual([
        [newer, main, 'success'],
        [older, main, 'failure'],
      ]);
      expect(
        value(await repo.listWorkflowRuns({ workflowName: 'Falco rules', headSha: 'a'.repeat(40) })),
      ).toEqual([]);
    });

    it('comments on a pull request; not_found for an unknown one', async () => {
      await branchWithChange('falco-triage/k');
      const pull = value(await repo.openPullRequest({ ...PR, branch: 'falco-triage/k' }));
      value(await repo.comment(pull.number, 'Deployed by run #12'));
      expect(failure(await repo.comment(9999, 'x')).kind).toBe('not_found');
    });

    it('calls an outage unavailable, and a rate limit unavailable with how long to wait', async () => {
      h.failNext({});
      expect(failure(await repo.branchHead(repo.baseBranch))).toMatchObject({ kind: 'unavailable' });
      h.failNext({ retryAfterSeconds: 90 });
      expect(failure(await repo.readFile(h.rulesFile, repo.baseBranch))).toMatchObject({
        kind: 'unavailable',
        retryAfterMs: 90_000,
      });
      expect(value(await repo.readFile(h.rulesFile, repo.baseBranch))?.content).toBe(h.seed);
    });
  });
}
