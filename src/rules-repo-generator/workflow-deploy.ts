/**
 * The deploy job: runs only for pushes (and manual runs) on the deploy branch, after every check passed, one at
 * a time, in a GitHub environment so its protection rules and secrets apply. falco-triage follows this job by its
 * name (`deploy`) to report the deploy in Slack.
 */
import { ACTIONS } from './actions.js';
import { DEPLOY_JOB_NAME, type ClusterAuth, type RulesRepoOptions } from './options.js';
import {
  applyRulesConfigMap,
  helmSummary,
  helmUpgrade,
  kubeconfigFromSecret,
  rollBackRulesConfigMap,
} from './workflow-scripts.js';
import { jobText } from './workflow-checks.js';
import type { Step } from './workflow-text.js';

const kubeconfigAlternative = [
  'Cluster access without a stored secret: regenerate with `falco-triage init-rules-repo --force --cluster-auth',
  'aws|gcp|azure`. The job then gets `permissions: id-token: write` and logs in through GitHub OIDC, e.g. for EKS:',
  `  - uses: ${ACTIONS.awsCredentials}`,
  '    with: { role-to-assume: ${{ vars.AWS_ROLE_ARN }}, aws-region: ${{ vars.AWS_REGION }} }',
  '  - run: aws eks update-kubeconfig --name "$EKS_CLUSTER_NAME" --kubeconfig "$RUNNER_TEMP/kubeconfig"',
];

const oidcAlternative = [
  'Short-lived credentials through GitHub OIDC: the cloud trusts this repository and environment, nothing is stored.',
  'To use a kubeconfig secret instead, regenerate with `falco-triage init-rules-repo --force --cluster-auth kubeconfig`.',
];

const writeKubeconfig = 'echo "KUBECONFIG=$RUNNER_TEMP/kubeconfig" >> "$GITHUB_ENV"\n';

/** The steps that leave a working KUBECONFIG for helm and kubectl. */
export function clusterAccessSteps(auth: ClusterAuth): readonly Step[] {
  switch (auth) {
    case 'kubeconfig':
      return [
        {
          comment: kubeconfigAlternative,
          name: 'Connect to the cluster (kubeconfig secret)',
          env: { KUBECONFIG_CONTENT: '${{ secrets.KUBECONFIG }}' },
          run: kubeconfigFromSecret,
        },
      ];
    case 'aws':
      return [
        {
          comment: oidcAlternative,
          name: 'Log in to AWS (OIDC)',
          uses: ACTIONS.awsCredentials,
          with: { 'role-to-assume': '${{ vars.AWS_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' },
        },
        {
          name: 'Connect to the cluster (EKS)',
          env: { EKS_CLUSTER_NAME: '${{ vars.EKS_CLUSTER_NAME }}' },
          run:
            'aws eks update-kubeconfig --name "$EKS_CLUSTER_NAME" --kubeconfig "$RUNNER_TEMP/kubeconfig"\n' +
            writeKubeconfig,
        },
      ];
    case 'gcp':
      return [
        {
          comment: oidcAlternative,
          name: 'Log in to Google Cloud (OIDC)',
          uses: ACTIONS.gcpAuth,
          with: {
            workload_identity_provider: '${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}',
            service_account: '${{ vars.GCP_SERVICE_ACCOUNT }}',
          },
        },
        {
          name: 'Connect to the cluster (GKE)',
          uses: ACTIONS.gkeCredentials,
          with: { cluster_name: '${{ vars.GKE_CLUSTER_NAME }}', location: '${{ vars.GKE_LOCATION }}' },
        },
      ];
    case 'azure':
      return [
        {
          comment: oidcAlternative,
          name: 'Log in to Azure (OIDC)',
          uses: ACTIONS.azureLogin,
          with: {
            'client-id': '${{ vars.AZURE_CLIENT_ID }}',
            'tenant-id': '${{ vars.AZURE_TENANT_ID }}',
            'subscription-id': '${{ vars.AZURE_SUBSCRIPTION_ID }}',
          },
        },
        {
          comment: [
            'Clusters with Entra ID authentication also need kubelogin (azure/use-kubelogin, use-kubelogin).',
          ],
          name: 'Connect to the cluster (AKS)',
          uses: ACTIONS.aksContext,
          with: {
            'resource-group': '${{ vars.AKS_RESOURCE_GROUP }}',
            'cluster-name': '${{ vars.AKS_CLUSTER_NAME }}',
          },
        },
      ];
  }
}

export function deployJob(options: RulesRepoOptions): string {
  const helm = options.layout.kind === 'helm';
  const oidc = options.clusterAuth !== 'kubeconfig';
  const target = helm ? `${options.namespace}-${options.layout.release}` : `${options.namespace}-rules`;
  const head = [
    `name: ${DEPLOY_JOB_NAME}`,
    `needs: [${helm ? 'validate, falco, helm' : 'validate, falco'}]`,
    `if: github.ref == 'refs/heads/${options.branch}' && (github.event_name == 'push' || github.event_name == 'workflow_dispatch')`,
    'runs-on: ubuntu-latest',
    'timeout-minutes: 30',
    `environment: ${options.environment}`,
    'concurrency:',
    `  group: falco-deploy-${target}`,
    '  cancel-in-progress: false',
    ...(oidc ? ['permissions:', '  contents: read', '  id-token: write'] : []),
    'env:',
    `  DEPLOY_ENVIRONMENT: ${options.environment}`,
  ];
  const steps: Step[] = helm
    ? [
        { uses: ACTIONS.checkout, with: { 'persist-credentials': 'false' } },
        { uses: ACTIONS.setupHelm, with: { version: '${{ env.HELM_VERSION }}' } },
        ...clusterAccessSteps(options.clusterAuth),
        {
          comment: [
            'The values file is the whole configuration: plain -f, never --reuse-values (which would keep values',
            'removed from the file and ignore new chart defaults). --atomic rolls back a release that is not healthy.',
          ],
          name: 'helm upgrade',
          run: helmUpgrade,
        },
        { name: 'Summary', if: 'always()', run: helmSummary },
      ]
    : [
        { uses: ACTIONS.checkout, with: { 'persist-credentials': 'false', 'fetch-depth': '2' } },
        { uses: ACTIONS.setupKubectl },
        ...clusterAccessSteps(options.clusterAuth),
        {
          comment: [
            `Falco must mount ConfigMap ${options.layout.configMap} (see README.md). The restart makes every pod load the`,
            'new rules; the rollout status waits until all of them run.',
          ],
          name: 'Apply the rules and restart Falco',
          id: 'apply',
          run: applyRulesConfigMap,
        },
        {
          name: 'Roll back to the previous rules',
          if: "failure() && steps.apply.outcome == 'failure'",
          run: rollBackRulesConfigMap,
        },
      ];
  return jobText('deploy', head, steps, [
    `Deploys after every check passed, for pushes to ${options.branch} (and manual runs on it). falco-triage follows`,
    `this job by its name, "${DEPLOY_JOB_NAME}", to report the deploy in Slack. One deploy at a time; the`,
    `"${options.environment}" environment holds the secrets and any protection rules (required reviewers, wait timer).`,
  ]);
}
