/**
 * README.md of a generated rules repository: how a change travels from a Slack click to the cluster, and the
 * one-time setup that connects the repository to the cluster and to falco-triage. Generated (not hand-written)
 * so examples/rules-repo/ stays identical to what the command writes. The options are checked against plain
 * character sets first; they still go through src/markdown like any text a person gave.
 */
import * as md from '../markdown/escape.js';
import {
  CODEOWNERS_PATH,
  DEPLOY_JOB_NAME,
  WORKFLOW_NAME,
  WORKFLOW_PATH,
  requiredChecks,
  rulesFilePath,
  type RulesRepoOptions,
} from './options.js';
import { botEnvironment } from './next-steps.js';
import { clusterAuthLabel, deploySettings } from './settings.js';
import { INGEST_SECRET, INGEST_TOKEN_VARIABLE, intakeUrl } from './alert-delivery.js';
import { falcoImage } from './versions.js';

export function generateReadme(options: RulesRepoOptions): string {
  const layout = options.layout;
  const helm = layout.kind === 'helm';
  const chart = layout.kind === 'helm' ? layout : undefined;
  const plain = layout.kind === 'rules' ? layout : undefined;
  const file = rulesFilePath(options);
  const fileName = file.split('/').pop() ?? file;
  const checks = requiredChecks(options);
  const settings = deploySettings(options.clusterAuth);
  const sections = [
    [
      '# Falco rules',
      '',
      `The custom rules and exceptions of our Falco deployment${helm ? ' and its Helm values' : ''}. Changes arrive by`,
      'pull request (most of them opened by [falco-triage](https://www.npmjs.com/package/falco-triage) when someone',
      'marks an alert as a false positive in Slack), are checked by CI, reviewed by the code owners, and deployed',
      `by the "${WORKFLOW_NAME}" workflow when merged into ${md.code(options.branch)}.`,
    ],
    [
      '## Files',
      '',
      '| file | what |',
      '| --- | --- |',
      helm
        ? `| ${md.codeCell(file)} | Helm values of the falcosecurity/falco chart: the whole configuration, custom rules in \`customRules\` |`
        : `| ${md.codeCell(file)} | the custom rules, loaded after Falco's default rules |`,
      `| ${md.codeCell(WORKFLOW_PATH)} | checks every pull request, deploys ${md.text(options.branch)} |`,
      `| ${md.codeCell(CODEOWNERS_PATH)} | who must review a change |`,
    ],
    [
      '## How a change reaches the cluster',
      '',
      '1. A pull request changes the rules. falco-triage opens one when an exception is approved in Slack; people',
      '   can open them by hand too. falco-triage keeps its own pull requests (branches `falco-triage/...`) on top',
      `   of ${md.code(options.branch)}: when another change is merged, it writes the exception again there and verifies it again.`,
      '   Leave those branches to it: once someone pushes to one, it stops updating that pull request.',
      `2. CI runs ${checks.length} checks on it:`,
      '   - **falco-triage validate** loads the default rules of the Falco image, then ours, and annotates each',
      "     problem on the pull request's lines.",
      `   - **falco validate** runs \`falco -V\` in ${md.code(falcoImage(options.falcoVersion))}, default rules first, then`,
      helm
        ? '     each `customRules` entry as the chart mounts it. Errors and warnings fail the check.'
        : '     the rules file. Errors and warnings fail the check.',
      ...(helm
        ? [
            `   - **helm template** renders chart ${md.text(chart?.chartVersion ?? '')} with ${md.code(file)}, and checks that it runs Falco`,
            `     ${md.text(options.falcoVersion)}, the version the rules were validated with.`,
          ]
        : []),
      '3. The code owners review the change and its evidence (the pull request body lists the alert, who proposed',
      '   and approved the exception, and how many stored alerts it would have silenced), and merge it.',
      `4. The push to ${md.code(options.branch)} runs the checks again, then the **${DEPLOY_JOB_NAME}** job in the`,
      `   ${md.code(options.environment)} environment:`,
      helm
        ? `   ${md.code(`helm upgrade --install ${chart?.release ?? ''} falcosecurity/falco -f ${file} --atomic --wait`)}: a release that does not become healthy is rolled back.`
        : `   the file becomes ConfigMap ${md.code(plain?.configMap ?? '')} and Falco restarts; if the rollout fails, the previous rules go back.`,
      '5. falco-triage follows the pull request and the deploy run, and replies in the Slack thread of the alert:',
      '   merged, then deployed (or deploy failed, with a link to the run).',
      '',
      'Deploy again without a change: Actions > Falco rules > Run workflow (on the deploy branch).',
    ],
    [
      '## Setup (once)',
      '',
      `### 1. Cluster access for the deploy job`,
      '',
      `Create the environment ${md.code(options.environment)} (Settings > Environments). Add required reviewers or a wait`,
      `timer there if a deploy should wait for a person. The job reaches the cluster with ${clusterAuthLabel(options.clusterAuth)};`,
      `add to the environment:`,
      '',
      '| kind | name | value |',
      '| --- | --- | --- |',
      ...settings.map((setting) => `| ${setting.kind} | \`${setting.name}\` | ${setting.description} |`),
      '',
      options.clusterAuth === 'kubeconfig'
        ? 'Give that kubeconfig a service account limited to what the deploy needs, not a cluster admin. To use short-lived cloud credentials instead, regenerate the workflow with `falco-triage init-rules-repo --force --cluster-auth aws` (or `gcp`, `azure`).'
        : "The cloud side must trust GitHub's OIDC tokens for this repository and environment (an IAM role trust policy, a workload identity pool, or a federated credential).",
    ],
    helm
      ? [
          '### 2. The intake token',
          '',
          ...(options.falcosidekick
            ? [
                `Falcosidekick sends every alert to falco-triage (its webhook output, \`falcosidekick.config.webhook\` in ${md.code(file)}),`,
                `with the bot's \`INGEST_TOKEN\` in an \`Authorization\` header built from the variable \`${INGEST_TOKEN_VARIABLE}\`, set from a Secret that is never in Git:`,
              ]
            : [
                `Falco sends every alert to falco-triage (\`falco.http_output\` in ${md.code(file)}). The URL carries the bot's`,
                `\`INGEST_TOKEN\`, which Falco reads from the variable \`${INGEST_TOKEN_VARIABLE}\`, set from a Secret that is never in Git:`,
              ]),
          '',
          md.codeBlock(
            [
              `kubectl create namespace ${options.namespace}   # if it does not exist yet`,
              `kubectl create secret generic ${INGEST_SECRET} --namespace ${options.namespace} --from-literal=token="$INGEST_TOKEN"`,
            ].join('\n'),
            { info: 'sh' },
          ),
          '',
          options.falcosidekick
            ? 'Use a token of letters and digits (`openssl rand -hex 32`): Falcosidekick splits its headers on `,` and `:`.\n' +
              'Leave `falco.http_output.url` unset: the chart then points Falco at Falcosidekick, whereas a URL there would\n' +
              "replace Sidekick's address and Falcosidekick would receive nothing."
            : `Use a token of letters and digits (\`openssl rand -hex 32\`): it is part of a URL.`,
        ]
      : [
          '### 2. Falco loads the ConfigMap',
          '',
          `The deploy job writes ${md.code(file)} into ConfigMap ${md.code(plain?.configMap ?? '')} (namespace ${md.code(options.namespace)})`,
          `and restarts DaemonSet ${md.code(plain?.daemonSet ?? '')}. Falco must mount it where it loads rules from, e.g. with the falcosecurity/falco chart:`,
          '',
          md.codeBlock(
            [
              'mounts:',
              '  volumes:',
              '    - name: custom-rules',
              `      configMap: { name: ${plain?.configMap ?? ''} }`,
              '  volumeMounts:',
              '    - name: custom-rules',
              `      mountPath: /etc/falco/rules.d/${fileName}`,
              `      subPath: ${fileName}`,
            ].join('\n'),
            { info: 'yaml' },
          ),
          '',
          options.falcosidekick
            ? `and send alerts to falco-triage with Falcosidekick's webhook output: ${md.code(`webhook.address: ${intakeUrl(options)}`)} and ${md.code('webhook.customheaders: "Authorization:Bearer TOKEN"')} (not Falco's \`http_output.url\`, which would bypass Falcosidekick).`
            : `and send alerts to falco-triage: ${md.code(`http_output.url: "${intakeUrl(options)}?token=TOKEN"`)} with \`json_output: true\`.`,
        ],
    [
      '### 3. Branch protection',
      '',
      `Settings > Branches (or Rules > Rulesets) for ${md.code(options.branch)}:`,
      '',
      '- require a pull request before merging, with at least one approval and **review from Code Owners**;',
      `- require status checks to pass: ${checks.map((check) => `\`${check}\``).join(', ')};`,
      '- do not allow bypassing these settings, and dismiss stale approvals when new commits are pushed.',
      '',
      `The checks run only for pull requests that change ${md.code(file)} or the workflow. A pull request that changes`,
      'neither (this README, say) never gets them, and GitHub waits for required checks forever: merge such a',
      'pull request as an administrator, or delete the `paths:` filter under `pull_request:` in the workflow.',
    ],
    [
      '### 4. Code owners',
      '',
      `\`${CODEOWNERS_PATH}\` names ${options.owners.map((owner) => md.code(owner)).join(', ')}. Put the team that owns Falco tuning there;`,
      'each owner needs write access to the repository.',
    ],
    [
      '### 5. Connect falco-triage',
      '',
      'falco-triage opens the pull requests and follows them. Give it a GitHub App installed on this repository',
      '(or a fine-grained token) with **Contents: read and write**, **Pull requests: read and write** and',
      '**Actions: read**, and set in its environment:',
      '',
      md.codeBlock(
        botEnvironment(options)
          .map((variable) => `${`${variable.name}=${variable.value}`.padEnd(40)} # ${variable.note}`)
          .join('\n'),
        { info: 'sh' },
      ),
      '',
      '`FALCO_RULES` must be the default rules that Falco loads in the cluster, so that the bot writes exceptions',
      `against the same rules. The workflow validates against those of ${md.code(falcoImage(options.falcoVersion))}; copy them with:`,
      '',
      md.codeBlock(
        [
          `docker create --name falco-rules --entrypoint /usr/bin/falco ${falcoImage(options.falcoVersion)}`,
          'docker cp -L falco-rules:/etc/falco/falco_rules.yaml ./falco_rules.yaml && docker rm falco-rules',
        ].join('\n'),
        { info: 'sh' },
      ),
      '',
      'Then add a webhook so falco-triage hears about merges and deploys at once (it also polls, in case a',
      'delivery is lost): Settings > Webhooks > Add webhook, payload URL `https://BOT/github/webhook` (the',
      "bot's public address), content type `application/json`, secret = `GITHUB_WEBHOOK_SECRET`, and the events",
      '**Pull requests**, **Pushes** and **Workflow runs**. With a GitHub App, subscribe the App to the same three',
      'events instead.',
      '',
      `falco-triage follows the workflow by its name, "${WORKFLOW_NAME}", and the job "${DEPLOY_JOB_NAME}"; keep them, or`,
      'set `GITHUB_DEPLOY_WORKFLOW` and `GITHUB_DEPLOY_JOB` to the new names.',
    ],
    [
      '## Upgrading Falco',
      '',
      'In one pull request: `FALCO_VERSION` in the workflow' +
        (helm
          ? ', `CHART_VERSION` (the chart release made for that Falco) and `image.tag` in the values file'
          : '') +
        '. CI then validates our rules against the new version before it is deployed. Once merged, set',
      '`FALCO_VERSION` (and `FALCO_RULES`) of falco-triage to the new version.',
    ],
  ];
  return `${sections.map((section) => section.join('\n')).join('\n\n')}\n`;
}
