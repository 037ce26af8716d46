import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GitHubRepo } from '../../../src/github/github-repo.js';
import type { FakeGitHub } from '../../../src/stand-ins/github/index.js';
import { blobSha, failure, REPO, RULES, repoFor, SEED, startFake, unwrap } from './setup.js';

describe('GitHub repo port: files and branches', () => {
  let fake: FakeGitHub;
  let repo: GitHubRepo;
  beforeEach(async () => {
    fake = await startFake();
    repo = repoFor(fake);
  });
  afterEach(async () => {
    fake.assertNoViolations();
    await fake.close();
  });

  it('reads a file at a branch with its blob sha', async () => {
    const file = unwrap(await repo.readFile(RULES, 'main'));
    expect(file).toEqual({ path: RULES, content: SEED, sha: blobSha(SEED) });
    expect(fake.requests({ operationId: 'repos/get-content' })[0]?.query).toEqual({ ref: 'main' });
  });

  it('reads a file at a commit sha, as it was then', async () => {
    const before = unwrap(await repo.branchHead('main'));
    fake.setFile(REPO, 'main', RULES, 'customRules: {}\n');
    expect(unwrap(await repo.readFile(RULES, before))?.content).toBe(SEED);
    expect(unwrap(await repo.readFile(RULES, 'main'))?.content).toBe('customRules: {}\n');
  });

  it('keeps non-ASCII text intact', async () => {
    const text = '# règles — ünïcödé ✓\n';
    fake.setFile(REPO, 'main', 'notes.md', text);
    expect(unwrap(await repo.readFile('notes.md', 'main'))).toMatchObject({
      content: text,
      sha: blobSha(text),
    });
  });

  it('says undefined for a missing file and not_found for a missing ref', async () => {
    expect(unwrap(await repo.readFile('falco/missing.yaml', 'main'))).toBeUndefined();
    expect(failure(await repo.readFile(RULES, 'no-such-branch')).kind).toBe('not_found');
  });

  it('refuses to read a directory as a file', async () => {
    const error = failure(await repo.readFile('falco', 'main'));
    expect(error).toMatchObject({ kind: 'invalid' });
    expect(error.message).toContain('directory');
  });

  it('reads the head of a branch, and not_found for a missing one', async () => {
    expect(unwrap(await repo.branchHead('main'))).toBe(fake.branches(REPO)['main']);
    expect(failure(await repo.branchHead('nope')).kind).toBe('not_found');
  });

  it('creates a branch, then force-moves it back even when that is not a fast forward', async () => {
    const base = unwrap(await repo.branchHead('main'));
    unwrap(await repo.resetBranch('falco-triage/p1', base));
    expect(fake.branches(REPO)['falco-triage/p1']).toBe(base);

    const file = unwrap(await repo.readFile(RULES, 'falco-triage/p1'));
    const { commitSha } = unwrap(
      await repo.writeFile({
        branch: 'falco-triage/p1',
        path: RULES,
        content: `${SEED}# edited\n`,
        expectedSha: file?.sha,
        message: 'Edit',
      }),
    );
    expect(fake.branches(REPO)['falco-triage/p1']).toBe(commitSha);

    unwrap(await repo.resetBranch('falco-triage/p1', base));
    expect(fake.branches(REPO)['falco-triage/p1']).toBe(base);
    expect(fake.requests({ operationId: 'git/update-ref' })[0]?.body).toMatchObject({
      sha: base,
      force: true,
    });
  });

  it('refuses to point a branch at a commit that does not exist', async () => {
    const error = failure(await repo.resetBranch('falco-triage/p1', 'f'.repeat(40)));
    expect(error.kind).toBe('invalid');
  });

  it('commits a file with the sha it read, without a custom author', async () => {
    const file = unwrap(await repo.readFile(RULES, 'main'));
    const next = `${SEED}    - list: more\n`;
    const { commitSha } = unwrap(
      await repo.writeFile({
        branch: 'main',
        path: RULES,
        content: next,
        expectedSha: file?.sha,
        message: 'Add more',
      }),
    );
    expect(fake.branches(REPO)['main']).toBe(commitSha);
    expect(fake.file(REPO, 'main', RULES)).toBe(next);
    expect(fake.commits(REPO, 'main')[0]).toMatchObject({
      sha: commitSha,
      message: 'Add more',
      author: 'falco-triage-bot',
    });
    const put = fake.requests({ operationId: 'repos/create-or-update-file-contents' })[0];
    expect(put?.body).toMatchObject({ sha: blobSha(SEED), branch: 'main' });
    expect(put?.body).not.toHaveProperty('author');
    expect(put?.body).not.toHaveProperty('committer');
  });

  it('creates a new file when no sha is expected', async () => {
    unwrap(
      await repo.writeFile({
        branch: 'main',
        path: 'rules/new.yaml',
        content: '- list: x\n',
        expectedSha: undefined,
        message: 'New',
      }),
    );
    expect(fake.file(REPO, 'main', 'rules/new.yaml')).toBe('- list: x\n');
  });

  it('reports a conflict and writes nothing when a person edits the file between the read and the write', async () => {
    const file = unwrap(await repo.readFile(RULES, 'main'));
    const human = `${SEED}    - list: human_edit\n`;
    fake.faults.beforeNext({ operationId: 'repos/create-or-update-file-contents' }, () => {
      fake.setFile(REPO, 'main', RULES, human, { author: 'alice' });
    });
    const result = await repo.writeFile({
      branch: 'main',
      path: RULES,
      content: `${SEED}    - list: bot_edit\n`,
      expectedSha: file?.sha,
      message: 'Bot edit',
    });
    expect(failure(result)).toMatchObject({ kind: 'conflict' });
    expect(fake.file(REPO, 'main', RULES)).toBe(human);
    expect(fake.requests({ operationId: 'repos/create-or-update-file-contents' })[0]?.status).toBe(409);

    // Re-read and re-apply succeeds on top of the person's edit.
    const again = unwrap(await repo.readFile(RULES, 'main'));
    unwrap(
      await repo.writeFile({
        branch: 'main',
        path: RULES,
        content: `${human}    - list: bot_edit\n`,
        expectedSha: again?.sha,
        message: 'Bot edit',
      }),
    );
    expect(fake.file(REPO, 'main', RULES)).toContain('human_edit');
    expect(fake.file(REPO, 'main', RULES)).toContain('bot_edit');
  });

  it('reports a conflict when a file appeared since it was found missing', async () => {
    fake.setFile(REPO, 'main', 'rules/new.yaml', 'someone else\n');
    const result = await repo.writeFile({
      branch: 'main',
      path: 'rules/new.yaml',
      content: 'mine\n',
      expectedSha: undefined,
      message: 'New',
    });
    expect(failure(result).kind).toBe('conflict');
    expect(fake.file(REPO, 'main', 'rules/new.yaml')).toBe('someone else\n');
  });

  it('says not_found when writing to a branch that does not exist', async () => {
    const result = await repo.writeFile({
      branch: 'gone',
      path: RULES,
      content: 'x',
      expectedSha: blobSha(SEED),
      message: 'm',
    });
    expect(failure(result).kind).toBe('not_found');
  });
});
