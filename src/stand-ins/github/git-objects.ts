/**
 * A content-addressed git object store with real git SHAs: blobs (`blob <len>\0<bytes>`), nested trees and
 * commits hash exactly as git would, so a SHA the bot computes or caches means what it means on GitHub.
 * Snapshots (path → blob) are the working view; trees are built from and flattened to them.
 */
import { createHash } from 'node:crypto';

export type Sha = string;
export type FileMode = '100644' | '100755' | '040000' | '160000' | '120000';

export interface TreeEntry {
  readonly name: string;
  readonly mode: FileMode;
  readonly type: 'blob' | 'tree' | 'commit';
  readonly sha: Sha;
}

export interface GitPerson {
  readonly name: string;
  readonly email: string;
  /** ISO 8601, second precision, UTC. */
  readonly date: string;
}

export interface CommitObject {
  readonly sha: Sha;
  readonly tree: Sha;
  readonly parents: readonly Sha[];
  readonly message: string;
  readonly author: GitPerson;
  readonly committer: GitPerson;
}

/** A file in a snapshot: its blob and mode. */
export interface SnapshotEntry {
  readonly sha: Sha;
  readonly mode: FileMode;
}
export type Snapshot = ReadonlyMap<string, SnapshotEntry>;

/** The blob SHA git (and GitHub's Contents API) gives these bytes. */
export function blobSha(content: Buffer): Sha {
  return gitHash('blob', content);
}

function gitHash(type: string, body: Buffer): Sha {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest('hex');
}

export class ObjectStore {
  private readonly blobs = new Map<Sha, Buffer>();
  private readonly trees = new Map<Sha, readonly TreeEntry[]>();
  private readonly commits = new Map<Sha, CommitObject>();

  putBlob(content: Buffer): Sha {
    const sha = blobSha(content);
    this.blobs.set(sha, Buffer.from(content));
    return sha;
  }

  blob(sha: Sha): Buffer | undefined {
    return this.blobs.get(sha);
  }

  tree(sha: Sha): readonly TreeEntry[] | undefined {
    return this.trees.get(sha);
  }

  commit(sha: Sha): CommitObject | undefined {
    return this.commits.get(sha);
  }

  commitsWithPrefix(prefix: string): Sha[] {
    return [...this.commits.keys()].filter((sha) => sha.startsWith(prefix));
  }

  has(sha: Sha): 'blob' | 'tree' | 'commit' | undefined {
    if (this.blobs.has(sha)) return 'blob';
    if (this.trees.has(sha)) return 'tree';
    if (this.commits.has(sha)) return 'commit';
    return undefined;
  }

  /** Stores one tree level; entries are sorted the way git sorts them (directories compare as `name/`). */
  putTree(entries: readonly TreeEntry[]): Sha {
    const sorted = [...entries].sort((a, b) => compareGit(sortKey(a), sortKey(b)));
    const body = Buffer.concat(
      sorted.map((entry) =>
        Buffer.concat([
          Buffer.from(`${entry.mode === '040000' ? '40000' : entry.mode} ${entry.name}\0`),
          Buffer.from(entry.sha, 'hex'),
        ]),
      ),
    );
    const sha = gitHash('tree', body);
    this.trees.set(sha, sorted);
    return sha;
  }

  putCommit(commit: Omit<CommitObject, 'sha'>): CommitObject {
    const lines = [`tree ${commit.tree}`, ...commit.parents.map((parent) => `parent ${parent}`)];
    lines.push(
      `author ${signature(commit.author)}`,
      `committer ${signature(commit.committer)}`,
      '',
      commit.message,
    );
    const sha = gitHash('commit', Buffer.from(lines.join('\n')));
    const stored: CommitObject = { ...commit, sha };
    this.commits.set(sha, stored);
    return stored;
  }

  /** Builds the nested trees for a flat path → blob map and returns the root tree SHA. */
  writeSnapshot(files: Snapshot): Sha {
    const root: DirNode = new Map();
    for (const [path, entry] of files) {
      const parts = path.split('/');
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.get(part);
        if (next === undefined || !(next instanceof Map)) {
          next = new Map();
          dir.set(part, next);
        }
        dir = next;
      }
      dir.set(parts[parts.length - 1] ?? path, entry);
    }
    return this.writeDir(root);
  }

  private writeDir(dir: DirNode): Sha {
    const entries: TreeEntry[] = [];
    for (const [name, node] of dir) {
      if (node instanceof Map) entries.push({ name, mode: '040000', type: 'tree', sha: this.writeDir(node) });
      else
        entries.push({
          name,
          mode: node.mode,
          type: node.mode === '160000' ? 'commit' : 'blob',
          sha: node.sha,
        });
    }
    return this.putTree(entries);
  }

  /** Flattens a tree into path → blob (subtrees expanded). */
  readSnapshot(
    treeSha: Sha,
    prefix = '',
    into = new Map<string, SnapshotEntry>(),
  ): Map<string, SnapshotEntry> {
    for (const entry of this.trees.get(treeSha) ?? []) {
      const path = `${prefix}${entry.name}`;
      if (entry.type === 'tree') this.readSnapshot(entry.sha, `${path}/`, into);
      else into.set(path, { sha: entry.sha, mode: entry.mode });
    }
    return into;
  }

  /** The entry at `path` in a tree (a file, a directory or a submodule), if any. */
  lookup(treeSha: Sha, path: string): TreeEntry | undefined {
    let entries = this.trees.get(treeSha);
    let found: TreeEntry | undefined;
    for (const part of path.split('/').filter((p) => p !== '')) {
      found = entries?.find((entry) => entry.name === part);
      if (found === undefined) return undefined;
      entries = found.type === 'tree' ? this.trees.get(found.sha) : undefined;
    }
    return found;
  }

  /** Every commit reachable from `sha`, newest committer date first (ties: discovery order). */
  history(sha: Sha): CommitObject[] {
    const seen = new Set<Sha>();
    const out: CommitObject[] = [];
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.shift() as Sha;
      if (seen.has(next)) continue;
      seen.add(next);
      const commit = this.commits.get(next);
      if (commit === undefined) continue;
      out.push(commit);
      queue.push(...commit.parents);
    }
    return out
      .map((commit, index) => ({ commit, index }))
      .sort((a, b) => b.commit.committer.date.localeCompare(a.commit.committer.date) || a.index - b.index)
      .map(({ commit }) => commit);
  }

  isAncestor(ancestor: Sha, of: Sha): boolean {
    return this.history(of).some((commit) => commit.sha === ancestor);
  }

  /** The nearest common ancestor of two commits (breadth-first from `b`). */
  mergeBase(a: Sha, b: Sha): Sha | undefined {
    const ancestorsOfA = new Set(this.history(a).map((commit) => commit.sha));
    const queue = [b];
    const seen = new Set<Sha>();
    while (queue.length > 0) {
      const next = queue.shift() as Sha;
      if (ancestorsOfA.has(next)) return next;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return undefined;
  }
}

type DirNode = Map<string, DirNode | SnapshotEntry>;

function sortKey(entry: TreeEntry): string {
  return entry.type === 'tree' ? `${entry.name}/` : entry.name;
}

function compareGit(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function signature(person: GitPerson): string {
  return `${person.name} <${person.email}> ${Math.floor(Date.parse(person.date) / 1000)} +0000`;
}
