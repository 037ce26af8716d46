/**
 * The only reader of environment variables. One zod schema over the environment (and an optional `.env` file);
 * every invalid or missing value is reported at once, with the variable's name and what it expects.
 *
 * @example
 *   const loaded = loadConfig(process.env);
 *   if (!loaded.ok) { console.error(formatConfigProblems(loaded.error)); process.exit(78); }
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import {
  buildConnection,
  buildGitHub,
  targetDefaults,
  type GitHubConfig,
  type TargetsFileConfig,
} from './config-github.js';
import { attributeSecretProblems, resolveSecretFiles } from './config-secret-files.js';
import { buildTriageConfig, type TriageConfig } from './config-triage.js';
import { err, ok, type Result } from './result.js';

/** Where every variable is explained; configuration problems at start-up point here (a test checks it exists). */
export const CONFIG_DOCS = 'docs/configuration.md';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

function listOf(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const semver = /^\d+\.\d+\.\d+$/;
const slackChannelId = /^[CGD][A-Z0-9]{2,}$/;
const slackUserId = /^[UW][A-Z0-9]{2,}$/;

/** Each key is an environment variable; the message says what a valid value looks like. */
const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  INTERNAL_PORT: optionalText.pipe(z.coerce.number<string>().int().min(0).max(65535).optional()),
  INTERNAL_HOST: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a PostgreSQL URL such as postgres://user@host:5432/db')
      .optional(),
  ),
  DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce
    .number()
    .int('expected whole seconds')
    .min(0, 'expected 0 (try once) or more seconds')
    .default(300),
  FALCO_TRIAGE_DATA_DIR: z.string().default('./data'),
  FALCO_TRIAGE_STARTUP_CHECK_SECONDS: z.coerce
    .number()
    .int('expected whole seconds')
    .min(0, 'expected 0 (check file sizes only) or more seconds')
    .default(60),

  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: z.url('expected a URL such as https://slack.com/api/').default('https://slack.com/api/'),
  SLACK_DEFAULT_CHANNEL: optionalText.pipe(
    z.string().regex(slackChannelId, 'expected a channel ID such as C0123456789 (not a #name)').optional(),
  ),
  ROUTES_FILE: optionalText,
  TARGETS_FILE: optionalText,

  INGEST_TOKEN: optionalText.pipe(
    z.string().min(16, 'expected a random secret of at least 16 characters').optional(),
  ),
  INGEST_ALLOW_UNAUTHENTICATED: z.stringbool().default(false),
  INGEST_MAX_BODY_BYTES: positiveInt(1024 * 1024),

  GITHUB_TOKEN: optionalText,
  GITHUB_APP_ID: optionalText.pipe(z.string().regex(/^\d+$/, 'expected the numeric App ID').optional()),
  GITHUB_APP_PRIVATE_KEY: optionalText,
  GITHUB_APP_INSTALLATION_ID: optionalText.pipe(
    z.string().regex(/^\d+$/, 'expected the numeric installation ID').optional(),
  ),
  GITHUB_API_URL: z.url('expected a URL such as https://api.github.com').default('https://api.github.com'),
  GITHUB_REPO: optionalText.pipe(
    z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name of the rules repository')
      .optional(),
  ),
  GITHUB_BASE_BRANCH: z.string().min(1).default('main'),
  GITHUB_WEBHOOK_SECRET: optionalText,
  GITHUB_PR_LABELS: z.string().default('falco-exception'),
  GITHUB_PR_REVIEWERS: optionalText,
  GITHUB_DEPLOY_WORKFLOW: z.string().min(1).default('Falco rules'),
  GITHUB_DEPLOY_JOB: z.string().min(1).default('deploy'),
  RULES_FILE: optionalText,

  FALCO_VERSION: optionalText.pipe(
    z.string().regex(semver, 'expected the deployed Falco version, such as 0.44.1').optional(),
  ),
  FALCO_RULES: optionalText,
  FALCO_FIELDS_FILE: optionalText,

  APPROVERS: optionalText,
  APPROVER_GROUP: optionalText.pipe(
    z
      .string()
      .regex(/^S[A-Z0-9]{2,}$/, 'expected a user group ID such as S0123456789')
      .optional(),
  ),
  REQUIRED_APPROVALS: positiveInt(1),
  PROPOSAL_TTL_HOURS: positiveInt(72),
  IMPACT_WINDOW_DAYS: positiveInt(7),
  MUTE_ALLOWED: z.enum(['anyone', 'approvers']).default('approvers'),
  // Triage states and reactions: parsed in config-triage.ts.
  SLACK_REACTIONS: optionalText,
  ESCALATION_GROUPS: optionalText,
  RESPONDERS: optionalText,
  RESPONDER_GROUP: optionalText,
  GROUP_WINDOW_SECONDS: positiveInt(3600),
  RECONCILE_INTERVAL_SECONDS: positiveInt(120),
});

type Environment = z.infer<typeof environment>;

/** Every variable the configuration reads (besides the `_FILE` forms of the secrets). */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(environment.shape);

export type { GitHubConfig, GitHubConnection, TargetDefaults, TargetsFileConfig } from './config-github.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Set: intake, health and metrics move to this port and `port` serves only Slack and GitHub (docs/configuration.md). */
  readonly internalPort: number | undefined;
  readonly internalHost: string;
  readonly logLevel: Environment['LOG_LEVEL'];
  readonly store:
    | {
        readonly kind: 'postgres';
        readonly url: string;
        /** How long the start waits for the server to answer; 0 tries once. Default 300. */
        readonly connectTimeoutSeconds?: number;
      }
    | {
        readonly kind: 'embedded';
        readonly dataDir: string;
        /** The watchdog on the start-up check's child process; 0 checks file sizes only. Default 60. */
        readonly startupCheckSeconds?: number;
      };
  readonly slack: {
    readonly botToken: string;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string;
    readonly defaultChannel: string | undefined;
    readonly routesFile: string | undefined;
  };
  readonly ingest: {
    readonly token: string | undefined;
    readonly maxBodyBytes: number;
  };
  /**
   * The short form's one target: undefined when GitHub is not configured (intake and Slack keep working, proposals
   * say why they cannot) and when TARGETS_FILE is set.
   */
  readonly github: GitHubConfig | undefined;
  /** Set when TARGETS_FILE is: the targets come from that file and `github` and `falco.version/rules` are unused. */
  readonly targets: TargetsFileConfig | undefined;
  readonly falco: {
    readonly version: string;
    readonly versionIsDefault: boolean;
    readonly rules: readonly string[];
    readonly fieldsFile: string | undefined;
  };
  readonly approvals: {
    readonly approvers: readonly string[];
    readonly approverGroup: string | undefined;
    readonly required: number;
    readonly proposalTtlHours: number;
  };
  readonly impactWindowDays: number;
  readonly muteAllowed: 'anyone' | 'approvers';
  /** Reactions, escalation groups and who may triage alerts (config-triage.ts). */
  readonly triage: TriageConfig;
  readonly groupWindowSeconds: number;
  readonly reconcileIntervalSeconds: number;
}

export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** The newest Falco version this build models; the default when FALCO_VERSION is unset. */
export const NEWEST_FALCO_VERSION = '0.44.1';

/**
 * Reads `.env` (when present) under the given environment: real environment variables win. A secret may be given as
 * `NAME_FILE`, the path of a file holding it (config-secret-files.ts). Returns every problem at once rather than
 * stopping at the first.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: { envFile?: string } = {},
): Result<Config, ConfigProblem[]> {
  const merged: Record<string, string | undefined> = { ...readEnvFile(options.envFile), ...env };
  const secrets = resolveSecretFiles(merged);
  const parsed = environment.safeParse(secrets.env);
  const built: Result<Config, ConfigProblem[]> = parsed.success
    ? build(parsed.data)
    : err(
        parsed.error.issues.map((issue) => ({
          variable: String(issue.path[0] ?? '(environment)'),
          message: issue.message,
        })),
      );
  if (built.ok && secrets.problems.length === 0) return built;
  return err(attributeSecretProblems(secrets, built.ok ? [] : built.error));
}

function readEnvFile(path: string | undefined): Record<string, string | undefined> {
  if (path === undefined || !existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8'));
}

function build(e: Environment): Result<Config, ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  const need = (variable: string, message: string): void => {
    problems.push({ variable, message });
  };

  if (e.SLACK_BOT_TOKEN === undefined)
    need('SLACK_BOT_TOKEN', 'required: the bot token (xoxb-...) of the Slack app');
  if (e.SLACK_SIGNING_SECRET === undefined && e.SLACK_APP_TOKEN === undefined) {
    need(
      'SLACK_SIGNING_SECRET',
      'required: the signing secret of the Slack app (or set SLACK_APP_TOKEN to use Socket Mode)',
    );
  }
  if (e.SLACK_DEFAULT_CHANNEL === undefined && e.ROUTES_FILE === undefined) {
    need(
      'SLACK_DEFAULT_CHANNEL',
      'required unless ROUTES_FILE is set: the channel ID for alerts (e.g. C0123456789)',
    );
  }
  if (e.INGEST_TOKEN === undefined && !e.INGEST_ALLOW_UNAUTHENTICATED) {
    need(
      'INGEST_TOKEN',
      'required: the shared secret Falco sends (or set INGEST_ALLOW_UNAUTHENTICATED=true to accept alerts from anyone)',
    );
  }

  const approvers = listOf(e.APPROVERS);
  for (const user of approvers) {
    if (!slackUserId.test(user))
      need('APPROVERS', `"${user}" is not a Slack user ID (expected e.g. U0123456789)`);
  }

  if (e.INTERNAL_PORT !== undefined && e.INTERNAL_PORT !== 0 && e.INTERNAL_PORT === e.PORT)
    need('INTERNAL_PORT', `must differ from PORT (${e.PORT}): it is the port kept inside the cluster`);

  const targetsFile = e.TARGETS_FILE;
  if (targetsFile !== undefined) {
    const perTarget: Readonly<Record<string, string>> = {
      GITHUB_REPO: 'repository',
      RULES_FILE: 'rules_file',
      FALCO_VERSION: 'falco_version',
      FALCO_RULES: 'falco_rules',
    };
    for (const [variable, key] of Object.entries(perTarget)) {
      if (e[variable as keyof Environment] !== undefined)
        need(variable, `not used with TARGETS_FILE: set ${key} for each target in ${targetsFile} instead`);
    }
  }
  const github = targetsFile === undefined ? buildGitHub(e, need) : undefined;
  const connection = targetsFile === undefined ? undefined : buildConnection(e, need);
  const triage = buildTriageConfig(e, need);
  if (problems.length > 0) return err(problems);

  return ok({
    port: e.PORT,
    host: e.HOST,
    internalPort: e.INTERNAL_PORT,
    internalHost: e.INTERNAL_HOST ?? e.HOST,
    logLevel: e.LOG_LEVEL,
    store:
      e.DATABASE_URL !== undefined
        ? {
            kind: 'postgres',
            url: e.DATABASE_URL,
            connectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT_SECONDS,
          }
        : {
            kind: 'embedded',
            dataDir: e.FALCO_TRIAGE_DATA_DIR,
            startupCheckSeconds: e.FALCO_TRIAGE_STARTUP_CHECK_SECONDS,
          },
    slack: {
      botToken: e.SLACK_BOT_TOKEN ?? '',
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      defaultChannel: e.SLACK_DEFAULT_CHANNEL,
      routesFile: e.ROUTES_FILE,
    },
    ingest: { token: e.INGEST_TOKEN, maxBodyBytes: e.INGEST_MAX_BODY_BYTES },
    github,
    targets:
      targetsFile === undefined
        ? undefined
        : { path: targetsFile, github: connection, defaults: targetDefaults(e) },
    falco: {
      version: e.FALCO_VERSION ?? NEWEST_FALCO_VERSION,
      // With a targets file each target names its version: nothing is assumed.
      versionIsDefault: e.FALCO_VERSION === undefined && targetsFile === undefined,
      rules: listOf(e.FALCO_RULES),
      fieldsFile: e.FALCO_FIELDS_FILE,
    },
    approvals: {
      approvers,
      approverGroup: e.APPROVER_GROUP,
      required: e.REQUIRED_APPROVALS,
      proposalTtlHours: e.PROPOSAL_TTL_HOURS,
    },
    impactWindowDays: e.IMPACT_WINDOW_DAYS,
    muteAllowed: e.MUTE_ALLOWED,
    triage,
    groupWindowSeconds: e.GROUP_WINDOW_SECONDS,
    reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
  });
}

/** The text `npm start` prints when the configuration is incomplete: what is wrong and where to read more. */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((problem) => `  - ${problem.variable}: ${problem.message}`);
  return [
    `falco-triage cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}.`,
    ...lines,
    '',
    'Set these in the environment or in a .env file (see .env.example); a secret NAME can also be read from the file',
    `that NAME_FILE names. Each variable is explained in ${CONFIG_DOCS}.`,
    ...(problems.some((problem) => problem.variable.startsWith('SLACK_'))
      ? [
          'No Slack app yet? `falco-triage sandbox` (`npm run sandbox` in a checkout) runs the whole loop on this machine,',
          'with stand-ins for Slack and GitHub, in a local web page.',
        ]
      : []),
  ].join('\n');
}

/**
 * The sandbox's settings (`falco-triage sandbox`, `npm run sandbox`): the page's port (SANDBOX_PORT, default 3300)
 * and the log level (LOG_LEVEL).
 */
export function sandboxSettings(env: NodeJS.ProcessEnv): {
  readonly port: number;
  readonly logLevel: string;
} {
  const port = Number(env.SANDBOX_PORT ?? 3300);
  return {
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 3300,
    logLevel: env.LOG_LEVEL ?? 'warn',
  };
}
