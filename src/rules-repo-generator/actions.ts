/**
 * The actions the generated workflow uses, pinned by major version. actionlint (in the tests) knows the inputs of
 * these majors, so a typo in an input fails the tests rather than a user's first run.
 */
export const ACTIONS = {
  checkout: 'actions/checkout@v4',
  setupNode: 'actions/setup-node@v4',
  setupHelm: 'azure/setup-helm@v4',
  setupKubectl: 'azure/setup-kubectl@v4',
  awsCredentials: 'aws-actions/configure-aws-credentials@v4',
  gcpAuth: 'google-github-actions/auth@v2',
  gkeCredentials: 'google-github-actions/get-gke-credentials@v2',
  azureLogin: 'azure/login@v2',
  aksContext: 'azure/aks-set-context@v4',
} as const;

/** Node.js for falco-triage and the YAML CLI in CI (falco-triage needs 20.19 or newer). */
export const CI_NODE_VERSION = '22';

/** Helm for `helm template` and `helm upgrade`; 3.x keeps `--atomic` (Helm 4 renames it). */
export const HELM_VERSION = 'v3.17.3';

/** The `yaml` package's CLI turns YAML into JSON for jq; pinned to the version falco-triage itself uses. */
export const YAML_CLI_PACKAGE = 'yaml@2.9.1';

export const CHART_REPO_URL = 'https://falcosecurity.github.io/charts';
