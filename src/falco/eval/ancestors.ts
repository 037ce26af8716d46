import type { FieldExpr } from '../condition/index.js';
import {
  fieldKeyCandidates,
  lookupFieldWithKey,
  type FieldValue,
  type FieldValues,
  type Scalar,
} from './field-values.js';
import type { FieldRead } from './operand.js';
import type { EvalOptions } from './options.js';
import { fieldRead } from './read-operand.js';
import { anyOf, type Verdict } from './truth.js';

/**
 * `proc.aname`, `proc.apid`, `proc.aexe`, `proc.aexepath`, `proc.acmdline` without an index compare against every
 * ancestor and hold when one matches (libs `compare_full_aname` and kin walk `traverse_parent_state`). An alert only
 * shows the ancestors its output printed (`proc.pname`, `proc.aname[2]`, ...), so: a printed ancestor that matches
 * makes the check true; no match is `false` only when the alert shows the whole chain (every level up to one Falco
 * printed as `<NA>`, where the chain ends); otherwise it is unknown.
 */
const PARENT_FIELD: Readonly<Record<string, string>> = {
  'proc.aname': 'proc.pname',
  'proc.apid': 'proc.ppid',
  'proc.aexe': 'proc.pexe',
  'proc.aexepath': 'proc.pexepath',
  'proc.acmdline': 'proc.pcmdline',
};

const SELF_FIELD: Readonly<Record<string, string>> = {
  'proc.aname': 'proc.name',
  'proc.apid': 'proc.pid',
  'proc.aexe': 'proc.exe',
  'proc.aexepath': 'proc.exepath',
  'proc.acmdline': 'proc.cmdline',
};

const MAX_LEVELS = 32;

export function isAncestorField(field: FieldExpr): boolean {
  return field.arg === undefined && field.name in PARENT_FIELD;
}

/** Keys of an indexed ancestor field, with the equivalent plain field: `proc.aname[1]` is `proc.pname`. */
export function ancestorKeyCandidates(field: FieldExpr, options: EvalOptions): string[] {
  const keys = fieldKeyCandidates(field, options);
  if (field.arg === '1' && PARENT_FIELD[field.name]) keys.push(PARENT_FIELD[field.name] ?? '');
  if (field.arg === '0' && SELF_FIELD[field.name]) keys.push(SELF_FIELD[field.name] ?? '');
  return keys;
}

export type AncestryCheck = (
  fields: FieldValues,
  visit: (value: Exclude<FieldValue, null>) => Verdict,
  reads?: FieldRead[],
) => Verdict;

export function compileAncestry(field: FieldExpr, options: EvalOptions): AncestryCheck {
  const levels: string[][] = [];
  for (let level = 1; level <= MAX_LEVELS; level++) {
    levels.push(ancestorKeyCandidates({ ...field, arg: String(level) }, options));
  }
  const bareKeys = fieldKeyCandidates(field, options);
  return (fields, visit, reads) => {
    const verdicts: Verdict[] = [];
    let gap = false;
    let ended = false;
    for (let level = 0; level < levels.length; level++) {
      const found = lookupFieldWithKey(fields, levels[level] ?? []);
      if (!found) {
        gap = true;
        continue;
      }
      reads?.push(fieldRead(`${field.name}[${level + 1}]`, found.key, found.value));
      if (found.value === null) {
        ended = true;
        break;
      }
      const verdict = visit(found.value);
      if (verdict === true) return true;
      verdicts.push(verdict);
    }
    const bare = lookupFieldWithKey(fields, bareKeys);
    if (bare && bare.value !== null) {
      reads?.push(fieldRead(field.name, bare.key, bare.value));
      if (visit(bare.value) === true) return true;
    }
    const decided = anyOf(verdicts);
    if (decided !== false) return decided;
    return ended && !gap ? false : 'incomplete-ancestry';
  };
}

export type { Scalar };
