/**
 * The files a new rules repository starts with when it has none: a Helm values file (the how-to's setup: JSON
 * alerts sent to the bot by Falco or Falcosidekick, custom rules in `customRules`) or a plain rules file, and
 * CODEOWNERS.
 * Custom rules start as comments only: an empty rules file loads cleanly, while any example item would change
 * what Falco detects or draw a warning (an unused macro or list), which the workflow treats as a failure.
 */
import { deliveryValues } from './alert-delivery.js';
import { CODEOWNERS_PATH, WORKFLOW_PATH, rulesFilePath, type RulesRepoOptions } from './options.js';
import { compareVersions, parseVersion } from './versions.js';

/** `override:` exists since Falco 0.37; older versions only know `append: true`. */
function supportsOverride(falcoVersion: string): boolean {
  const version = parseVersion(falcoVersion);
  const since = parseVersion('0.37.0');
  return version !== undefined && since !== undefined && compareVersions(version, since) >= 0;
}

/** Comment lines that open the custom rules: what goes there and an example exception for this Falco version. */
function customRulesIntro(falcoVersion: string): string[] {
  const example = supportsOverride(falcoVersion)
    ? ['# - list: hids_binaries', '#   items: [titanagent]', '#   override:', '#     items: append']
    : ['# - list: hids_binaries', '#   append: true', '#   items: [titanagent]'];
  return [
    '# Exceptions and tuning for the Falco rules, loaded after the default rules.',
    '# falco-triage adds exceptions here by pull request, each with a comment saying why and who approved it.',
    `# The how-to's exception (titanagent may read /etc/shadow), in the syntax of Falco ${falcoVersion}:`,
    ...example,
  ];
}

export function starterValuesFile(options: RulesRepoOptions): string {
  if (options.layout.kind !== 'helm') throw new Error('starterValuesFile needs the Helm layout');
  const { release, chartVersion } = options.layout;
  const intro = customRulesIntro(options.falcoVersion).map((line) => `    ${line}`);
  return `${[
    `# Falco, deployed by the "Falco rules" workflow (${WORKFLOW_PATH}) with`,
    `#   helm upgrade --install ${release} falcosecurity/falco --version ${chartVersion} --namespace ${options.namespace} -f ${options.layout.valuesFile}`,
    '# This file is the whole configuration: the workflow never reuses values from the cluster, so a setting',
    "# removed here goes back to the chart's default on the next deploy. Change it by pull request only.",
    '',
    'image:',
    '  # The Falco version that runs. CI validates the rules with exactly this version: keep it equal to',
    '  # FALCO_VERSION in the workflow (the "helm template" check fails when they differ) and on falco-triage.',
    `  tag: "${options.falcoVersion}"`,
    '',
    ...deliveryValues(options),
    '',
    '# falcoctl installs the default rules (falco-rules:5, the newest 5.x) and the plugins when a pod starts.',
    '# Following (checking for newer rules every week) is off, so the rules change only with a deploy from',
    '# this repository. CI validates against the rules inside the Falco image; for the very same rules in the',
    '# cluster, pin falcoctl.config.artifact.install.refs to the falco-rules release that image ships.',
    'falcoctl:',
    '  artifact:',
    '    follow:',
    '      enabled: false',
    '',
    '# Custom rules, one file per key. The chart mounts them in /etc/falco/rules.d, loaded after the default',
    '# rules in alphabetical order. falco-triage edits custom_rules.yaml.',
    'customRules:',
    '  custom_rules.yaml: |-',
    ...intro,
  ].join('\n')}\n`;
}

export function starterRulesFile(options: RulesRepoOptions): string {
  if (options.layout.kind !== 'rules') throw new Error('starterRulesFile needs the plain rules layout');
  return `${[
    `# Custom Falco rules, deployed by the "Falco rules" workflow (${WORKFLOW_PATH}) as ConfigMap`,
    `# ${options.layout.configMap} in namespace ${options.namespace}. Change it by pull request only.`,
    ...customRulesIntro(options.falcoVersion),
  ].join('\n')}\n`;
}

/** CODEOWNERS: exceptions silence security alerts, so every change to the rules needs the owners' review. */
export function codeOwnersFile(options: RulesRepoOptions): string {
  const owners = options.owners.join(' ');
  const paths = [`/${rulesFilePath(options)}`, `/${WORKFLOW_PATH}`, `/${CODEOWNERS_PATH}`];
  const width = Math.max(...paths.map((path) => path.length));
  return `${[
    '# Exceptions silence security alerts: every change to the rules, to the workflow that deploys them and to',
    '# this file needs a review from these owners. Turn on "Require review from Code Owners" in the branch',
    `# protection of ${options.branch}, and make sure each owner has write access to the repository.`,
    ...paths.map((path) => `${path.padEnd(width)}  ${owners}`),
  ].join('\n')}\n`;
}
