/**
 * The exception pull request's title and body: everything a reviewer needs without opening Slack — the alert
 * evidence, why the rule fired, the diff, the impact, who proposed and approved it and why, the expiry, a link to
 * the Slack thread, and the hidden marker that ties the PR back to its proposal.
 *
 * Every value from the alert or from a person goes through src/markdown, so the evidence cannot rewrite the body.
 * Each part has its own bound, chosen so that the whole stays under GitHub's 65,536 characters whatever the alert
 * holds; a cut is made by the part that knows its syntax (never inside an escape or a fence) and says so.
 */
import type { Alert } from '../../falco/alert/index.js';
import { fieldValueToText } from '../../falco/alert/index.js';
import type { ImpactSummary, Synthesis, Verification } from '../../falco/exceptions/index.js';
import * as md from '../../markdown/escape.js';
import type { Proposal } from '../ports/index.js';
import { proposalMarker } from './pull-request-naming.js';

/** GitHub refuses a longer body. The bounds below add up to less (the unit test checks the worst case). */
export const MAX_BODY = 65_536;
const MAX_NAME = 150;
const MAX_NAMES = 10;
const MAX_FIELDS_TABLE = 14_000;
const MAX_FIELD_ROWS = 40;

/** The base commit the change was written and verified on; `reapplied` once the bot moved it onto a newer base. */
export interface PullRequestBase {
  readonly branch: string;
  readonly sha: string;
  readonly reapplied: boolean;
}

export interface PullRequestText {
  readonly title: string;
  readonly body: string;
}

/** Rule names as code, at most MAX_NAMES of them (list changes can reach dozens). */
function names(rules: readonly string[]): string {
  const shown = rules.slice(0, MAX_NAMES).map((rule) => md.code(rule, MAX_NAME));
  const more = rules.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

function impactTable(impact: ImpactSummary): string {
  const rows = impact.byRule
    .filter((entry) => entry.excepted > 0)
    .slice(0, 20)
    .map((entry) => `| ${md.text(entry.rule, MAX_NAME)} | ${entry.excepted} | ${entry.exceptedHosts} |`);
  if (rows.length === 0) return '_No stored alert would have been silenced._';
  return ['| Rule | Alerts silenced | Hosts |', '|---|---:|---:|', ...rows].join('\n');
}

/** What the change does to other rules, both directions always stated (reviewers approve on this). */
function effectLines(synthesis: Synthesis): string {
  if (synthesis.alsoAffects.length === 0 && synthesis.firesMore.length === 0)
    return '**Other rules:** none changes; this only silences the rule above for the values shown.';
  return [
    synthesis.alsoAffects.length === 0
      ? '**Also silences:** no other rule.'
      : `:warning: **Also silences** matching events of ${synthesis.alsoAffects.length} other rule(s): ${names(synthesis.alsoAffects)}.`,
    synthesis.firesMore.length === 0
      ? '**Makes fire more:** no other rule.'
      : `:rotating_light: **Makes ${synthesis.firesMore.length} other rule(s) fire more** (they use ${md.code(synthesis.target, MAX_NAME)} without \`not\`, so they will now alert on these values): ${names(synthesis.firesMore)}.`,
  ].join('\n');
}

/** The alert's output fields, each name and value in monospace, within one budget for the whole table. */
function fieldsTable(alert: Alert): string {
  const entries = Object.entries(alert.outputFields);
  if (entries.length === 0) return '';
  const rows: string[] = [];
  let used = 0;
  for (const [key, value] of entries.slice(0, MAX_FIELD_ROWS)) {
    const row = `| ${md.codeCell(key, MAX_NAME)} | ${md.codeCell(fieldValueToText(value), 1000)} |`;
    if (used + row.length > MAX_FIELDS_TABLE) break;
    rows.push(row);
    used += row.length + 1;
  }
  const more = entries.length - rows.length;
  if (more > 0) rows.push(`| _${more} more field(s) not shown_ | |`);
  return ['| Field | Value |', '|---|---|', ...rows].join('\n');
}

function baseLine(base: PullRequestBase): string {
  const at = `${md.code(base.branch, 200)} at ${md.code(base.sha.slice(0, 12), 12)}`;
  return base.reapplied
    ? `The base branch moved after this pull request was opened: falco-triage wrote the approved change again on top of ${at} (one commit, re-drafted from the stored proposal) and verified it there.`
    : `Written and verified on top of ${at}. falco-triage keeps this branch on top of ${md.code(base.branch, 200)}: when it moves, the change is written again there and verified again. Push nothing to this branch: once someone does, falco-triage stops updating it.`;
}

/** Also the commit message's subject: GitHub links #123 there too. */
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
  return md.plainLine(`Falco exception: ${what} for ${scope}`, 240);
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
  readonly base?: PullRequestBase;
  /** The target (Falco deployment) the exception is for, when the bot serves several. */
  readonly target?: string;
}): string {
  const { proposal, alert, synthesis, verification } = args;
  const approvers = args.approvers.slice(0, 20).map((user) => md.code(user, 60));
  const blocks = [
    [
      proposalMarker(proposal.id),
      `Proposed by Slack user ${md.code(proposal.proposer, 60)}, approved by ${approvers.join(', ') || '_nobody yet_'}.`,
      ...(args.slackLink === undefined ? [] : [`Slack thread: ${md.url(args.slackLink, 300)}`]),
      ...(args.target === undefined ? [] : [`Target: ${md.code(args.target, 100)}.`]),
    ].join('\n'),
    '### Why this is a false positive',
    md.quote(proposal.justification, 5000),
    proposal.exceptionExpiresAt === null
      ? '**Expiry:** none (a lasting exception).'
      : `**Expiry:** ${proposal.exceptionExpiresAt.toISOString().slice(0, 10)}. falco-triage will open a pull request removing this exception then.`,
    '### The change',
    [
      `Strategy: **${synthesis.strategy}** on ${md.code(synthesis.target, MAX_NAME)} (${synthesis.form === 'override' ? '`override:`' : '`append: true`'}, Falco ${md.text(args.falcoVersion, 40)}). It excepts exactly: ${md.code(synthesis.predicate, 2000)}.`,
      effectLines(synthesis),
    ].join('\n'),
    md.codeBlock(args.diff, { info: 'diff', max: 15_000 }),
    '### Verification',
    ...(args.base === undefined ? [] : [baseLine(args.base)]),
    `Loaded with the base rules and ${md.code(args.rulesFile, 200)} at Falco ${md.text(args.falcoVersion, 40)}: ${verification.newErrors.length} new errors, ${verification.newWarnings.length} new warnings; the triggering alert is **${verification.alert.verdict}**; ${verification.specificity.checked} altered copies of the alert checked, ${verification.specificity.broader.length} wrongly excepted.`,
    '### Impact',
    args.impactText === undefined
      ? '_Not computed._'
      : `In the stored alerts, this ${md.text(args.impactText, 500)}.`,
    args.impact === undefined ? '' : impactTable(args.impact),
    '### The alert',
    `Rule ${md.code(alert.rule, 200)} (${md.text(alert.priority, 20)}) on ${alert.hostname === undefined ? 'an unknown host' : md.code(alert.hostname, 200)} at ${alert.time.iso}, source ${md.code(alert.source, 100)}.`,
    md.codeBlock(alert.message ?? alert.output ?? '', { max: 4000 }),
    fieldsTable(alert),
    args.explanation === undefined
      ? ''
      : `<details><summary>Why the rule fired</summary>\n\n${md.codeBlock(args.explanation, { max: 8000 })}\n\n</details>`,
    '---\n_Opened by falco-triage after approval in Slack. Merge to deploy; the bot reports merge and deploy status in the thread._',
  ];
  return blocks.filter((block) => block !== '').join('\n\n');
}
