import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { FakeGitHub } from '../../../../src/stand-ins/github/fake-github.js';
import { REPO, SEED, VALUES, b64, octokitFor, startFake, statusOf } from './setup.js';

const owner = 'acme';
const repo = 'falco-rules';

describe('fake GitHub: branches and the Contents API', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('serves a file with its real git blob SHA and base64 content', async () => {
    const octokit = octokitFor(fake);
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path: VALUES });

    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    const expected = createHash('sha1')
      .update(`blob ${Buffer.byteLength(SEED)}\0${SEED}`)
      .digest('hex');
    expect(data.sha).toBe(expected);
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe(SEED);
    expect(data.path).toBe(VALUES);
  });

  it('creates a branch from the base and commits an update with the blob sha', async () => {
    const octokit = octokitFor(fake);
    const base = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/falco-fp/abc',
      sha: base.data.object.sha,
    });
    const { data: file } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: VALUES,
      ref: 'falco-fp/abc',
    });
    if (Array.isArray(file)) throw new Error('expected a file');

    const put = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: VALUES,
      branch: 'falco-fp/abc',
      message: 'Add exception',
      content: b64(`${SEED}    # titanagent\n`),
      sha: file.sha,
    });

    expect(put.status).toBe(200);
    expect(fake.file(REPO, 'falco-fp/abc', VALUES)).toBe(`${SEED}    # titanagent\n`);
    expect(fake.file(REPO, 'main', VALUES)).toBe(SEED);
    expect(fake.branches(REPO)['falco-fp/abc']).toBe(put.data.commit.sha);
    expect(fake.commits(REPO, 'falco-fp/abc')[0]?.parents).toEqual([base.data.object.sha]);
  });

  it('answers 201 for a new file and 422 when updating without sha', async () => {
    const octokit = octokitFor(fake);
    const created = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'rules/new.yaml',
      message: 'new',
      content: b64('- list: x\n'),
    });
    expect(created.status).toBe(201);

    const missingSha = octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: VALUES,
      message: 'no sha',
      content: b64('x'),
    });
    await expect(missingSha).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('"sha" wasn\'t supplied'),
    });
  });

  it('answers 409 for a stale sha, like GitHub', async () => {
    const octokit = octokitFor(fake);
    const { data: file } = await octokit.rest.repos.getContent({ owner, repo, path: VALUES });
    if (Array.isArray(file)) throw new Error('expected a file');
    fake.setFile(REPO, 'main', VALUES, `${SEED}# edited by a human\n`);

    const stale = octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: VALUES,
      message: 'bot edit',
      content: b64('overwrite'),
      sha: file.sha,
    });

    await expect(stale).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(`${VALUES} does not match ${file.sha}`),
    });
    expect(fake.file(REPO, 'main', VALUES)).toBe(`${SEED}# edited by a human\n`);
  });

  it('runs a hook between two calls so a concurrent human edit lands before the write', async () => {
    const octokit = octokitFor(fake);
    const hook = fake.faults.beforeNext({ operationId: 'repos/create-or-update-file-contents' }, () => {
      fake.setFile(REPO, 'main', VALUES, `${SEED}# concurrent\n`);
    });
    const { data: file } = await octokit.rest.repos.getContent({ owner, repo, path: VALUES });
    if (Array.isArray(file)) throw new Error('expected a file');

    expect(
      await statusOf(
        octokit.rest.repos.createOrUpdateFileContents({
          owner,
          repo,
          path: VALUES,
          message: 'm',
          content: b64('x'),
          sha: file.sha,
        }),
      ),
    ).toBe(409);
    expect(hook.fired).toBe(1);

    const { data: again } = await octokit.rest.repos.getContent({ owner, repo, path: VALUES });
    if (Array.isArray(again)) throw new Error('expected a file');
    const retried = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: VALUES,
      message: 'm',
      content: b64('x'),
      sha: again.sha,
    });
    expect(retried.status).toBe(200);
  });

  it('lists a directory and 404s for a missing path or ref', async () => {
    const octokit = octokitFor(fake);
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path: 'falco' });
    expect(Array.isArray(data) && data.map((entry) => entry.name)).toEqual(['values.yaml']);
    expect(await statusOf(octokit.rest.repos.getContent({ owner, repo, path: 'nope.yaml' }))).toBe(404);
    expect(
      await statusOf(octokit.rest.repos.getContent({ owner, repo, path: VALUES, ref: 'no-such-branch' })),
    ).toBe(404);
  });

  it('gets the repository and a branch', async () => {
    const octokit = octokitFor(fake);
    const { data } = await octokit.rest.repos.get({ owner, repo });
    expect(data).toMatchObject({ full_name: REPO, default_branch: 'main', private: true });
    const branch = await octokit.rest.repos.getBranch({ owner, repo, branch: 'main' });
    expect(branch.data.commit.sha).toBe(fake.branches(REPO)['main']);
    expect(await statusOf(octokit.rest.repos.getBranch({ owner, repo, branch: 'nope' }))).toBe(404);
  });
});
