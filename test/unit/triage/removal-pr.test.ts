import { describe, expect, it } from '@jest/globals';
import { renderItem, type RulesChange } from '../../../src/falco/exceptions/index.js';
import type { Proposal } from '../../../src/triage/proposal.js';
import { removalBody, storedChange } from '../../../src/triage/removal-pr.js';

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
    expect(storedChange(proposal('not: [a list'))).toMatchObject({ ok: false });
  });

  it('writes a body with the original PR, the expiry, the diff and one marker (none smuggled in)', () => {
    const item = proposal(renderItem(CHANGES[1] as RulesChange, 'override'));
    const read = storedChange(item);
    if (!read.ok) throw new Error(read.error);
    const body = removalBody({
      proposal: item,
      change: read.value,
      rulesFile: 'values.yaml',
      diff: '-x\n+y',
    });
    expect(body).toContain('#12 (https://github.com/acme/falco-rules/pull/12)');
    expect(body).toContain('**2026-09-01**');
    expect(body).toContain('```diff\n-x\n+y\n```');
    expect(body.match(/<!-- falco-triage:/g)).toHaveLength(1);
    expect(body.endsWith(`<!-- falco-triage:removal:${ID} -->`)).toBe(true);
  });
});
