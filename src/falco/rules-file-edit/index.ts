/**
 * Editing the rules repository's file: add a synthesised exception to a plain rules file or to a Helm values file's
 * `customRules` entry, changing nothing else, and show the change as a unified diff.
 */
export { applyChange, DEFAULT_ENTRY, type AppliedEdit, type ApplyOptions } from './apply.js';
export { fileKind, type FileKind } from './helm-values.js';
export type { ChangeToApply, EditAction, EditProblem } from './rules-text-edit.js';
export { unifiedDiff } from './unified-diff.js';
export {
  removeChange,
  type RemoveAction,
  type RemovedEdit,
  type RemoveOptions,
  type RemoveProblem,
} from './remove.js';
