/**
 * Decides, for each generated file and what is on disk now, whether `init-rules-repo` writes it. A user who runs
 * the command in a repository that already holds their rules expects the rules untouched, a re-run with no change
 * to succeed quietly, and a hand-edited workflow to be protected unless they say --force.
 */
import type { GeneratedFile } from './generate.js';

export type WriteAction =
  | 'create' // missing: written
  | 'replace' // exists, differs, and --force: written
  | 'unchanged' // exists with exactly the generated contents
  | 'keep' // exists and stays as it is (rules always; README/CODEOWNERS without --force)
  | 'conflict'; // the workflow exists and differs, without --force: nothing is written

export interface PlannedWrite {
  readonly file: GeneratedFile;
  readonly action: WriteAction;
  /** Why, for the report (e.g. "exists; --force replaces it"). */
  readonly reason: string;
}

export interface WritePlan {
  readonly writes: readonly PlannedWrite[];
  /** True when something blocks writing; the command then writes nothing and exits 1. */
  readonly blocked: boolean;
}

/** `existing` maps a repository path to its current contents, or undefined when there is no such file. */
export function planWrites(
  files: readonly GeneratedFile[],
  existing: (path: string) => string | undefined,
  force: boolean,
): WritePlan {
  const writes = files.map((file): PlannedWrite => {
    const current = existing(file.path);
    if (current === undefined) return { file, action: 'create', reason: file.description };
    if (current === file.contents) return { file, action: 'unchanged', reason: 'already up to date' };
    switch (file.role) {
      case 'rules':
        return { file, action: 'keep', reason: 'exists: your rules stay as they are (never replaced)' };
      case 'companion':
        return force
          ? { file, action: 'replace', reason: `${file.description} (replaced: --force)` }
          : { file, action: 'keep', reason: 'exists and differs: kept (--force replaces it)' };
      case 'workflow':
        return force
          ? { file, action: 'replace', reason: `${file.description} (replaced: --force)` }
          : { file, action: 'conflict', reason: 'exists and differs from the generated workflow' };
    }
  });
  return { writes, blocked: writes.some((write) => write.action === 'conflict') };
}
