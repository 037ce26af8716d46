/**
 * The GitHub part of the configuration (part of src/config.ts, which reads the environment and hands the parsed
 * variables here): the credentials every rules repository is reached with, the short form's one repository
 * (GITHUB_REPO, RULES_FILE), and the defaults the targets of TARGETS_FILE take from the GITHUB_* variables.
 */

/** The parsed variables this part reads (src/config.ts's schema has them). */
export interface GitHubEnvironment {
  readonly GITHUB_TOKEN?: string | undefined;
  readonly GITHUB_APP_ID?: string | undefined;
  readonly GITHUB_APP_PRIVATE_KEY?: string | undefined;
  readonly GITHUB_APP_INSTALLATION_ID?: string | undefined;
  readonly GITHUB_API_URL: string;
  readonly GITHUB_REPO?: string | undefined;
  readonly GITHUB_BASE_BRANCH: string;
  readonly GITHUB_WEBHOOK_SECRET?: string | undefined;
  readonly GITHUB_PR_LABELS: string;
  readonly GITHUB_PR_REVIEWERS?: string | undefined;
  readonly GITHUB_DEPLOY_WORKFLOW: string;
  readonly GITHUB_DEPLOY_JOB: string;
  readonly RULES_FILE?: string | undefined;
  readonly FALCO_VERSION?: string | undefined;
}

/** GitHub's API and the bot's credentials: one for every target's repository. */
export interface GitHubConnection {
  readonly apiUrl: string;
  readonly auth:
    | { readonly kind: 'token'; readonly token: string }
    | {
        readonly kind: 'app';
        readonly appId: string;
        readonly privateKey: string;
        readonly installationId?: string | undefined;
      };
  readonly webhookSecret?: string | undefined;
}

/** How a target's pull requests are made and deployed, where the targets file does not say (GITHUB_* variables). */
export interface TargetDefaults {
  readonly baseBranch: string;
  readonly labels: readonly string[];
  readonly reviewers: readonly string[];
  readonly deployWorkflow: string;
  readonly deployJob: string;
}

/** The short form's rules repository (GITHUB_REPO, RULES_FILE), with the connection and the defaults it uses. */
export interface GitHubConfig extends GitHubConnection, TargetDefaults {
  readonly owner: string;
  readonly repo: string;
  readonly rulesFile: string;
}

/** TARGETS_FILE: several Falco deployments, each with its own rules repository and Falco version. */
export interface TargetsFileConfig {
  readonly path: string;
  /** Undefined without GitHub credentials: the targets can explain alerts but not open pull requests. */
  readonly github: GitHubConnection | undefined;
  readonly defaults: TargetDefaults;
}

function listOf(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function targetDefaults(e: GitHubEnvironment): TargetDefaults {
  return {
    baseBranch: e.GITHUB_BASE_BRANCH,
    labels: listOf(e.GITHUB_PR_LABELS),
    reviewers: listOf(e.GITHUB_PR_REVIEWERS),
    deployWorkflow: e.GITHUB_DEPLOY_WORKFLOW,
    deployJob: e.GITHUB_DEPLOY_JOB,
  };
}

/** The credentials: a GitHub App (ID and key) or a token; undefined (with the problem noted) when incomplete. */
function buildAuth(
  e: GitHubEnvironment,
  need: (variable: string, message: string) => void,
  missing: string | undefined,
): GitHubConnection['auth'] | undefined {
  if (e.GITHUB_APP_ID !== undefined || e.GITHUB_APP_PRIVATE_KEY !== undefined) {
    if (e.GITHUB_APP_ID === undefined) need('GITHUB_APP_ID', 'required with GITHUB_APP_PRIVATE_KEY');
    if (e.GITHUB_APP_PRIVATE_KEY === undefined) need('GITHUB_APP_PRIVATE_KEY', 'required with GITHUB_APP_ID');
    else if (!e.GITHUB_APP_PRIVATE_KEY.includes('PRIVATE KEY')) {
      need(
        'GITHUB_APP_PRIVATE_KEY',
        'expected the PEM text of the App private key (-----BEGIN ... PRIVATE KEY-----)',
      );
    }
    if (e.GITHUB_APP_ID === undefined || e.GITHUB_APP_PRIVATE_KEY === undefined) return undefined;
    return {
      kind: 'app',
      appId: e.GITHUB_APP_ID,
      // PEM keys are often pasted into env files with literal \n.
      privateKey: e.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, '\n'),
      installationId: e.GITHUB_APP_INSTALLATION_ID,
    };
  }
  if (e.GITHUB_TOKEN !== undefined) return { kind: 'token', token: e.GITHUB_TOKEN };
  if (missing !== undefined) need('GITHUB_TOKEN', missing);
  return undefined;
}

/** With TARGETS_FILE: the credentials every target's repository is reached with (none: explain only). */
export function buildConnection(
  e: GitHubEnvironment,
  need: (variable: string, message: string) => void,
): GitHubConnection | undefined {
  const auth = buildAuth(e, need, undefined);
  if (auth === undefined) return undefined;
  return { apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''), auth, webhookSecret: e.GITHUB_WEBHOOK_SECRET };
}

export function buildGitHub(
  e: GitHubEnvironment,
  need: (variable: string, message: string) => void,
): GitHubConfig | undefined {
  const anyAuth = e.GITHUB_TOKEN ?? e.GITHUB_APP_ID ?? e.GITHUB_APP_PRIVATE_KEY;
  if (e.GITHUB_REPO === undefined) {
    if (anyAuth !== undefined || e.RULES_FILE !== undefined) {
      need('GITHUB_REPO', 'required when GitHub is configured: the rules repository as owner/name');
    }
    return undefined;
  }
  const [owner = '', repo = ''] = e.GITHUB_REPO.split('/');
  const auth = buildAuth(
    e,
    need,
    'required with GITHUB_REPO: a token, or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY',
  );
  if (e.RULES_FILE === undefined) {
    need(
      'RULES_FILE',
      'required with GITHUB_REPO: the path of the custom rules or Helm values file in the repository',
    );
  }
  if (e.FALCO_VERSION === undefined) {
    need(
      'FALCO_VERSION',
      'required with GITHUB_REPO: the deployed Falco version (exceptions are written differently per version)',
    );
  }
  if (auth === undefined || e.RULES_FILE === undefined) return undefined;
  return {
    apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''),
    owner,
    repo,
    auth,
    webhookSecret: e.GITHUB_WEBHOOK_SECRET,
    rulesFile: e.RULES_FILE,
    ...targetDefaults(e),
  };
}
