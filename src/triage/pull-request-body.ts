/**
 * The exception pull request's title and body: everything a reviewer needs without opening Slack — the alert
 * evidence, why the rule fired, the diff, the impact, who proposed and approved it and why, the expiry, a link to
 * the Slack thread, and the hidden marker that ties the PR back to its proposal. GitHub caps bodies at 65,536
 * characters; long parts are cut with a note.
 */
import type { Alert } from '../falco/alert/alert.js';
import { fieldValueToText } from '../falco/alert/output-fields.js';
import type { ImpactSummary, Synthesis, Verification } from '../falco/exceptions/index.js';
import type { Proposal } from './proposal.js';
import { proposalMarker } from './pull-request-naming.js';

const MAX_BODY = 60_000;

export interface PullRequestText {
  readonly title: string;
  readonly body: string;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters cut)`;
}

/** A Markdown code span that survives backticks in the value. */
function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`';
  return `${fence}${value.replace(/\r?\n/g, '⏎')}${fence}`;
}

function cell(value: string): string {
  return code(value).replace(/\|/g, '\\|');
}

function impactTable(impact: ImpactSummary): string {
  if (impact.byRule.length === 0) return '_No stored alert would have been silenced._';
  const rows = impact.byRule
    .filter((entry) => entry.excepted > 0)
    .slice(0, 20)
    .map((entry) => `| ${entry.rule.replace(/\|/g, '\\|')} | ${entry.excepted} | ${entry.exceptedHosts} |`);
  if (rows.length === 0) return '_No stored alert would have been silenced._';
  return ['| Rule | Alerts silenced | Hosts |', '|---|---:|---:|', ...rows].join('\n');
}

/** What the change does to other rules, both directions always stated (reviewers approve on this). */
function effectLines(synthesis: Synthesis): string[] {
  const names = (rules: readonly string[]): string => rules.map((rule) => `\`${rule}\``).join(', ');
  if (synthesis.alsoAffects.length === 0 && synthesis.firesMore.length === 0)
    return ['**Other rules:** none changes; this only silences the rule above for the values shown.'];
  return [
    synthesis.alsoAffects.length === 0
      ? '**Also silences:** no other rule.'
      : `:warning: **Also silences** matching events of ${synthesis.alsoAffects.length} other rule(s): ${names(synthesis.alsoAffects)}.`,
    synthesis.firesMore.length === 0
      ? '**Makes fire more:** no other rule.'
      : `:rotating_light: **Makes ${synthesis.firesMore.length} other rule(s) fire more** (they use \`${synthesis.target}\` without \`not\`, so they will now alert on these values): ${names(synthesis.firesMore)}.`,
  ];
}

export function pullRequestTitle(synthesis: Synthesis): string {
  const scope = synthesis.values
    .map(
      (value) =>
        `${value.field}${value.comp === '=' || value.comp === 'in' ? '=' : ` ${value.comp} `}${value.value}`,
    )
    .join(', ');
  const what =
    synthesis.strategy === 'exception' || synthesis.strategy === 'condition'
      ? synthesis.rule
      : `${synthesis.strategy} ${synthesis.target} (${synthesis.rule})`;
  const title = `Falco exception: ${what} for ${scope}`;
  return title.length > 240 ? `${title.slice(0, 237)}…` : title;
}

export function pullRequestBody(args: {
  readonly proposal: Proposal;
  readonly approvers: readonly string[];
  readonly alert: Alert;
  readonly synthesis: Synthesis;
  readonly diff: string;
  readonly verification: Verification;
  readonly impact: ImpactSummary | undefined;
  readonly impactText: string | undefined;
  readonly explanation: string | undefined;
  readonly slackLink: string | undefined;
  readonly falcoVersion: string;
  readonly rulesFile: string;
}): string {
  const { proposal, alert, synthesis } = args;
  const fields = Object.entries(alert.outputFields)
    .slice(0, 40)
    .map(([key, value]) => `| ${key.replace(/\|/g, '\\|')} | ${cell(fieldValueToText(value))} |`);
  const lines = [
    proposalMarker(proposal.id),
    `Proposed by Slack user \`${proposal.proposer}\`, approved by ${args.approvers.map((user) => `\`${user}\``).join(', ') || '_nobody yet_'}.`,
    args.slackLink === undefined ? '' : `Slack thread: ${args.slackLink}`,
    '',
    '### Why this is a false positive',
    '',
    cut(proposal.justification, 4000)
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n'),
    '',
    proposal.exceptionExpiresAt === null
      ? '**Expiry:** none (a lasting exception).'
      : `**Expiry:** ${proposal.exceptionExpiresAt.toISOString().slice(0, 10)}. falco-triage will open a pull request removing this exception then.`,
    '',
    '### The change',
    '',
    `Strategy: **${synthesis.strategy}** on \`${synthesis.target}\` (${synthesis.form === 'override' ? '`override:`' : '`append: true`'}, Falco ${args.falcoVersion}). It excepts exactly: ${code(synthesis.predicate)}.`,
    ...effectLines(synthesis),
    '',
    '```diff',
    cut(args.diff, 20_000),
    '```',
    '',
    '### Verification',
    '',
    `Loaded with the base rules and \`${args.rulesFile}\` at Falco ${args.falcoVersion}: ${args.verification.newErrors.length} new errors, ${args.verification.newWarnings.length} new warnings; the triggering alert is **${args.verification.alert.verdict}**; ${args.verification.specificity.checked} altered copies of the alert checked, ${args.verification.specificity.broader.length} wrongly excepted.`,
    '',
    '### Impact',
    '',
    args.impactText === undefined ? '_Not computed._' : `In the stored alerts, this ${args.impactText}.`,
    '',
    args.impact === undefined ? '' : impactTable(args.impact),
    '',
    '### The alert',
    '',
    `**${alert.rule}** (${alert.priority}) on \`${alert.hostname ?? 'unknown host'}\` at ${alert.time.iso}, source \`${alert.source}\`.`,
    '',
    '```',
    cut(alert.message ?? alert.output ?? '', 3000),
    '```',
    '',
    fields.length === 0 ? '' : ['| Field | Value |', '|---|---|', ...fields].join('\n'),
    '',
    args.explanation === undefined
      ? ''
      : `<details><summary>Why the rule fired</summary>\n\n${cut(args.explanation, 8000)}\n\n</details>`,
    '',
    '---',
    '_Opened by falco-triage after approval in Slack. Merge to deploy; the bot reports merge and deploy status in the thread._',
  ];
  return cut(lines.join('\n').replace(/\n{3,}/g, '\n\n'), MAX_BODY);
}
