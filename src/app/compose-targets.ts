/**
 * The targets the bot serves (part of the composition root): the Falco deployments of TARGETS_FILE, or the short
 * form's one target from GITHUB_REPO, RULES_FILE, FALCO_VERSION and FALCO_RULES. For each: its base rules read
 * (files or https URLs), its field catalog, its rules repository client and its rules as deployed. A problem with
 * any of them stops the start with what to fix.
 */
import { readFile } from 'node:fs/promises';
import type { Config, GitHubConnection } from '../config.js';
import { parseFalcoVersion } from '../falco/version.js';
import { createGitHubRepo, type GitHubRepoOptions } from '../github/index.js';
import type { Logger } from '../logger.js';
import { createRulesContext } from '../triage/deployed-rules/index.js';
import type { Clock } from '../triage/ports/index.js';
import {
  createTargets,
  DEFAULT_TARGET,
  parseTargetsFile,
  type Target,
  type Targets,
  type TargetSpec,
} from '../triage/targets/index.js';
import { readFieldCatalog, readRulesSources } from './rules-source.js';
import { StartupError } from './startup-error.js';

/** Where targets are explained; their start-up problems point here. */
export const TARGETS_DOCS = 'docs/configuration.md#targets';

/** The short form's one target, from the environment. */
function environmentTarget(config: Config): TargetSpec {
  const version = parseFalcoVersion(config.falco.version);
  if (!version.ok) throw new StartupError(`FALCO_VERSION: ${version.error.message}`, 'docs/configuration.md');
  const github = config.github;
  return {
    name: DEFAULT_TARGET,
    match: undefined,
    repository: github === undefined ? undefined : { owner: github.owner, name: github.repo },
    baseBranch: github?.baseBranch ?? 'main',
    rulesFile: github?.rulesFile,
    falcoVersion: version.value,
    falcoRules: config.falco.rules,
    fieldsFile: config.falco.fieldsFile,
    deployWorkflow: github?.deployWorkflow ?? 'Falco rules',
    deployJob: github?.deployJob ?? 'deploy',
    labels: github?.labels ?? [],
    reviewers: github?.reviewers ?? [],
  };
}

async function fileTargets(config: Config, path: string): Promise<readonly TargetSpec[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new StartupError(`TARGETS_FILE ${path} cannot be read: ${(error as Error).message}`, TARGETS_DOCS);
  }
  const defaults = config.targets?.defaults;
  const parsed = parseTargetsFile(text, {
    baseBranch: defaults?.baseBranch ?? 'main',
    deployWorkflow: defaults?.deployWorkflow ?? 'Falco rules',
    deployJob: defaults?.deployJob ?? 'deploy',
    labels: defaults?.labels ?? [],
    reviewers: defaults?.reviewers ?? [],
    fieldsFile: config.falco.fieldsFile,
  });
  if (!parsed.ok) {
    const lines = parsed.error.map(
      (problem) => `  ${path}:${problem.line}:${problem.column}: ${problem.message}`,
    );
    throw new StartupError(`TARGETS_FILE ${path} is invalid:\n${lines.join('\n')}`, TARGETS_DOCS);
  }
  return parsed.value;
}

export async function loadTargets(
  config: Config,
  deps: { readonly logger: Logger; readonly clock: Clock; readonly github?: GitHubRepoOptions },
): Promise<Targets> {
  const fromFile = config.targets;
  const specs =
    fromFile === undefined ? [environmentTarget(config)] : await fileTargets(config, fromFile.path);
  const connection: GitHubConnection | undefined = fromFile === undefined ? config.github : fromFile.github;
  const all: Target[] = [];
  for (const spec of specs) {
    const where = fromFile === undefined ? undefined : `TARGETS_FILE ${fromFile.path}: target ${spec.name}`;
    if (spec.repository !== undefined && connection === undefined) {
      throw new StartupError(
        `${where ?? 'GITHUB_REPO'}: the repository ${spec.repository.owner}/${spec.repository.name} needs GitHub credentials: set GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY`,
        TARGETS_DOCS,
      );
    }
    let base;
    let fields;
    try {
      base = await readRulesSources(
        spec.falcoRules,
        where === undefined ? undefined : `${where}: falco_rules`,
      );
      fields = await readFieldCatalog(
        spec.fieldsFile,
        where === undefined ? undefined : `${where}: fields_file`,
      );
    } catch (error) {
      throw new StartupError(
        (error as Error).message,
        fromFile === undefined ? 'docs/configuration.md' : TARGETS_DOCS,
      );
    }
    const repo =
      spec.repository === undefined || connection === undefined
        ? undefined
        : createGitHubRepo(
            {
              apiUrl: connection.apiUrl,
              auth: connection.auth,
              owner: spec.repository.owner,
              repo: spec.repository.name,
              baseBranch: spec.baseBranch,
            },
            { logger: deps.logger, ...deps.github },
          );
    const rules = createRulesContext({
      base,
      falcoVersion: spec.falcoVersion,
      fields,
      repo,
      rulesFile: spec.rulesFile,
      clock: deps.clock,
      // With a targets file every alert records its target: an exception's impact counts that target's alerts.
      ...(fromFile === undefined ? {} : { alertsOf: spec.name }),
    });
    all.push({ name: spec.name, spec, rules, repo, ...(fields === undefined ? {} : { fields }) });
  }
  return createTargets(all, { implicit: fromFile === undefined });
}
