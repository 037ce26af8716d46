/**
 * The one-paragraph answer for people: why the rule fired, e.g.
 *   Fired because: sensitive_files (fd.name=/etc/shadow) and open_read (?) and not proc.name in (…) [titanagent is
 *   not in any of the 12 lists]; 14 other exclusions do not apply. Not in the alert: evt.type, evt.is_open_read.
 * The rule's top-level conditions are described in order: every positive one, and the negated list checks (the usual
 * exception points); other negated ones are counted. `(?)` marks a condition the alert cannot decide.
 */
import type { FieldValue } from '../alert/index.js';
import { fieldValueToText } from '../alert/index.js';
import type { Truth } from '../eval/index.js';
import type { TreeResults } from './evaluate-tree.js';
import type { XNode } from './expand.js';
import { listHolds } from './list-match.js';

export interface SummaryInput {
  readonly condition: XNode;
  readonly results: TreeResults;
  /** The rule's result (exceptions applied). */
  readonly result: Truth;
  /** Names of the rule's exceptions that match the alert. */
  readonly matchingExceptions: readonly string[];
}

const MAX_PARTS = 8;

export function summarize(input: SummaryInput): string {
  const { condition, results } = input;
  const conjuncts = condition.kind === 'and' ? condition.children : [condition];
  const parts: string[] = [];
  let quietExclusions = 0;
  let undecidedExclusions = 0;
  const falseParts: string[] = [];
  for (const node of conjuncts) {
    const result = results.result(node);
    const negatedCheck = node.kind === 'not' && node.child.kind === 'check' && node.child.lists.length > 0;
    if (result === 'false') falseParts.push(describe(node, results));
    else if (node.kind !== 'not' || negatedCheck) parts.push(describe(node, results));
    else if (result === 'true') quietExclusions += 1;
    else undecidedExclusions += 1;
  }
  const shown = parts.slice(0, MAX_PARTS);
  if (parts.length > MAX_PARTS) shown.push(`${parts.length - MAX_PARTS} more`);
  const tail: string[] = [];
  if (quietExclusions > 0)
    tail.push(`${quietExclusions} other exclusion${quietExclusions === 1 ? ' does' : 's do'} not apply`);
  if (undecidedExclusions > 0)
    tail.push(
      `${undecidedExclusions} exclusion${undecidedExclusions === 1 ? '' : 's'} cannot be checked from the alert`,
    );
  const missing = absentFields(condition, results);
  const missingText =
    missing.length === 0
      ? ''
      : ` Not in the alert: ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ', …' : ''}.`;

  if (input.result === 'false') {
    if (input.matchingExceptions.length > 0)
      return `Would not fire with the loaded rules: the alert matches the exception ${input.matchingExceptions.map((name) => JSON.stringify(name)).join(', ')}.`;
    return `Would not fire with the loaded rules: ${falseParts.join(' and ') || 'the condition'} is false for this alert.${missingText}`;
  }
  const because = `Fired because: ${shown.join(' and ')}`;
  return `${because}${tail.length === 0 ? '' : `; ${tail.join('; ')}`}.${missingText}`;
}

/** A short description of one condition, with the values that decided it. */
export function describe(node: XNode, results: TreeResults): string {
  const mark = results.result(node) === 'unknown' ? ' (?)' : '';
  switch (node.kind) {
    case 'macro': {
      const values = supportingValues(node, results);
      return `${node.name}${values.length === 0 ? '' : ` (${values.join(', ')})`}${mark}`;
    }
    case 'not':
      if (node.child.kind === 'check') return `not ${describeCheck(node.child, results, true)}${mark}`;
      if (node.child.kind === 'macro') return `not ${node.child.name}${mark}`;
      return `not (…)${mark}`;
    case 'check':
      return `${describeCheck(node, results, false)}${mark}`;
    case 'and':
    case 'or':
      return `(${node.children
        .slice(0, 3)
        .map((child) =>
          child.kind === 'macro' ? child.name : child.kind === 'check' ? abbreviate(child) : '…',
        )
        .join(` ${node.kind} `)}${node.children.length > 3 ? ` ${node.kind} …` : ''})${mark}`;
    case 'unresolved':
      return `${node.name} (?)`;
  }
}

function describeCheck(
  node: Extract<XNode, { kind: 'check' }>,
  results: TreeResults,
  negated: boolean,
): string {
  const value = results.trace(node)?.value;
  const text = abbreviate(node);
  if (node.lists.length === 0 || value === undefined || value === null)
    return value === undefined || text.includes(shown(value))
      ? text
      : `${text} (${node.field}=${shown(value)})`;
  const holding = node.lists.filter((list) => listHolds(node.operator, value, list.items) === true);
  const count = node.lists.length;
  if (holding.length === 0 && negated)
    return `${text} [${shown(value)} is not in ${count === 1 ? `the list ${node.lists[0]?.name ?? ''}` : `any of the ${count} lists`}]`;
  if (holding.length > 0)
    return `${text} [${shown(value)} is in ${holding.map((list) => list.name).join(', ')}]`;
  return `${text} (${node.field}=${shown(value)})`;
}

/** The check with long item lists shown as `(…)`. */
function abbreviate(node: Extract<XNode, { kind: 'check' }>): string {
  if (node.lists.length > 0 || node.text.length > 60) {
    const operator = node.operator === 'exists' ? 'exists' : `${node.operator} (…)`;
    return node.operator === 'exists' ? `${node.field} exists` : `${node.field} ${operator}`;
  }
  return node.text.replace(/\s+/g, ' ');
}

/** Up to two `field=value` pairs read by checks that agree with the macro's result. */
function supportingValues(node: XNode, results: TreeResults): string[] {
  const wanted = results.result(node);
  const pairs: string[] = [];
  const visited = new Set<XNode>();
  const visit = (x: XNode): void => {
    if (pairs.length >= 2 || visited.has(x)) return;
    visited.add(x);
    if (x.kind === 'check') {
      if (results.result(x) !== wanted) return;
      for (const read of results.trace(x)?.reads ?? []) {
        if (read.value === undefined) continue;
        const pair = `${read.field}=${shown(read.value)}`;
        if (!pairs.includes(pair) && pairs.length < 2) pairs.push(pair);
      }
    } else if (x.kind === 'and' || x.kind === 'or') x.children.forEach(visit);
    else if (x.kind === 'not') visit(x.child);
    else if (x.kind === 'macro' && x.child !== undefined) visit(x.child);
  };
  visit(node);
  return pairs;
}

/** Fields the condition read that the alert does not carry, in order. */
export function absentFields(root: XNode, results: TreeResults): string[] {
  const out = new Set<string>();
  const visited = new Set<XNode>();
  const visit = (x: XNode): void => {
    if (visited.has(x)) return;
    visited.add(x);
    if (x.kind === 'check') {
      for (const read of results.trace(x)?.reads ?? []) if (read.value === undefined) out.add(read.field);
    } else if (x.kind === 'and' || x.kind === 'or') x.children.forEach(visit);
    else if (x.kind === 'not') visit(x.child);
    else if (x.kind === 'macro' && x.child !== undefined) visit(x.child);
  };
  visit(root);
  return [...out];
}

function shown(value: FieldValue): string {
  const text = fieldValueToText(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
