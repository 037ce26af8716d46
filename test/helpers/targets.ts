/**
 * Targets for the workflow's unit tests and the benchmarks: the short form's one implicit target (as compose builds
 * it from GITHUB_REPO, RULES_FILE, FALCO_VERSION and FALCO_RULES), or named targets of a targets file, each over
 * rules and a repository the test made. No Jest imports, so benchmarks can use it too.
 */
import type { RulesContext } from '../../src/triage/deployed-rules/index.js';
import type { RepoPort } from '../../src/triage/ports/index.js';
import {
  createTargets,
  DEFAULT_TARGET,
  type Target,
  type Targets,
  type TargetSpec,
} from '../../src/triage/targets/index.js';

/** A target's settings: the e2e rules repository's defaults, with `changes`. */
export function targetSpec(changes: Partial<TargetSpec> = {}): TargetSpec {
  return {
    name: DEFAULT_TARGET,
    match: undefined,
    repository: { owner: 'acme', name: 'falco-rules' },
    baseBranch: 'main',
    rulesFile: 'values.yaml',
    falcoVersion: { major: 0, minor: 44, patch: 1 },
    falcoRules: ['falco_rules.yaml'],
    fieldsFile: undefined,
    deployWorkflow: 'Falco rules',
    deployJob: 'deploy',
    labels: ['falco-exception'],
    reviewers: [],
    ...changes,
  };
}

/** The short form: one implicit target over `rules` and `repo`. */
export function oneTarget(rules: RulesContext, repo: RepoPort | undefined): Targets {
  return createTargets([{ name: DEFAULT_TARGET, spec: targetSpec(), rules, repo }], { implicit: true });
}

/** Named targets, as from a targets file. */
export function fileTargets(
  targets: readonly {
    readonly spec: Partial<TargetSpec> & { readonly name: string };
    readonly rules: RulesContext;
    readonly repo: RepoPort | undefined;
  }[],
): Targets {
  const all: Target[] = targets.map(({ spec, rules, repo }) => ({
    name: spec.name,
    spec: targetSpec(spec),
    rules,
    repo,
  }));
  return createTargets(all, { implicit: false });
}
