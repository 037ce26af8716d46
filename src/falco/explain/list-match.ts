/**
 * Which of a check's lists hold the alert's value: "titanagent is not in any of the 12 lists", "cat is in
 * shell_binaries". A display aid over the evaluator's verdict, for the set operators and modifiers; undefined when it
 * cannot be said simply (an unknown or null value, another operator).
 */
import type { FieldValue } from '../alert/index.js';

export function listHolds(
  operator: string,
  value: FieldValue | undefined,
  items: readonly string[],
): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  const values = (Array.isArray(value) ? value : [value]).map((entry) =>
    typeof entry === 'string' ? entry : JSON.stringify(entry),
  );
  const test = matcher(operator);
  if (test === undefined) return undefined;
  return values.some((text) => items.some((item) => test(text, item)));
}

function matcher(operator: string): ((value: string, item: string) => boolean) | undefined {
  const base = operator.split(' ')[0] ?? '';
  switch (base) {
    case 'in':
    case 'intersects':
    case '=':
    case '==':
      return (value, item) => value === item;
    case 'pmatch':
      return (value, item) =>
        value === item || value.startsWith(item.endsWith('/') ? item : `${item}/`) || item === '/';
    case 'startswith':
      return (value, item) => value.startsWith(item);
    case 'endswith':
      return (value, item) => value.endsWith(item);
    case 'contains':
      return (value, item) => value.includes(item);
    case 'icontains':
      return (value, item) => value.toLowerCase().includes(item.toLowerCase());
    default:
      return undefined;
  }
}
