/**
 * The removal pull request of an expired exception: what a reviewer needs to merge it with confidence (which
 * exception, why it existed, since when it expired, the original pull request, the diff) and the hidden marker that
 * maps it back to the proposal. Names, values and the justification go through src/markdown. Also reads the stored
 * change back from `proposal.exception`.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import type { RulesChange } from '../../falco/exceptions/index.js';
import * as md from '../../markdown/escape.js';
import { err, ok, type Result } from '../../result.js';
import type { Proposal, RemovalProblem } from '../ports/index.js';
import { proposalMarker } from './pull-request-naming.js';

const text = z.string();
export interface StoredChange {
  readonly change: RulesChange;
  readonly annotation: string | undefined;
  /** What the exception excepts, as a condition (for titles). */
  readonly predicate: string | undefined;
}

const strings = z.array(text);

/**
 * The change as the proposal's YAML item wrote it (`proposal.yaml`, rendered from the change): the item kind tells
 * the strategy; a values-only exception item (the name existed already) has no fields or comps, which are then
 * taken as unknown (empty) and not compared.
 */
function changeOfYaml(source: string, storedFields: readonly string[] | undefined): RulesChange | undefined {
  let parsed: unknown;
  try {
    parsed = parse(source, { schema: 'failsafe' });
  } catch {
    return undefined;
  }
  const item = z.array(z.record(z.string(), z.unknown())).safeParse(parsed).data?.[0];
  if (item === undefined) return undefined;
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const list = str(item['list']);
  const macro = str(item['macro']);
  const rule = str(item['rule']);
  const condition = str(item['condition']);
  if (list !== undefined) {
    const items = strings.safeParse(item['items']).data;
    return items === undefined ? undefined : { kind: 'list', list, items };
  }
  if (macro !== undefined && condition !== undefined) return { kind: 'macro', macro, condition };
  if (rule === undefined) return undefined;
  const entry = z.array(z.record(z.string(), z.unknown())).safeParse(item['exceptions']).data?.[0];
  if (entry === undefined)
    return condition === undefined ? undefined : { kind: 'condition', rule, condition };
  const name = str(entry['name']);
  const row = z.array(strings).safeParse(entry['values']).data?.[0];
  if (name === undefined || row === undefined) return undefined;
  const fields = strings.safeParse(entry['fields']).data;
  return {
    kind: 'exception',
    rule,
    name,
    fields: fields ?? (storedFields?.length === row.length ? [...storedFields] : []),
    comps: strings.safeParse(entry['comps']).data ?? [],
    row,
    exists: fields === undefined,
  };
}

/**
 * The change a proposal added: `proposal.exception.change` when the proposal flow stored it, else read back from
 * the proposal's YAML item; the annotation and predicate from `proposal.exception`.
 */
export function storedChange(
  proposal: Proposal,
): Result<StoredChange, Extract<RemovalProblem, { code: 'stored_change_unreadable' }>> {
  const data = proposal.exception;
  const change = data.change ?? changeOfYaml(proposal.yaml, data.fields);
  if (change === undefined) return err({ code: 'stored_change_unreadable' });
  return ok({ change, annotation: data.annotation, predicate: data.predicate });
}

function day(date: Date | null): string {
  return date === null ? 'an unknown date' : date.toISOString().slice(0, 10);
}

function target(change: RulesChange): string {
  switch (change.kind) {
    case 'exception':
      return `exception ${md.code(change.name, 200)} of rule ${md.code(change.rule, 200)}`;
    case 'list':
      return `list ${md.code(change.list, 200)}`;
    case 'macro':
      return `macro ${md.code(change.macro, 200)}`;
    case 'condition':
      return `condition of rule ${md.code(change.rule, 200)}`;
  }
}

/** GitHub limits a PR body to 65,536 characters; the diff is cut well before. */
const MAX_DIFF = 50_000;

export function removalTitle(proposal: Proposal, change: StoredChange): string {
  const scope = change.predicate === undefined ? '' : ` (${change.predicate})`;
  return md.plainLine(`Remove expired Falco exception: ${proposal.rule}${scope}`, 200);
}

/** The removal commit's message: GitHub links #123 in commit messages too. */
export function removalCommitMessage(proposal: Proposal): string {
  return `${md.plainLine(`Remove expired Falco exception (${proposal.rule})`, 200)}\n\nExpired on ${day(proposal.exceptionExpiresAt)}.`;
}

export function removalBody(args: {
  readonly proposal: Proposal;
  readonly change: StoredChange;
  readonly rulesFile: string;
  readonly diff: string;
}): string {
  const { proposal, change } = args;
  const justification = proposal.justification.trim();
  const original =
    proposal.prUrl === null ? 'not recorded' : `#${proposal.prNumber ?? ''} (${md.url(proposal.prUrl, 300)})`;
  return [
    `The exception below expired on **${day(proposal.exceptionExpiresAt)}**. This pull request removes exactly that`,
    `exception from ${md.code(args.rulesFile, 200)}; everything else in the file stays as it is. It stays live until this`,
    'pull request is merged and deployed.',
    '',
    `- **Changed:** ${target(change.change)}`,
    `- **Rule:** ${md.code(proposal.rule, 200)}`,
    ...(change.predicate === undefined ? [] : [`- **Excepted:** ${md.code(change.predicate, 2000)}`]),
    `- **Added by:** ${original}`,
    `- **Proposed by:** ${md.code(proposal.proposer, 60)}`,
    `- **Justification:** ${justification === '' ? '_(none given)_' : md.text(justification, 1000)}`,
    '',
    'To keep the exception, close this pull request and extend it with a new proposal from Slack.',
    '',
    md.codeBlock(args.diff, { info: 'diff', max: MAX_DIFF }),
    '',
    proposalMarker(proposal.id, 'removal'),
  ].join('\n');
}
