import { sidekickKeptPrefix } from './field-values.js';
import type { Comparator } from './operators.js';
import type { Verdict } from './truth.js';

/**
 * A value Falcosidekick truncated (see `isSidekickTruncated`) still decides some checks: a substring or prefix found
 * in the kept part is in the whole value, and the whole value (longer than 512 characters) equals no short operand.
 * Everything else about it is unknown.
 */
export function truncatedVerdict(comparator: Comparator, value: string): Verdict {
  const onPrefix = comparator.scalar(sidekickKeptPrefix(value));
  if (onPrefix === true && comparator.monotoneOnPrefix) return true;
  const equality = comparator.shortEquality;
  if (equality !== undefined) return equality;
  return 'truncated';
}
