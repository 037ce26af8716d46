/**
 * The explanation tree: a rule's condition as written, with macros expanded in place and list names kept next to
 * their items, every node evaluated against the alert. Plain JSON, bounded in size (bound-tree.ts): what the CLI
 * prints and Slack renders.
 */
import type { FieldValue } from '../alert/index.js';
import type { Truth, UnknownReason } from '../eval/index.js';

/** A list a check names (`hids_binaries` in `proc.name in (aide, hids_binaries)`). */
export interface ListReference {
  readonly name: string;
  /** Items after nested lists are expanded. */
  readonly size: number;
  /** The check's value is among this list's items (only said for `in`/`pmatch`/`intersects` checks). */
  readonly matched?: boolean;
}

/** One field a check read: its value as the alert has it (`null` = `<NA>`; absent = not in the alert). */
export interface ReadValue {
  readonly field: string;
  readonly value?: FieldValue;
  /** The value was shortened for display (the full value is in the alert's fields). */
  readonly shortened?: true;
}

export type ExplainNode =
  | {
      readonly type: 'and' | 'or';
      readonly result: Truth;
      readonly children: readonly ExplainNode[];
    }
  | { readonly type: 'not'; readonly result: Truth; readonly child: ExplainNode }
  | {
      /** A macro reference, expanded (`child`) unless the size bound or a loop stopped it (`collapsed`). */
      readonly type: 'macro';
      readonly name: string;
      readonly result: Truth;
      readonly child?: ExplainNode;
      readonly collapsed?: 'size-limit' | 'depth-limit' | 'loop' | 'not-parsed';
    }
  | {
      readonly type: 'check';
      readonly result: Truth;
      /** The check as written (list names, not their items). */
      readonly text: string;
      readonly field: string;
      readonly operator: string;
      readonly reads: readonly ReadValue[];
      readonly lists?: readonly ListReference[];
      /** Literal items written in the check besides list names. */
      readonly literalItems?: number;
      readonly reason?: UnknownReason;
      readonly detail?: string;
    }
  | {
      /** A name in boolean position that is no macro of the ruleset (Falco would have refused the rule). */
      readonly type: 'unresolved';
      readonly name: string;
      readonly result: 'unknown';
    }
  | {
      /** Children left out to keep the answer small: how many, and what they evaluated to. */
      readonly type: 'more';
      readonly omitted: number;
      readonly results: { readonly true: number; readonly false: number; readonly unknown: number };
      /** `… 12 more` */
      readonly text: string;
    };

/** How big an explanation tree may get. */
export interface TreeLimits {
  /** Nodes in the answer (default 400). */
  readonly maxNodes: number;
  /** Nesting depth (default 24). */
  readonly maxDepth: number;
  /** Children shown per `and`/`or` (default 40). */
  readonly maxChildren: number;
  /** Characters of a value shown in a check's reads (default 200). */
  readonly maxValueLength: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = {
  maxNodes: 400,
  maxDepth: 24,
  maxChildren: 40,
  maxValueLength: 200,
};
