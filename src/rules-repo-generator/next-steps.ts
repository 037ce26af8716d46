/**
 * What to configure after the files are written, as the command prints it: the GitHub environment and its
 * secrets, the intake Secret in the cluster, branch protection, code owners, and the bot's side (env, webhook).
 */
import {
  DEPLOY_JOB_NAME,
  DEFAULTS,
  WORKFLOW_NAME,
  requiredChecks,
  rulesFilePath,
  type RulesRepoOptions,
} from './options.js';
import { deploySettings } from './settings.js';
import { INGEST_SECRET, alertSender, intakeUrl } from './alert-delivery.js';

export interface BotVariable {
  readonly name: string;
  /** The value as a shell assignment takes it (quoted when needed); placeholders in capitals. */
  readonly value: string;
  readonly note: string;
}

/** The bot's environment variables for this repository. */
export function botEnvironment(options: RulesRepoOptions): readonly BotVariable[] {
  return [
    { name: 'GITHUB_REPO', value: 'OWNER/REPO', note: 'this repository' },
    { name: 'RULES_FILE', value: rulesFilePath(options), note: 'the file exceptions go into' },
    { name: 'GITHUB_BASE_BRANCH', value: options.branch, note: 'pull requests target it' },
    { name: 'FALCO_VERSION', value: options.falcoVersion, note: 'the version the cluster runs' },
    {
      name: 'FALCO_RULES',
      value: '/PATH/TO/falco_rules.yaml',
      note: `default rules of Falco ${options.falcoVersion}`,
    },
    { name: 'GITHUB_DEPLOY_WORKFLOW', value: `"${WORKFLOW_NAME}"`, note: 'the default' },
    { name: 'GITHUB_DEPLOY_JOB', value: DEPLOY_JOB_NAME, note: 'the default' },
    { name: 'GITHUB_WEBHOOK_SECRET', value: 'SECRET', note: 'random; the same on the webhook' },
  ];
}

export function nextSteps(options: RulesRepoOptions): string {
  const settings = deploySettings(options.clusterAuth);
  const width = Math.max(...settings.map((setting) => setting.name.length));
  const lines = [
    'Next steps (README.md has the details):',
    `  1. GitHub > Settings > Environments > "${options.environment}": add required reviewers if a deploy needs a`,
    `     second look, and ${settings.length === 1 ? 'this secret' : 'these variables'}:`,
    ...settings.map(
      (setting) => `       ${setting.kind.padEnd(8)} ${setting.name.padEnd(width)}  ${setting.description}`,
    ),
  ];
  if (options.layout.kind === 'helm') {
    lines.push(
      `  2. In the cluster, the bot's INGEST_TOKEN for ${alertSender(options)} (once):`,
      `       kubectl create namespace ${options.namespace}`,
      `       kubectl create secret generic ${INGEST_SECRET} --namespace ${options.namespace} --from-literal=token=TOKEN`,
    );
  } else {
    lines.push(
      `  2. In the cluster: mount ConfigMap ${options.layout.configMap} into DaemonSet ${options.layout.daemonSet} (README.md shows how)`,
      options.falcosidekick
        ? `     and add Falcosidekick's webhook output: address ${intakeUrl(options)}, customheaders Authorization:Bearer TOKEN.`
        : `     and send Falco's alerts to ${intakeUrl(options)}?token=TOKEN.`,
    );
  }
  const placeholderOwners = options.owners.some((owner) => DEFAULTS.owners.includes(owner));
  lines.push(
    `  3. Branch protection for ${options.branch}: require a pull request with an approval, review from Code Owners,`,
    `     and these status checks: ${requiredChecks(options).join(', ')}.`,
    placeholderOwners
      ? `  4. .github/CODEOWNERS names ${DEFAULTS.owners.join(' ')}: replace it with your team (or re-run with --owner).`
      : `  4. .github/CODEOWNERS names ${options.owners.join(' ')}: check that each has write access.`,
    '  5. falco-triage: set',
    ...botEnvironment(options).map(
      (variable) => `       ${`${variable.name}=${variable.value}`.padEnd(40)} # ${variable.note}`,
    ),
    '     and add a webhook (Settings > Webhooks): payload URL https://BOT/github/webhook, content type',
    '     application/json, the same secret, events "Pull requests", "Pushes" and "Workflow runs".',
  );
  return `${lines.join('\n')}\n`;
}
