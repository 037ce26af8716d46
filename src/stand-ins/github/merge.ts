/**
 * What GitHub computes about a pull request's content: the changed files (with line counts and unified patch),
 * whether head merges cleanly into base, and the merged tree. A file changed on both sides is merged line by line as
 * git does (three-way-merge.ts): changes of the two sides that overlap or touch conflict, so a human
 * edit of the same lines, or two pull requests appending to the end of the same block, make the second pull request
 * unmergeable once the first is merged, as on GitHub.
 */
import { diffLines, structuredPatch } from 'diff';
import { mergeThreeWay } from './three-way-merge.js';
import type { Sha, SnapshotEntry } from './git-objects.js';
import type { RepoState } from './repo-state.js';

export interface FileChange {
  readonly path: string;
  readonly status: 'added' | 'removed' | 'modified';
  /** Blob SHA after the change (before, for removals). */
  readonly sha: Sha;
  readonly additions: number;
  readonly deletions: number;
  readonly patch: string;
}

export type MergeOutcome =
  | { readonly clean: true; readonly files: Map<string, SnapshotEntry> }
  | { readonly clean: false; readonly conflicts: readonly string[] };

function text(repo: RepoState, entry: SnapshotEntry | undefined): string {
  return entry === undefined ? '' : (repo.objects.blob(entry.sha)?.toString('utf8') ?? '');
}

/** Files that differ between two commits, in path order. */
export function changedFiles(repo: RepoState, fromSha: Sha, toSha: Sha): FileChange[] {
  const before = repo.snapshot(fromSha);
  const after = repo.snapshot(toSha);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: FileChange[] = [];
  for (const path of paths) {
    const old = before.get(path);
    const next = after.get(path);
    if (old?.sha === next?.sha) continue;
    let additions = 0;
    let deletions = 0;
    for (const part of diffLines(text(repo, old), text(repo, next))) {
      if (part.added) additions += part.count;
      if (part.removed) deletions += part.count;
    }
    const patch = structuredPatch(path, path, text(repo, old), text(repo, next), '', '', { context: 3 })
      .hunks.map((hunk) =>
        [`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines].join(
          '\n',
        ),
      )
      .join('\n');
    changes.push({
      path,
      status: old === undefined ? 'added' : next === undefined ? 'removed' : 'modified',
      sha: (next ?? old)?.sha ?? '',
      additions,
      deletions,
      patch,
    });
  }
  return changes;
}

/** Applies head's changes since the merge base onto base; reports conflicting paths if they do not apply. */
export function mergeContent(repo: RepoState, baseSha: Sha, headSha: Sha): MergeOutcome {
  const mergeBase = repo.objects.mergeBase(baseSha, headSha);
  const ancestor = mergeBase === undefined ? new Map<string, SnapshotEntry>() : repo.snapshot(mergeBase);
  const ours = repo.snapshot(baseSha);
  const theirs = repo.snapshot(headSha);
  const files = new Map(ours);
  const conflicts: string[] = [];
  for (const path of new Set([...ancestor.keys(), ...theirs.keys()])) {
    const was = ancestor.get(path);
    const head = theirs.get(path);
    if (was?.sha === head?.sha) continue; // head did not touch it
    const current = ours.get(path);
    if (current?.sha === was?.sha || current?.sha === head?.sha) {
      if (head === undefined) files.delete(path);
      else files.set(path, head);
      continue;
    }
    if (was === undefined || head === undefined || current === undefined) {
      conflicts.push(path); // add/add, modify/delete
      continue;
    }
    const merged = mergeThreeWay(text(repo, was), text(repo, current), text(repo, head));
    if (merged === undefined) {
      conflicts.push(path);
      continue;
    }
    files.set(path, { sha: repo.objects.putBlob(Buffer.from(merged)), mode: head.mode });
  }
  return conflicts.length > 0 ? { clean: false, conflicts: conflicts.sort() } : { clean: true, files };
}
