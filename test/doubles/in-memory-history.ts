/**
 * The commit history behind InMemoryRepo: commits hold whole file maps (small rules repositories, so no trees or
 * deltas), branches point at commits, and a merge applies what a branch changed since it left the base. Shas look
 * like git's: blobs are hashed exactly as git does, so a test can compare them with what GitHub would say. A merge
 * refuses what GitHub's merge button refuses: changes of both sides that overlap or touch (three-way-merge.ts).
 */
import { createHash } from 'node:crypto';
import { mergeThreeWay } from '../../src/stand-ins/github/three-way-merge.js';

export interface Commit {
  readonly sha: string;
  /** The parent, then (a merge) the merged head. */
  readonly parents: readonly string[];
  readonly files: ReadonlyMap<string, string>;
  readonly message: string;
  readonly author: string;
}

/** Git's blob sha of a text (`sha1("blob <bytes>\0" + content)`), the sha GitHub's Contents API reports. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export class History {
  readonly #commits = new Map<string, Commit>();
  readonly #branches = new Map<string, string>();
  #counter = 0;

  constructor(branch: string, files: Readonly<Record<string, string>>) {
    const root = this.#commit([], new Map(Object.entries(files)), 'Initial commit', 'octocat');
    this.#branches.set(branch, root.sha);
  }

  branch(name: string): string | undefined {
    return this.#branches.get(name);
  }

  branches(): Record<string, string> {
    return Object.fromEntries(this.#branches);
  }

  setBranch(name: string, sha: string): void {
    this.#branches.set(name, sha);
  }

  get(sha: string): Commit | undefined {
    return this.#commits.get(sha);
  }

  /** The commit a ref names: a branch, or a commit sha. */
  resolve(ref: string): Commit | undefined {
    return this.#commits.get(this.#branches.get(ref) ?? ref);
  }

  /** Adds a commit on top of `branch` with `changes` applied; returns it. */
  commitTo(
    branch: string,
    changes: ReadonlyMap<string, string>,
    message: string,
    author: string,
    extraParents: readonly string[] = [],
  ): Commit {
    const tip = this.resolve(branch);
    if (tip === undefined) throw new Error(`no branch ${branch}`);
    const commit = this.#commit(
      [tip.sha, ...extraParents],
      new Map([...tip.files, ...changes]),
      message,
      author,
    );
    this.#branches.set(branch, commit.sha);
    return commit;
  }

  /** Adds a commit of `parent`'s files with `changes` applied, moving no branch (Git's data API); returns it. */
  commitOnto(parent: string, changes: ReadonlyMap<string, string>, message: string, author: string): Commit {
    const tip = this.#commits.get(parent);
    if (tip === undefined) throw new Error(`no commit ${parent}`);
    return this.#commit([parent], new Map([...tip.files, ...changes]), message, author);
  }

  /** Whether `ancestor` is `sha` or reachable from it through parents. */
  isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const queue = [sha];
    for (let at = queue.pop(); at !== undefined; at = queue.pop()) {
      if (at === ancestor) return true;
      if (seen.has(at)) continue;
      seen.add(at);
      queue.push(...(this.#commits.get(at)?.parents ?? []));
    }
    return false;
  }

  /** Merges `head` into `base`: the files `head` changed since the two diverged, applied on top of `base`. */
  merge(base: string, head: string, message: string, author: string): Commit {
    const headCommit = this.resolve(head);
    const baseSha = this.#branches.get(base);
    if (headCommit === undefined || baseSha === undefined)
      throw new Error(`cannot merge ${head} into ${base}`);
    // Where the branch left the base: the first commit of its first-parent line the base already contains.
    let fork: Commit | undefined = headCommit;
    while (fork !== undefined && !this.isAncestor(fork.sha, baseSha)) {
      fork = fork.parents[0] === undefined ? undefined : this.#commits.get(fork.parents[0]);
    }
    const baseFiles = this.#commits.get(baseSha)?.files ?? new Map<string, string>();
    const changes = new Map<string, string>();
    for (const [path, content] of headCommit.files) {
      const was = fork?.files.get(path);
      if (was === content) continue;
      const now = baseFiles.get(path);
      if (now === was || now === content || now === undefined || was === undefined) {
        changes.set(path, content);
        continue;
      }
      // Both sides changed the file: merged line by line as git does, or refused as GitHub refuses.
      const merged = mergeThreeWay(was, now, content);
      if (merged === undefined) throw new Error(`cannot merge ${head} into ${base}: conflict in ${path}`);
      changes.set(path, merged);
    }
    return this.commitTo(base, changes, message, author, [headCommit.sha]);
  }

  #commit(
    parents: readonly string[],
    files: ReadonlyMap<string, string>,
    message: string,
    author: string,
  ): Commit {
    this.#counter += 1;
    const sha = createHash('sha1')
      .update(`commit ${this.#counter}\0${parents.join(' ')}\0${message}`)
      .digest('hex');
    const commit = { sha, parents, files, message, author };
    this.#commits.set(sha, commit);
    return commit;
  }
}
