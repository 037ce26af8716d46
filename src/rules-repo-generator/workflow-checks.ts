/**
 * The three checks of the generated workflow, run on pull requests and again before a deploy:
 * `falco-triage validate` (precise annotations), Falco's own `falco -V`, and a `helm template` render.
 * Their job names are the check names users make required in branch protection.
 */
import { ACTIONS, CI_NODE_VERSION } from './actions.js';
import type { RulesRepoOptions } from './options.js';
import {
  checkDeployedVersion,
  copyRulesFile,
  extractDefaultRules,
  falcoValidate,
  helmTemplate,
  splitCustomRules,
} from './workflow-scripts.js';
import { stepText, type Step } from './workflow-text.js';

const checkout: Step = { uses: ACTIONS.checkout, with: { 'persist-credentials': 'false' } };
const setupNode: Step = { uses: ACTIONS.setupNode, with: { 'node-version': CI_NODE_VERSION } };
const setupHelm: Step = { uses: ACTIONS.setupHelm, with: { version: '${{ env.HELM_VERSION }}' } };

/** A job as YAML text under `jobs:`; `head` holds the job's keys before `steps:`. */
export function jobText(
  id: string,
  head: readonly string[],
  steps: readonly Step[],
  comment: readonly string[],
): string {
  return [
    ...comment.map((line) => `  # ${line}`.trimEnd()),
    `  ${id}:`,
    ...head.map((line) => `    ${line}`),
    '    steps:',
    ...steps.map(stepText),
  ].join('\n');
}

export function validateJob(options: RulesRepoOptions): string {
  const file = options.layout.kind === 'helm' ? '"$VALUES_FILE"' : '"$RULES_FILE"';
  return jobText(
    'validate',
    ['name: falco-triage validate', 'runs-on: ubuntu-latest', 'timeout-minutes: 10'],
    [
      checkout,
      setupNode,
      {
        name: 'Install falco-triage',
        run: 'npm install --global --no-audit --no-fund "$FALCO_TRIAGE_PACKAGE"\n',
      },
      { name: 'Extract the default rules of the Falco image', run: extractDefaultRules },
      {
        name: 'Validate with falco-triage',
        run:
          'falco-triage validate --falco-version "$FALCO_VERSION" --format github \\\n' +
          `  "$RUNNER_TEMP/falco/falco_rules.yaml" ${file}\n`,
      },
    ],
    [
      'falco-triage loads the default rules of the Falco image, then the custom rules, as Falco does, and puts',
      "each problem on the pull request's line (annotations). Fast, and it explains what an exception matches.",
    ],
  );
}

export function falcoJob(options: RulesRepoOptions): string {
  const helm = options.layout.kind === 'helm';
  const prepare: Step[] = helm
    ? [setupNode, { name: 'Split customRules into one file per entry', run: splitCustomRules }]
    : [{ name: 'Copy the rules file', run: copyRulesFile }];
  return jobText(
    'falco',
    ['name: falco validate', 'runs-on: ubuntu-latest', 'timeout-minutes: 15'],
    [checkout, ...prepare, { name: 'Validate with Falco', run: falcoValidate }],
    [
      "Falco's own validation (falco -V) in the image of the version the cluster runs: default rules first, then",
      helm
        ? 'each customRules entry as the chart mounts it (/etc/falco/rules.d, alphabetical order).'
        : 'the rules file.',
      'It fails on errors and on warnings (deprecated syntax, items without effect), as the falcosecurity/rules CI does.',
    ],
  );
}

export function helmJob(): string {
  return jobText(
    'helm',
    ['name: helm template', 'runs-on: ubuntu-latest', 'timeout-minutes: 10'],
    [
      checkout,
      setupNode,
      setupHelm,
      { name: 'Render the chart with the values file', run: helmTemplate },
      { name: 'Check the Falco version the chart deploys', run: checkDeployedVersion },
    ],
    [
      'Renders the chart as the deploy job will install it, and checks that it runs the Falco version CI validates',
      "with (image.tag in the values file, or the chart release's own Falco version).",
    ],
  );
}
