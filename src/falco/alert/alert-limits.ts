/**
 * Bounds on the shape of one alert, checked before anything walks it. Falco's alerts are flat (an object of
 * scalar fields, a few lists), with rule names of a few dozen characters and some dozen fields; a sender that goes far
 * beyond that is broken or hostile, and its alert is refused with the reason rather than allowed to cost the rest:
 * - nesting beyond MAX_DEPTH levels of arrays and objects (the alert object is level 1, `output_fields` level 2):
 *   recursive code (typing the values, JSON.stringify) would overflow the stack on a deep enough value;
 * - more than MAX_OUTPUT_FIELDS output fields;
 * - a `rule` or `uuid` over MAX_NAME_BYTES bytes of UTF-8: both are indexed in the store, and an index entry holds
 *   at most about 2.7 KB.
 */
import { utf8Length } from '../eval/index.js';
import { alertIssue, type AlertIssue } from './alert-problem.js';

export const MAX_DEPTH = 32;
export const MAX_OUTPUT_FIELDS = 1000;
export const MAX_NAME_BYTES = 1024;

/** What is over the limits in a decoded alert object; empty when nothing is. */
export function limitIssues(payload: Readonly<Record<string, unknown>>): AlertIssue[] {
  const issues: AlertIssue[] = [];
  const depth = nestingDepth(payload, MAX_DEPTH);
  if (depth > MAX_DEPTH) {
    issues.push(
      alertIssue(
        'too_deep',
        undefined,
        `the alert nests arrays and objects more than ${MAX_DEPTH} levels deep; Falco's alerts are flat`,
      ),
    );
  }
  const fields = payload['output_fields'];
  if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) {
    const count = Object.keys(fields).length;
    if (count > MAX_OUTPUT_FIELDS) {
      issues.push(
        alertIssue(
          'too_many_fields',
          'output_fields',
          `"output_fields": has ${count} fields; at most ${MAX_OUTPUT_FIELDS} are accepted`,
        ),
      );
    }
  }
  for (const key of ['rule', 'uuid']) {
    const value = payload[key];
    // Three bytes per UTF-16 unit at most: short strings need no count.
    if (typeof value !== 'string' || value.length * 3 <= MAX_NAME_BYTES) continue;
    const bytes = utf8Length(value);
    if (bytes > MAX_NAME_BYTES) {
      issues.push(
        alertIssue(
          'too_long',
          key,
          `"${key}": is ${bytes} bytes long; at most ${MAX_NAME_BYTES} are accepted`,
        ),
      );
    }
  }
  return issues;
}

/**
 * Levels of arrays and objects in `value` (a scalar is 0, `{}` is 1), counted without recursion; stops as soon as
 * it passes `limit`, so a hostile value costs no more than a legitimate one of the same size.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: { readonly value: object; readonly depth: number }[] = [];
  if (typeof value === 'object' && value !== null) stack.push({ value, depth: 1 });
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (top.depth > deepest) deepest = top.depth;
    if (deepest > limit) return deepest;
    const children: readonly unknown[] = Array.isArray(top.value) ? top.value : Object.values(top.value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: top.depth + 1 });
    }
  }
  return deepest;
}
