/**
 * The engine's check before a removal pull request is opened: the rules file without the expired exception must
 * still load, together with the base rules, without errors the file did not already have (compared as a multiset,
 * since lines move). Removing an exception can break a file, e.g. when someone since wrote a rule that uses the
 * list the exception appended to.
 */
import { newDiagnostics } from '../../falco/exceptions/index.js';
import type { FieldCatalog } from '../../falco/fields/index.js';
import { loadRules, type RulesFileInput } from '../../falco/rules/index.js';
import type { FalcoVersion } from '../../falco/version.js';
import { err, ok, type Result } from '../../result.js';
import type { RemovalProblem } from '../ports/index.js';

/** Checks the rules file before and after a removal; the error says what would break. */
export type RemovalCheck = (
  name: string,
  before: string,
  after: string,
) => Promise<Result<void, Extract<RemovalProblem, { code: 'would_not_load' }>>>;

export interface RemovalCheckOptions {
  /** The rules Falco loads before the custom file (FALCO_RULES), in order; read when a check runs. */
  readonly baseRules: () => Promise<readonly RulesFileInput[]> | readonly RulesFileInput[];
  readonly falcoVersion: FalcoVersion;
  readonly fields?: FieldCatalog;
}

export function createRemovalCheck(options: RemovalCheckOptions): RemovalCheck {
  return async (name, before, after) => {
    const base = await options.baseRules();
    const load = (content: string) =>
      loadRules([...base, { name, content }], {
        falcoVersion: options.falcoVersion,
        ...(options.fields === undefined ? {} : { fields: options.fields }),
      });
    const added = newDiagnostics(load(before).errors, load(after).errors);
    if (added.length === 0) return ok(undefined);
    const first = added[0];
    return err({
      code: 'would_not_load',
      file: name,
      errors: added.length,
      first: first === undefined ? null : { file: first.file, line: first.line, message: first.message },
    });
  };
}
