/**
 * The targets the bot serves, at run time: each one's settings, its rules as deployed and its rules repository. The
 * workflow asks this registry for the target of an alert (at intake), of a group or a proposal (by the name stored
 * with it), and for the words chat messages show.
 *
 * The short form (GITHUB_REPO, RULES_FILE, FALCO_VERSION, FALCO_RULES) is one implicit target named `default` that
 * takes every alert, including alerts and groups stored before targets existed (no target recorded). With a targets
 * file, an alert that matched no target has none, and no exception can be proposed for it.
 */
import type { Alert } from '../../falco/alert/index.js';
import type { FieldCatalog } from '../../falco/fields/index.js';
import { formatFalcoVersion } from '../../falco/version.js';
import type { RulesContext } from '../deployed-rules/index.js';
import type { RepoPort, TargetRef } from '../ports/index.js';
import { createTargetMatcher } from './target-match.js';
import type { TargetSpec } from './targets-file.js';

/** The name of the short form's target; proposals stored before targets existed belong to it. */
export const DEFAULT_TARGET = 'default';

export interface Target {
  readonly name: string;
  readonly spec: TargetSpec;
  readonly rules: RulesContext;
  /** Undefined without a repository or GitHub credentials: explain only. */
  readonly repo: RepoPort | undefined;
  /** The target's field catalog (unknown fields become errors), when it has one. */
  readonly fields?: FieldCatalog;
}

export interface Targets {
  readonly all: readonly Target[];
  /** True for the short form's one target (environment variables), false with a targets file. */
  readonly implicit: boolean;
  /** The target recorded with an alert, group or proposal (undefined: none, or no longer configured). */
  of(name: string | null | undefined): Target | undefined;
  /** The target of an alert the route posts to `channels` (undefined: no target takes it). */
  match(alert: Alert, channels: readonly string[]): Target | undefined;
}

export function createTargets(all: readonly Target[], options: { readonly implicit: boolean }): Targets {
  const byName = new Map(all.map((target) => [target.name.toLowerCase(), target]));
  const matcher = createTargetMatcher(all.map((target) => target.spec));
  const implicitTarget = options.implicit ? all[0] : undefined;
  return {
    all,
    implicit: options.implicit,
    of(name) {
      if (name === null || name === undefined) return implicitTarget;
      return byName.get(name.toLowerCase());
    },
    match(alert, channels) {
      if (implicitTarget !== undefined) return implicitTarget;
      const spec = matcher(alert, channels);
      return spec === undefined ? undefined : byName.get(spec.name.toLowerCase());
    },
  };
}

/** A target as chat messages name it. */
export function targetRef(target: Target): TargetRef {
  const { spec } = target;
  return {
    name: target.name,
    repository:
      spec.repository === undefined ? undefined : `${spec.repository.owner}/${spec.repository.name}`,
    baseBranch: spec.baseBranch,
    rulesFile: spec.rulesFile,
    falcoVersion: formatFalcoVersion(spec.falcoVersion),
    implicit: target.name === DEFAULT_TARGET && target.spec.match === undefined,
  };
}
