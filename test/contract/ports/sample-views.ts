/**
 * Views the chat contract sends: the alert group of fixture 029 (a real 0.44.1 capture) and a pending proposal for
 * it, shaped as the workflow builds them, so the Slack adapter renders blocks the fake Slack accepts.
 */
import { createFingerprinter, parseAlert } from '../../../src/falco/alert/index.js';
import type { GroupView, ProposalView } from '../../../src/triage/ports/index.js';
import { alertFixture } from '../../helpers/fixtures.js';

const parsed = parseAlert(alertFixture('029'));
if (!parsed.ok) throw new Error('fixture 029 does not parse');
const alert = parsed.value;
const NOW = Date.parse('2026-08-13T01:30:00Z');

export function sampleGroupView(count = 1): GroupView {
  return {
    groupId: '0198a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    rule: alert.rule,
    priority: alert.priority,
    source: alert.source,
    hostname: alert.hostname,
    tags: alert.tags,
    message: alert.message,
    fields: alert.outputFields,
    fingerprint: 'fp-contract',
    identityFields: createFingerprinter({})(alert).fields.map((field) => field.key),
    count,
    firstSeenMs: NOW - 60_000,
    lastSeenMs: NOW,
    acknowledged: undefined,
    muted: undefined,
    proposal: undefined,
    proposalsAvailable: true,
  };
}

export function sampleProposalView(approvals: readonly string[] = []): ProposalView {
  return {
    proposalId: '0198a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
    rule: alert.rule,
    strategy: 'exception',
    target: alert.rule,
    predicate: 'proc.name = cat',
    alsoAffects: [],
    firesMore: [],
    yaml: `- rule: ${alert.rule}\n  exceptions:\n    - name: cat\n      fields: [proc.name]\n      values: [[cat]]\n`,
    justification: 'cat reads /etc/shadow in the nightly backup check',
    proposer: 'U0ALICE001',
    approvals,
    required: 2,
    approvers: { users: ['U0BOB00001', 'U0CAROL001'], group: undefined },
    status: 'pending',
    statusReason: null,
    prUrl: null,
    prNumber: null,
    deployRunUrl: null,
    impact: undefined,
    failure: undefined,
    exceptionExpiresAt: null,
    expiresAt: new Date(NOW + 86_400_000),
  };
}
