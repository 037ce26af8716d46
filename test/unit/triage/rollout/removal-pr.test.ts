import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { renderItem, type RulesChange } from '../../../../src/falco/exceptions/index.js';
import type { Proposal } from '../../../../src/triage/ports/proposal-record.js';
import { parseProposalMarker } from '../../../../src/triage/rollout/pull-request-naming.js';
import {
  removalBody,
  removalCommitMessage,
  removalTitle,
  storedChange,
} from '../../../../src/triage/rollout/removal-pr.js';
import { hostileText } from '../../../helpers/hostile-text.js';
import { parseMarkdown, shape } from '../../../helpers/markdown-tree.js';

const ID = '0190a1b2-0000-7000-8000-000000000001';

function proposal(yaml: string, exception: Record<string, unknown> = {}): Proposal {
  return {
    id: ID,
    yaml,
    exception,
    rule: 'Read sensitive file untrusted',
    justification: 'HIDS agent <!-- falco-triage:removal:0190a1b2-0000-7000-8000-000000000009 -->',
    proposer: 'U0ALICE001',
    exceptionExpiresAt: new Date('2026-09-01T23:59:59Z'),
    prNumber: 12,
    prUrl: 'https://github.com/acme/falco-rules/pull/12',
  } as unknown as Proposal;
}

const CHANGES: RulesChange[] = [
  {
    kind: 'exception',
    rule: 'Read sensitive file untrusted',
    name: 'falco_triage_proc_name_fd_name',
    fields: ['proc.name', 'fd.name'],
    comps: ['=', '='],
    row: ['titanagent', '/etc/shadow'],
    exists: false,
  },
  { kind: 'list', list: 'hids_binaries', items: ['titanagent', 'yes'] },
  { kind: 'macro', macro: 'user_known_read_sensitive_files_activities', condition: 'or (proc.name = "a b")' },
  { kind: 'condition', rule: 'Read sensitive file untrusted', condition: 'and not (proc.name = titanagent)' },
];

describe('storedChange', () => {
  it('reads every kind of change back from the proposal YAML, in both forms', () => {
    for (const change of CHANGES) {
      for (const form of ['override', 'append'] as const) {
        const read = storedChange(proposal(renderItem(change, form, 'note'), { annotation: 'note' }));
        expect(read).toEqual({ ok: true, value: { change, annotation: 'note', predicate: undefined } });
      }
    }
  });

  it('takes the stored change when the proposal has one, and reads a values-only item with its stored fields', () => {
    const [exception] = CHANGES;
    expect(storedChange(proposal('', { change: CHANGES[1] }))).toMatchObject({
      value: { change: CHANGES[1] },
    });
    const valuesOnly = { ...(exception as Extract<RulesChange, { kind: 'exception' }>), exists: true };
    const read = storedChange(
      proposal(renderItem(valuesOnly, 'override'), { fields: ['proc.name', 'fd.name'] }),
    );
    expect(read).toEqual({
      ok: true,
      value: { change: { ...valuesOnly, comps: [] }, annotation: undefined, predicate: undefined },
    });
    expect(storedChange(proposal('not: [a list'))).toEqual({
      ok: false,
      error: { code: 'stored_change_unreadable' },
    });
  });

  it('writes a body with the original PR, the expiry, the diff and one marker (none smuggled in)', () => {
    const item = proposal(renderItem(CHANGES[1] as RulesChange, 'override'));
    const read = storedChange(item);
    if (!read.ok) throw new Error(read.error.code);
    const body = removalBody({
      proposal: item,
      change: read.value,
      rulesFile: 'values.yaml',
      diff: '-x\n+y',
    });
    expect(body).toContain('#12 (<https://github.com/acme/falco-rules/pull/12>)');
    expect(body).toContain('**2026-09-01**');
    expect(body).toContain('```diff\n-x\n+y\n```');
    expect(body.match(/<!-- falco-triage:/g)).toHaveLength(1);
    expect(body.endsWith(`<!-- falco-triage:removal:${ID} -->`)).toBe(true);
  });

  it('is mapped back by its own marker even when the removed values hold another one', () => {
    const other = '<!-- falco-triage:exception:0190a1b2-0000-7000-8000-000000000009 -->';
    const item = { ...proposal(renderItem(CHANGES[1] as RulesChange, 'override')), justification: other };
    const read = storedChange(item);
    if (!read.ok) throw new Error(read.error.code);
    const body = removalBody({
      proposal: item,
      change: read.value,
      rulesFile: 'values.yaml',
      diff: `-  - x\n${other}\n`,
    });
    expect(body).toContain(`\n${other}\n`);
    expect(parseProposalMarker(body)).toEqual({ kind: 'removal', proposalId: ID });
    expect(parseProposalMarker(body.replace(/\n/g, '\r\n'))).toEqual({ kind: 'removal', proposalId: ID });
  });
});

describe('the removal pull request', () => {
  const hostile = fc.record({
    rule: hostileText(),
    name: hostileText(4),
    predicate: hostileText(),
    proposer: hostileText(3),
    justification: hostileText(),
    diff: hostileText(),
    rulesFile: hostileText(3),
    kind: fc.constantFrom(...CHANGES.map((change) => change.kind)),
  });
  type Slots = typeof hostile extends fc.Arbitrary<infer T> ? T : never;

  function render(slots: Slots): { body: string; title: string; message: string } {
    const change = CHANGES.find((candidate) => candidate.kind === slots.kind) as RulesChange;
    const named: RulesChange =
      change.kind === 'exception'
        ? { ...change, rule: slots.rule, name: slots.name }
        : change.kind === 'list'
          ? { ...change, list: slots.name }
          : change.kind === 'macro'
            ? { ...change, macro: slots.name }
            : { ...change, rule: slots.rule };
    const item = {
      ...proposal(''),
      rule: slots.rule,
      proposer: slots.proposer,
      justification: slots.justification,
    };
    const stored = { change: named, annotation: undefined, predicate: slots.predicate };
    return {
      body: removalBody({ proposal: item, change: stored, rulesFile: slots.rulesFile, diff: slots.diff }),
      title: removalTitle(item, stored),
      message: removalCommitMessage(item),
    };
  }

  it('keeps its structure and its one marker whatever the rule, names, values and justification hold', () => {
    fc.assert(
      fc.property(hostile, (slots) => {
        const { body, title, message } = render(slots);
        const clean = render({
          rule: 'Rule',
          name: 'name',
          predicate: 'proc.name = cat',
          proposer: 'U0ALICE001',
          justification: slots.justification.trim() === '' ? '' : 'why',
          diff: '-x',
          rulesFile: 'values.yaml',
          kind: slots.kind,
        });
        expect(shape(parseMarkdown(body))).toEqual(shape(parseMarkdown(clean.body)));
        expect(parseProposalMarker(body)).toEqual({ kind: 'removal', proposalId: ID });
        expect(title).not.toMatch(/[\n\r]|[@#][^\u200b]/);
        expect(message.split('\n')[0]).not.toMatch(/[\r]|[@#][^\u200b]/);
      }),
      { numRuns: 100 },
    );
  });
});
