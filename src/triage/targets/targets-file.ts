/**
 * The targets file (`TARGETS_FILE`): the Falco deployments one bot serves. A target is one rules repository, base
 * branch and rules file (plain, or Helm values with `customRules`), the Falco version that file is loaded with, the
 * base rules Falco loads before it, and the deploy workflow that rolls it out. Alerts are mapped to targets by a
 * `match` block in the routes file's style (alert-match.ts) plus `channels`, the Slack channels the alert's route
 * posts it to:
 *
 *   targets:
 *     - name: staging                                    # letters, digits, . _ -; shown in Slack
 *       match:
 *         output_fields: ["cluster=staging"]             # a Falcosidekick custom field, or Falco's append_output
 *         hostnames: ["stg-*"]                           # also rules, priority, tags, source, channels
 *       repository: acme/falco-rules-staging             # owner/name; without it: explain only
 *       base_branch: main                                # default GITHUB_BASE_BRANCH
 *       rules_file: rules/falco_rules.local.yaml         # required with repository
 *       falco_version: 0.36.2                            # exceptions are written for it
 *       falco_rules: [/etc/falco-triage/falco_rules.yaml] # the base rules Falco loads (paths or https URLs)
 *       fields_file: /etc/falco-triage/fields-0.36.txt   # default FALCO_FIELDS_FILE
 *       deploy_workflow: Falco rules                     # default GITHUB_DEPLOY_WORKFLOW
 *       deploy_job: deploy                               # default GITHUB_DEPLOY_JOB
 *       labels: [falco-exception]                        # default GITHUB_PR_LABELS
 *       reviewers: [acme/platform-security]              # default GITHUB_PR_REVIEWERS
 *
 * Targets are tried in order; the first whose match fits decides. A target without `match` takes every alert the
 * ones before it left. An alert no target takes can still be explained; no exception can be proposed for it.
 * A file that is a bare YAML list is read as the `targets` list.
 */
import { z } from 'zod';
import { parseFalcoVersion, type FalcoVersion } from '../../falco/version.js';
import { err, ok, type Result } from '../../result.js';
import {
  asList,
  matchShape,
  toAlertMatch,
  parseYamlConfig,
  type AlertMatch,
  type YamlProblem,
} from '../alerts/index.js';

/** A target's `match`: the routes file's keys plus the channels the alert is posted to. */
export interface TargetMatch extends AlertMatch {
  readonly channels?: readonly string[];
}

export interface TargetRepository {
  readonly owner: string;
  readonly name: string;
}

/** One Falco deployment, as configured (file or environment). */
export interface TargetSpec {
  readonly name: string;
  /** Undefined: every alert (the environment's one target, or a catch-all last entry). */
  readonly match: TargetMatch | undefined;
  /** Undefined: explain only (no pull requests). */
  readonly repository: TargetRepository | undefined;
  readonly baseBranch: string;
  readonly rulesFile: string | undefined;
  readonly falcoVersion: FalcoVersion;
  /** The base rules Falco loads before the custom rules, in order (paths or https URLs). */
  readonly falcoRules: readonly string[];
  readonly fieldsFile: string | undefined;
  readonly deployWorkflow: string;
  readonly deployJob: string;
  readonly labels: readonly string[];
  readonly reviewers: readonly string[];
}

/** What a target leaves out is taken from the environment (GITHUB_BASE_BRANCH, GITHUB_PR_LABELS, …). */
export interface TargetDefaults {
  readonly baseBranch: string;
  readonly deployWorkflow: string;
  readonly deployJob: string;
  readonly labels: readonly string[];
  readonly reviewers: readonly string[];
  readonly fieldsFile: string | undefined;
}

export type TargetsFileProblem = YamlProblem;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel ID such as C0123456789');

const falcoVersionText = z.string().transform((text, ctx) => {
  const parsed = parseFalcoVersion(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.error.message });
    return z.NEVER;
  }
  return parsed.value;
});

/** `[a, b]`, or one comma-separated string as in the environment variables. */
const commaList = z
  .union([z.string(), z.array(z.string().min(1))])
  .transform((value) =>
    (typeof value === 'string' ? value.split(',') : value).map((item) => item.trim()).filter(Boolean),
  );

const targetSchema = z
  .strictObject({
    name: z.string().regex(NAME, 'expected a short name: letters, digits, ".", "_" or "-"'),
    match: z
      .strictObject({ ...matchShape, channels: z.union([channelId, z.array(channelId).min(1)]).optional() })
      .optional(),
    repository: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name of the rules repository')
      .optional(),
    base_branch: z.string().min(1).optional(),
    rules_file: z.string().min(1).optional(),
    falco_version: z.union([z.string(), z.number()]).pipe(z.coerce.string()).pipe(falcoVersionText),
    falco_rules: commaList.pipe(z.array(z.string()).min(1, 'expected the base rules files Falco loads')),
    fields_file: z.string().min(1).optional(),
    deploy_workflow: z.string().min(1).optional(),
    deploy_job: z.string().min(1).optional(),
    labels: commaList.optional(),
    reviewers: commaList.optional(),
  })
  .superRefine((target, ctx) => {
    if (target.repository !== undefined && target.rules_file === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['repository'],
        message: 'a target with a repository needs rules_file: the custom rules or Helm values file in it',
      });
    if (target.repository === undefined && target.rules_file !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['rules_file'],
        message: 'rules_file needs repository: the rules repository that holds it',
      });
  });

const fileSchema = z
  .strictObject({ targets: z.array(targetSchema).min(1, 'expected at least one target') })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.targets.forEach((target, index) => {
      const key = target.name.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['targets', index, 'name'],
          message: `another target is already named "${target.name}"`,
        });
      seen.add(key);
    });
  });

type ParsedTarget = z.output<typeof targetSchema>;

function toSpec(target: ParsedTarget, defaults: TargetDefaults): TargetSpec {
  const [owner = '', name = ''] = target.repository?.split('/') ?? [];
  const channels = asList(target.match?.channels);
  return {
    name: target.name,
    match:
      target.match === undefined
        ? undefined
        : { ...toAlertMatch(target.match), ...(channels === undefined ? {} : { channels }) },
    repository: target.repository === undefined ? undefined : { owner, name },
    baseBranch: target.base_branch ?? defaults.baseBranch,
    rulesFile: target.rules_file,
    falcoVersion: target.falco_version,
    falcoRules: target.falco_rules,
    fieldsFile: target.fields_file ?? defaults.fieldsFile,
    deployWorkflow: target.deploy_workflow ?? defaults.deployWorkflow,
    deployJob: target.deploy_job ?? defaults.deployJob,
    labels: target.labels ?? defaults.labels,
    reviewers: target.reviewers ?? defaults.reviewers,
  };
}

/** Parses and validates a targets file; every problem is reported with its line and column. */
export function parseTargetsFile(
  text: string,
  defaults: TargetDefaults,
): Result<readonly TargetSpec[], TargetsFileProblem[]> {
  const parsed = parseYamlConfig(text, fileSchema, 'targets');
  if (!parsed.ok) return err(parsed.error);
  return ok(parsed.value.targets.map((target) => toSpec(target, defaults)));
}
