/**
 * `falco-triage init-rules-repo`: sets up a rules repository (workflow, starter values or rules file, CODEOWNERS,
 * README) and prints what to configure next. The contents come from the pure generators in
 * src/rules-repo-generator; this file parses flags, looks at what is on disk, and writes.
 *
 * Exit status: 0 written or already up to date; 1 the workflow exists and differs (nothing written; --force);
 * 2 bad usage (unknown flag, --values with --rules-file, a bad version or path).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../io.js';
import { generateRulesRepo } from '../../rules-repo-generator/index.js';
import { inspectExistingFile, valuesRunFalcosidekick } from '../../rules-repo-generator/index.js';
import { nextSteps } from '../../rules-repo-generator/index.js';
import {
  CLUSTER_AUTHS,
  DEFAULTS,
  checkRulesRepoOptions,
  type ClusterAuth,
  type RulesRepoOptions,
} from '../../rules-repo-generator/index.js';
import { planWrites, type PlannedWrite } from '../../rules-repo-generator/index.js';
import {
  DEFAULT_CHART_VERSION,
  DEFAULT_FALCO_VERSION,
  MIN_FALCO_VERSION,
  chartMismatch,
} from '../../rules-repo-generator/index.js';

const usage = `Usage: falco-triage init-rules-repo [--dir DIR] [--values PATH | --rules-file PATH]
                                    [--falco-version V] [--chart-version V] [options]

Sets up a Falco rules repository for falco-triage: a GitHub Actions workflow (.github/workflows/falco-rules.yaml)
that checks every pull request with falco-triage, with Falco itself and with helm template, and deploys on merge;
and, when missing, a starter values file (or rules file), .github/CODEOWNERS and README.md. Then it prints the
secrets and settings to configure.

Options:
  --dir DIR             the repository's root (default: the current directory; created when missing)
  --values PATH         Helm values file with customRules, relative to DIR (default: ${DEFAULTS.valuesFile})
  --rules-file PATH     a plain Falco rules file instead, deployed as a ConfigMap (no Helm)
  --falco-version V     the Falco version the cluster runs (default ${DEFAULT_FALCO_VERSION}; ${MIN_FALCO_VERSION} or newer)
  --chart-version V     falcosecurity/falco chart version (default ${DEFAULT_CHART_VERSION}, which ships Falco ${DEFAULT_FALCO_VERSION})
  --release NAME        Helm release name (default ${DEFAULTS.release})
  --namespace NS        Falco's Kubernetes namespace (default ${DEFAULTS.namespace})
  --daemonset NAME      with --rules-file: Falco's DaemonSet to restart (default ${DEFAULTS.daemonSet})
  --configmap NAME      with --rules-file: the ConfigMap that holds the rules (default ${DEFAULTS.configMap})
  --branch NAME         the branch that deploys (default ${DEFAULTS.branch})
  --environment NAME    GitHub environment of the deploy job (default ${DEFAULTS.environment})
  --cluster-auth KIND   how the deploy job reaches the cluster: kubeconfig (a secret; default), or
                        aws, gcp, azure (cloud OIDC, nothing stored)
  --owner OWNER         a code owner of the rules, e.g. @acme/security (repeatable)
  --bot-url URL         falco-triage's internal Service, where alerts are sent (default ${DEFAULTS.botUrl})
  --falcosidekick       Falco runs with Falcosidekick (falcosidekick.enabled): alerts reach the bot through
                        Sidekick's webhook output, not Falco's http_output (implied when an existing values
                        file enables Falcosidekick)
  --triage-package SPEC what CI installs to run falco-triage (default falco-triage@<this version>)
  --force               replace the workflow, CODEOWNERS and README when they differ
  --dry-run             show what would be written; write nothing

The values or rules file is only ever created when missing: it holds your rules, and --force does not replace
it. An existing workflow that differs from the generated one stops the command (exit 1, nothing written) unless
--force is given; an existing README or CODEOWNERS is kept unless --force is given.

Exit status: 0 written or already up to date, 1 the workflow exists and differs, 2 bad usage.
`;

const flags = {
  dir: { type: 'string' },
  values: { type: 'string' },
  'rules-file': { type: 'string' },
  'falco-version': { type: 'string' },
  'chart-version': { type: 'string' },
  release: { type: 'string' },
  namespace: { type: 'string' },
  daemonset: { type: 'string' },
  configmap: { type: 'string' },
  branch: { type: 'string' },
  environment: { type: 'string' },
  'cluster-auth': { type: 'string' },
  owner: { type: 'string', multiple: true },
  'bot-url': { type: 'string' },
  falcosidekick: { type: 'boolean' },
  'triage-package': { type: 'string' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof flags; strict: true }>>['values'];

function usageError(io: CliIo, ...messages: string[]): number {
  io.stderr(
    `${messages.map((message) => `falco-triage init-rules-repo: ${message}`).join('\n')}\n\n${usage}`,
  );
  return EXIT_USAGE;
}

/** The version of this falco-triage, so CI installs the same one that generated the workflow. */
function ownPackageSpec(): string {
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    );
    const { name, version } = manifest as { name?: unknown; version?: unknown };
    if (typeof name === 'string' && typeof version === 'string') return `${name}@${version}`;
  } catch {
    // Fall through: an unreadable manifest still leaves a working (unpinned) install.
  }
  return 'falco-triage';
}

/** A path inside the repository: relative to DIR with forward slashes; absolute paths must lie inside DIR. */
function repoRelative(dir: string, given: string): string {
  const relative = path.isAbsolute(given) ? path.relative(dir, given) : given;
  return path.posix.normalize(relative.split(path.sep).join('/'));
}

function buildOptions(values: Flags, dir: string): RulesRepoOptions | string {
  const plainOnly = (['daemonset', 'configmap'] as const).filter((flag) => values[flag] !== undefined);
  const helmOnly = (['chart-version', 'release'] as const).filter((flag) => values[flag] !== undefined);
  if (values['rules-file'] !== undefined && helmOnly.length > 0) {
    return `${helmOnly.map((flag) => `--${flag}`).join(' and ')} only apply with Helm values, not with --rules-file`;
  }
  if (values['rules-file'] === undefined && plainOnly.length > 0) {
    return `${plainOnly.map((flag) => `--${flag}`).join(' and ')} only apply with --rules-file`;
  }
  const layout: RulesRepoOptions['layout'] =
    values['rules-file'] !== undefined
      ? {
          kind: 'rules',
          rulesFile: repoRelative(dir, values['rules-file']),
          daemonSet: values.daemonset ?? DEFAULTS.daemonSet,
          configMap: values.configmap ?? DEFAULTS.configMap,
        }
      : {
          kind: 'helm',
          valuesFile: repoRelative(dir, values.values ?? DEFAULTS.valuesFile),
          release: values.release ?? DEFAULTS.release,
          chartVersion: values['chart-version'] ?? DEFAULT_CHART_VERSION,
        };
  return {
    layout,
    falcoVersion: values['falco-version'] ?? DEFAULT_FALCO_VERSION,
    namespace: values.namespace ?? DEFAULTS.namespace,
    branch: values.branch ?? DEFAULTS.branch,
    environment: values.environment ?? DEFAULTS.environment,
    clusterAuth: (values['cluster-auth'] ?? DEFAULTS.clusterAuth) as ClusterAuth,
    owners: values.owner ?? DEFAULTS.owners,
    botUrl: (values['bot-url'] ?? DEFAULTS.botUrl).replace(/\/+$/, ''),
    falcosidekick: values.falcosidekick === true,
    triagePackage: values['triage-package'] ?? ownPackageSpec(),
  };
}

function readExisting(dir: string, relative: string): string | undefined {
  const absolute = path.join(dir, relative);
  if (!existsSync(absolute)) return undefined;
  if (!statSync(absolute).isFile()) return `\0${relative} is not a regular file`;
  return readFileSync(absolute, 'utf8');
}

/**
 * An existing values file that enables Falcosidekick implies --falcosidekick: the README and next steps must then
 * send alerts through Sidekick's webhook, since an http_output URL would starve Sidekick.
 */
function detectFalcosidekick(options: RulesRepoOptions, dir: string): RulesRepoOptions | undefined {
  if (options.falcosidekick || options.layout.kind !== 'helm') return undefined;
  const current = readExisting(dir, options.layout.valuesFile);
  if (current === undefined || current.startsWith('\0') || !valuesRunFalcosidekick(current)) return undefined;
  return { ...options, falcosidekick: true };
}

const verbs: Record<PlannedWrite['action'], [string, string]> = {
  create: ['wrote', 'would write'],
  replace: ['replaced', 'would replace'],
  unchanged: ['unchanged', 'unchanged'],
  keep: ['kept', 'would keep'],
  conflict: ['CONFLICT', 'CONFLICT'],
};

function report(writes: readonly PlannedWrite[], dryRun: boolean): string {
  const width = Math.max(...writes.map((write) => write.file.path.length));
  return writes
    .map((write) => {
      const verb = verbs[write.action][dryRun ? 1 : 0];
      return `  ${verb.padEnd(11)} ${write.file.path.padEnd(width)}  ${write.reason}`;
    })
    .join('\n');
}

function describe(options: RulesRepoOptions, dir: string): string {
  const layout =
    options.layout.kind === 'helm'
      ? `Helm values ${options.layout.valuesFile}, chart ${options.layout.chartVersion}`
      : `rules file ${options.layout.rulesFile}`;
  const sender = options.falcosidekick ? ', alerts through Falcosidekick' : '';
  return `Rules repository in ${dir}: ${layout}, Falco ${options.falcoVersion}${sender}, deploys ${options.branch} to namespace ${options.namespace}`;
}

function initRulesRepo(args: readonly string[], io: CliIo): number {
  let values: Flags;
  try {
    values = parseArgs({ args: [...args], options: flags, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  if (values.values !== undefined && values['rules-file'] !== undefined) {
    return usageError(
      io,
      'use either --values (a Helm values file) or --rules-file (a plain rules file), not both',
    );
  }
  if (
    values['cluster-auth'] !== undefined &&
    !(CLUSTER_AUTHS as readonly string[]).includes(values['cluster-auth'])
  ) {
    return usageError(
      io,
      `--cluster-auth: "${values['cluster-auth']}" is not one of ${CLUSTER_AUTHS.join(', ')}`,
    );
  }
  const dir = path.resolve(io.cwd, values.dir ?? '.');
  const built = buildOptions(values, dir);
  if (typeof built === 'string') return usageError(io, built);
  const checked = checkRulesRepoOptions(built);
  if (!checked.ok) return usageError(io, ...checked.error);
  let options = checked.value;
  if (existsSync(dir) && !statSync(dir).isDirectory())
    return usageError(io, `--dir: ${dir} is not a directory`);
  const detected = detectFalcosidekick(options, dir);
  if (detected !== undefined) options = detected;

  const existing = new Map<string, string | undefined>();
  const lookup = (relative: string): string | undefined => {
    if (!existing.has(relative)) existing.set(relative, readExisting(dir, relative));
    return existing.get(relative);
  };
  const plan = planWrites(generateRulesRepo(options), lookup, values.force === true);
  const dryRun = values['dry-run'] === true;
  const notFiles = plan.writes.filter((write) => existing.get(write.file.path)?.startsWith('\0') === true);
  if (notFiles.length > 0) {
    io.stderr(
      notFiles
        .map((write) => `falco-triage init-rules-repo: ${write.file.path} exists and is not a file\n`)
        .join(''),
    );
    return EXIT_FAILED;
  }

  io.stdout(`${describe(options, dir)}\n\n`);
  if (plan.blocked) {
    io.stdout(`${report(plan.writes, dryRun)}\n\n`);
    io.stderr(
      'falco-triage init-rules-repo: nothing written: the workflow exists and differs from the generated one.\n' +
        'Re-run with --force to replace it (your changes to it are lost), or with --dry-run --force to see the plan.\n',
    );
    return EXIT_FAILED;
  }
  if (!dryRun) {
    for (const write of plan.writes) {
      if (write.action !== 'create' && write.action !== 'replace') continue;
      const target = path.join(dir, write.file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, write.file.contents);
    }
  }
  io.stdout(`${report(plan.writes, dryRun)}\n\n`);

  const warnings: string[] = [];
  if (options.layout.kind === 'helm') {
    const mismatch = chartMismatch(options.layout.chartVersion, options.falcoVersion);
    if (mismatch !== undefined) warnings.push(mismatch);
  }
  for (const write of plan.writes) {
    const current = existing.get(write.file.path);
    if (write.file.role !== 'rules' || write.action !== 'keep' || current === undefined) continue;
    const inspected = inspectExistingFile(write.file.path, current, options.layout.kind);
    warnings.push(...inspected.warnings);
    if (inspected.summary !== undefined) io.stdout(`${write.file.path}: ${inspected.summary}\n\n`);
  }
  if (warnings.length > 0) io.stderr(warnings.map((warning) => `warning: ${warning}\n`).join(''));
  io.stdout(nextSteps(options));
  return EXIT_OK;
}

export const initRulesRepoCommand: CliCommand = {
  name: 'init-rules-repo',
  summary: 'Set up a rules repository: CI workflow that validates and deploys, starter files',
  usage,
  run: (args, io) => Promise.resolve(initRulesRepo(args, io)),
};
