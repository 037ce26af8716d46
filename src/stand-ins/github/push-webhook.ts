/**
 * `push` webhook payloads: what GitHub sends when a branch moves (a merge, a person's commit, a force update), built
 * from the stand-in's state: the ref, the SHAs before and after, whether it was created or forced, the pushed commits
 * with their files, the pusher, the repository (whose `created_at` and `pushed_at` are Unix seconds in push events,
 * unlike everywhere else, and which carries a few fields only push events have).
 *
 * GitHub's webhook schemas have no `push` schema, so when the stand-in was given GitHub's example branch push
 * (schemas.ts), a built payload is checked against it instead: every key the example has is present, with the same
 * JSON type (or null where GitHub allows it); an invalid one throws, as for the other events.
 */
import type { CommitObject } from './git-objects.js';
import { changedFiles } from './merge.js';
import { finish, type WebhookEvent, type WebhookSource } from './webhooks.js';

type Json = Record<string, unknown>;

export interface PushEventInput {
  readonly repo: string;
  /** The branch that moved. */
  readonly branch: string;
  /** Its head before the push (undefined: created by it). */
  readonly before: string | undefined;
  /** Its head after the push (undefined: deleted by it). */
  readonly after: string | undefined;
  readonly sender: string;
  readonly installationId?: number;
}

const ZERO = '0'.repeat(40);
/** Keys GitHub sends as null or as a value depending on the push. */
const NULLABLE = new Set(['head_commit', 'base_ref', 'installation', 'organization', 'enterprise']);

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Keys of GitHub's example branch push missing from `payload` or of another JSON type (empty when it matches). */
export function pushProblems(payload: Json, example: Json): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(example)) {
    if (key === 'installation' || key === 'organization') continue;
    if (!(key in payload)) problems.push(`payload.${key} is missing`);
    else if (typeOf(payload[key]) !== typeOf(value) && !(NULLABLE.has(key) && payload[key] === null))
      problems.push(`payload.${key} is ${typeOf(payload[key])}, GitHub sends ${typeOf(value)}`);
  }
  const repository = payload['repository'] as Json | undefined;
  for (const key of ['created_at', 'pushed_at'])
    if (typeof repository?.[key] !== 'number')
      problems.push(`payload.repository.${key} must be Unix seconds`);
  return problems;
}

function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

export function pushEvent(fake: WebhookSource, input: PushEventInput): WebhookEvent {
  const repo = fake.state.requireRepo(input.repo);
  const web = `${fake.state.urls.web}/${repo.fullName}`;
  const after = input.after ?? ZERO;
  const head = input.after === undefined ? undefined : repo.objects.commit(input.after);
  if (input.after !== undefined && head === undefined)
    throw new Error(`${input.repo} has no commit ${input.after}`);
  const before = input.before ?? ZERO;
  // A new branch brings only what the default branch does not have yet.
  const from =
    input.before ?? (input.branch === repo.defaultBranch ? undefined : repo.branch(repo.defaultBranch));
  const known = new Set(from === undefined ? [] : repo.objects.history(from).map((c) => c.sha));
  // The commits the push brought (oldest first, at most 20 as GitHub sends); none for a move back to a known one.
  const brought = (input.after === undefined ? [] : repo.objects.history(input.after))
    .filter((commit) => !known.has(commit.sha))
    .reverse()
    .slice(-20);
  const summary = (commit: CommitObject): Json => {
    const files = changedFiles(repo, commit.parents[0] ?? commit.sha, commit.sha);
    const person = (p: CommitObject['author']) => ({ name: p.name, email: p.email, username: p.name });
    return {
      id: commit.sha,
      tree_id: commit.tree,
      distinct: true,
      message: commit.message,
      timestamp: commit.committer.date,
      url: `${web}/commit/${commit.sha}`,
      author: person(commit.author),
      committer: person(commit.committer),
      added: files.filter((f) => f.status === 'added').map((f) => f.path),
      removed: files.filter((f) => f.status === 'removed').map((f) => f.path),
      modified: files.filter((f) => f.status === 'modified').map((f) => f.path),
    };
  };
  const forced =
    input.before !== undefined &&
    input.after !== undefined &&
    !repo.objects.isAncestor(input.before, input.after);
  const sender = fake.state.person(input.sender);
  const payload = finish(
    fake,
    repo,
    {
      ref: `refs/heads/${input.branch}`,
      before,
      after,
      created: input.before === undefined,
      deleted: input.after === undefined,
      forced,
      base_ref: null,
      compare:
        input.before === undefined
          ? `${web}/commit/${after.slice(0, 12)}`
          : `${web}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits: brought.map(summary),
      head_commit: head === undefined ? null : summary(head),
      pusher: { name: input.sender, email: sender.email },
    },
    { sender: input.sender, installationId: input.installationId },
  );
  const repository = payload['repository'] as Json;
  repository['created_at'] = seconds(repo.createdAt);
  repository['pushed_at'] = seconds(repo.pushedAt);
  repository['stargazers'] = repository['stargazers_count'];
  repository['master_branch'] = repo.defaultBranch;
  repository['custom_properties'] = {};
  const owner = fake.state.person(repo.owner.login);
  repository['owner'] = { name: owner.name, email: owner.email, ...(repository['owner'] as Json) };
  const example = fake.validation?.pushExample;
  const problems = example === undefined ? [] : pushProblems(payload, example);
  if (problems.length > 0) throw new Error(`built push payload is invalid:\n${problems.join('\n')}`);
  return { name: 'push', action: '', payload, target: { type: 'repository', id: repo.id } };
}
