import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Octokit } from 'octokit';
import type { FakeGitHub } from '../../../../src/stand-ins/github/fake-github.js';
import { ObjectStore } from '../../../../src/stand-ins/github/git-objects.js';
import { REPO, VALUES, octokitFor, startFake, statusOf } from './setup.js';

const owner = 'acme';
const repo = 'falco-rules';

describe('git objects', () => {
  // Reference SHAs computed with git itself (git hash-object / write-tree / commit-tree).
  it('hashes blobs, nested trees and commits exactly like git', () => {
    const store = new ObjectStore();
    expect(store.putBlob(Buffer.from(''))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    expect(store.putBlob(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(store.writeSnapshot(new Map())).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');

    const files = new Map([
      ['hello.txt', { sha: store.putBlob(Buffer.from('hello\n')), mode: '100644' as const }],
      ['falco/values.yaml', { sha: store.putBlob(Buffer.from('rules: []\n')), mode: '100644' as const }],
    ]);
    const tree = store.writeSnapshot(files);
    expect(tree).toBe('4ce1facf8729ac551c656b6879c096104f231bc6');
    const alice = { name: 'alice', email: 'alice@example.com', date: '2024-01-02T03:04:05Z' };
    const commit = store.putCommit({
      tree,
      parents: [],
      message: 'Initial commit\n',
      author: alice,
      committer: alice,
    });
    expect(commit.sha).toBe('1d18b25e10474dcb51bf704812e84d2f3a24e77f');
    expect([...store.readSnapshot(tree).keys()].sort()).toEqual(['falco/values.yaml', 'hello.txt']);
  });
});

describe('fake GitHub: Git data API', () => {
  let fake: FakeGitHub;
  let octokit: Octokit;
  beforeEach(async () => {
    fake = await startFake();
    octokit = octokitFor(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  it('commits two files through blob → tree → commit → ref', async () => {
    const { data: ref } = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    const { data: parent } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: ref.object.sha });
    const { data: blob } = await octokit.rest.git.createBlob({
      owner,
      repo,
      content: 'b64 ok',
      encoding: 'utf-8',
    });
    const { data: tree } = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: parent.tree.sha,
      tree: [
        { path: VALUES, mode: '100644', type: 'blob', content: 'customRules: {}\n' },
        { path: 'rules/extra.yaml', mode: '100644', type: 'blob', sha: blob.sha },
        { path: 'README.md', mode: '100644', type: 'blob', sha: null },
      ],
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: 'Two files',
      tree: tree.sha,
      parents: [parent.sha],
    });
    await octokit.rest.git.updateRef({ owner, repo, ref: 'heads/main', sha: commit.sha });

    expect(fake.file(REPO, 'main', VALUES)).toBe('customRules: {}\n');
    expect(fake.file(REPO, 'main', 'rules/extra.yaml')).toBe('b64 ok');
    expect(fake.file(REPO, 'main', 'README.md')).toBeUndefined();
    expect(tree.tree.map((entry) => entry.path)).toEqual(['falco', 'rules']);
  });

  it('answers 422 "Reference already exists" and refuses non-fast-forward updates unless forced', async () => {
    const main = fake.branches(REPO)['main'] ?? '';
    await octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/topic', sha: main });
    const again = octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/topic', sha: main });
    await expect(again).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Reference already exists'),
    });

    const ahead = fake.setFile(REPO, 'topic', 'a.txt', 'a');
    const sideways = fake.setFile(REPO, 'main', 'b.txt', 'b');
    const notFf = octokit.rest.git.updateRef({ owner, repo, ref: 'heads/topic', sha: sideways });
    await expect(notFf).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Update is not a fast forward'),
    });
    expect(fake.branches(REPO)['topic']).toBe(ahead);

    await octokit.rest.git.updateRef({ owner, repo, ref: 'heads/topic', sha: sideways, force: true });
    expect(fake.branches(REPO)['topic']).toBe(sideways);
  });

  it('rejects refs/ prefixes in ref paths, unknown objects and deletes refs', async () => {
    const main = fake.branches(REPO)['main'] ?? '';
    expect(await statusOf(octokit.rest.git.getRef({ owner, repo, ref: 'refs/heads/main' }))).toBe(404);
    expect(
      await statusOf(octokit.rest.git.updateRef({ owner, repo, ref: 'refs/heads/main', sha: main })),
    ).toBe(422);
    expect(await statusOf(octokit.rest.git.createRef({ owner, repo, ref: 'heads/x', sha: main }))).toBe(422);
    expect(
      await statusOf(octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/x', sha: 'f'.repeat(40) })),
    ).toBe(422);
    expect(
      await statusOf(octokit.rest.git.createCommit({ owner, repo, message: 'm', tree: 'f'.repeat(40) })),
    ).toBe(422);

    fake.createBranch(REPO, 'gone');
    expect(await statusOf(octokit.rest.git.deleteRef({ owner, repo, ref: 'heads/gone' }))).toBe(204);
    expect(fake.branches(REPO)).not.toHaveProperty('gone');
    expect(await statusOf(octokit.rest.git.deleteRef({ owner, repo, ref: 'heads/gone' }))).toBe(422);
  });

  it('lists commits for a branch and path', async () => {
    fake.setFile(REPO, 'main', VALUES, 'v2\n', { message: 'Tune values', author: 'alice' });
    fake.setFile(REPO, 'main', 'README.md', 'docs\n');
    const { data } = await octokit.rest.repos.listCommits({ owner, repo, sha: 'main', path: VALUES });
    expect(data.map((c) => c.commit.message)).toEqual(['Tune values', 'Initial commit']);
    expect(data[0]?.author?.login).toBe('alice');
  });
});
