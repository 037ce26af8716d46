/**
 * The in-memory state of one repository: git objects and branches, pull requests (which share the issue number
 * sequence, as on GitHub), issue comments, labels and workflow runs. Plain records; the HTTP handlers and the
 * test helpers both go through the methods here so they cannot drift apart.
 */
import {
  ObjectStore,
  type CommitObject,
  type GitPerson,
  type Sha,
  type Snapshot,
  type SnapshotEntry,
} from './git-objects.js';

export interface UserRecord {
  readonly id: number;
  readonly login: string;
  readonly type: 'User' | 'Bot' | 'Organization';
}

export interface LabelRecord {
  readonly id: number;
  readonly name: string;
  readonly color: string;
  readonly description: string | null;
}

export interface CommentRecord {
  readonly id: number;
  readonly body: string;
  readonly user: string;
  readonly createdAt: string;
  updatedAt: string;
}

export interface PullRecord {
  readonly id: number;
  readonly number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  readonly draft: boolean;
  readonly user: string;
  readonly headRef: string;
  baseRef: string;
  /** Frozen head/base SHAs once the pull request is closed; while open they follow the branches. */
  frozenHeadSha: Sha | undefined;
  frozenBaseSha: Sha | undefined;
  maintainerCanModify: boolean;
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: Sha | null;
  readonly labels: string[];
  readonly requestedReviewers: string[];
  readonly requestedTeams: string[];
}

export type RunStatus = 'queued' | 'in_progress' | 'completed' | 'requested' | 'waiting' | 'pending';
export type RunConclusion =
  'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | 'stale';

export interface WorkflowRecord {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  nextRunNumber: number;
}

export interface RunRecord {
  readonly id: number;
  readonly workflowId: number;
  readonly runNumber: number;
  readonly runAttempt: number;
  readonly name: string;
  readonly path: string;
  readonly displayTitle: string;
  readonly event: string;
  readonly headBranch: string;
  readonly headSha: Sha;
  readonly actor: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  readonly createdAt: string;
  updatedAt: string;
  runStartedAt: string;
}

/** Identity and time for a commit the fake writes on someone's behalf. */
export interface CommitAuthor {
  readonly name: string;
  readonly email: string;
}

export class RepoState {
  readonly objects = new ObjectStore();
  /** Fully qualified ref (`refs/heads/main`) → commit SHA. */
  readonly refs = new Map<string, Sha>();
  readonly pulls = new Map<number, PullRecord>();
  readonly comments = new Map<number, CommentRecord[]>();
  /** Lower-cased name → label: GitHub label names are case-insensitive. */
  readonly labels = new Map<string, LabelRecord>();
  readonly workflows = new Map<string, WorkflowRecord>();
  readonly runs = new Map<number, RunRecord>();
  private nextNumber = 1;
  /** When a branch last moved (GitHub's `pushed_at`). */
  pushedAt: string;

  constructor(
    readonly id: number,
    readonly owner: UserRecord,
    readonly name: string,
    public defaultBranch: string,
    readonly isPrivate: boolean,
    readonly createdAt: string,
    /** Logins that may be requested as reviewers; undefined = anyone. */
    readonly collaborators: ReadonlySet<string> | undefined,
  ) {
    this.pushedAt = createdAt;
  }

  get fullName(): string {
    return `${this.owner.login}/${this.name}`;
  }

  takeNumber(): number {
    return this.nextNumber++;
  }

  branch(name: string): Sha | undefined {
    return this.refs.get(`refs/heads/${name}`);
  }

  branchNames(): string[] {
    return [...this.refs.keys()].filter((ref) => ref.startsWith('refs/heads/')).map((ref) => ref.slice(11));
  }

  /** A branch name, `heads/x`, `refs/heads/x` or a (possibly abbreviated, ≥ 7) commit SHA → commit SHA. */
  resolveCommitish(ref: string): Sha | undefined {
    const direct = this.refs.get(ref) ?? this.refs.get(`refs/${ref}`) ?? this.branch(ref);
    if (direct !== undefined) return direct;
    if (/^[0-9a-f]{40}$/.test(ref)) return this.objects.commit(ref) === undefined ? undefined : ref;
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      const candidates = this.objects.commitsWithPrefix(ref);
      return candidates.length === 1 ? candidates[0] : undefined;
    }
    return undefined;
  }

  snapshot(commitSha: Sha): Map<string, SnapshotEntry> {
    const commit = this.objects.commit(commitSha);
    return commit === undefined ? new Map<string, SnapshotEntry>() : this.objects.readSnapshot(commit.tree);
  }

  readFile(commitSha: Sha, path: string): { content: Buffer; sha: Sha } | undefined {
    const entry = this.snapshot(commitSha).get(path);
    const content = entry === undefined ? undefined : this.objects.blob(entry.sha);
    return entry === undefined || content === undefined ? undefined : { content, sha: entry.sha };
  }

  /** Commits a change of files (null deletes) on top of `parent` without moving any ref. */
  commitChanges(
    parent: Sha | undefined,
    changes: ReadonlyMap<string, Buffer | null>,
    message: string,
    author: GitPerson,
    committer: GitPerson = author,
  ): CommitObject {
    const files = parent === undefined ? new Map<string, SnapshotEntry>() : this.snapshot(parent);
    for (const [path, content] of changes) {
      if (content === null) files.delete(path);
      else files.set(path, { sha: this.objects.putBlob(content), mode: files.get(path)?.mode ?? '100644' });
    }
    return this.commitSnapshot(parent === undefined ? [] : [parent], files, message, author, committer);
  }

  commitSnapshot(
    parents: readonly Sha[],
    files: Snapshot,
    message: string,
    author: GitPerson,
    committer: GitPerson = author,
  ): CommitObject {
    return this.objects.putCommit({
      tree: this.objects.writeSnapshot(files),
      parents,
      message,
      author,
      committer,
    });
  }

  /** The head SHA a pull request shows: the live branch while open, frozen once closed. */
  pullHeadSha(pull: PullRecord): Sha {
    return pull.frozenHeadSha ?? this.branch(pull.headRef) ?? '';
  }

  pullBaseSha(pull: PullRecord): Sha {
    return pull.frozenBaseSha ?? this.branch(pull.baseRef) ?? '';
  }

  /** Commits on the head that the base does not have (oldest first), as `GET /pulls/{n}/commits` would list. */
  pullCommits(pull: PullRecord): CommitObject[] {
    const base = new Set(this.objects.history(this.pullBaseSha(pull)).map((c) => c.sha));
    return this.objects
      .history(this.pullHeadSha(pull))
      .filter((c) => !base.has(c.sha))
      .reverse();
  }

  openPullFor(headRef: string, baseRef?: string): PullRecord | undefined {
    return [...this.pulls.values()].find(
      (pull) =>
        pull.state === 'open' &&
        pull.headRef === headRef &&
        (baseRef === undefined || pull.baseRef === baseRef),
    );
  }

  /** Finds or creates a label the way `POST /issues/{n}/labels` does (unknown names are created, grey). */
  ensureLabel(name: string, nextId: () => number): LabelRecord {
    const existing = this.labels.get(name.toLowerCase());
    if (existing !== undefined) return existing;
    const label: LabelRecord = { id: nextId(), name, color: 'ededed', description: null };
    this.labels.set(name.toLowerCase(), label);
    return label;
  }
}
