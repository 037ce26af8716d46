import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { homeView } from '../../../src/slack/home-view.js';
import {
  UNTRIAGED,
  type AlertGroup,
  type HomeReport,
  type Proposal,
} from '../../../src/triage/ports/index.js';
import { validateView } from '../../../src/stand-ins/slack/block-kit-validate.js';

const NOW = new Date('2026-08-13T02:00:00Z');

function proposal(id: number, rule: string, justification: string): Proposal {
  return {
    id: `p${id}`,
    alertId: 'a',
    groupId: null,
    rule,
    strategy: 'list',
    exception: {} as Proposal['exception'],
    yaml: '',
    justification,
    exceptionExpiresAt: null,
    proposer: 'U0ALICE001',
    impact: null,
    status: 'pending',
    statusReason: null,
    version: 1,
    equivalenceKey: `k${id}`,
    expiresAt: NOW,
    createdAt: NOW,
    slackChannel: 'C0ALERTS01',
    slackThreadTs: null,
    slackMessageTs: null,
    prNumber: null,
    prUrl: null,
    branch: null,
    mergeCommitSha: null,
    deployRunId: null,
    deployRunUrl: null,
    deployRunNumber: null,
    prFailure: null,
    prBaseSha: null,
    prBotCommits: [],
    prHold: null,
    falcoTarget: 'default',
    updatedAt: NOW,
  };
}

function group(id: number, rule: string): AlertGroup {
  return {
    id: `g${id}`,
    fingerprint: 'f',
    channel: 'C0ALERTS01',
    rule,
    firstAlertId: 'a',
    lastAlertId: 'a',
    count: 3,
    firstSeen: NOW,
    lastSeen: NOW,
    samples: {},
    slackTs: null,
    state: 'open',
    acknowledgedBy: null,
    acknowledgedAt: null,
    mutedUntil: null,
    closedAt: null,
    updatedAt: NOW,
    triage: UNTRIAGED,
    falcoTarget: null,
  };
}

describe('homeView', () => {
  it('escapes what people and alerts wrote, and stays inside Slack limits whatever they wrote', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.string({ maxLength: 3000 }), (rule, words) => {
        const report: HomeReport = {
          userId: 'U0BOB00001',
          waiting: Array.from({ length: 15 }, (_, index) => proposal(index, rule, words)),
          waitingTotal: 50,
          isApprover: true,
          own: Array.from({ length: 10 }, (_, index) => proposal(100 + index, rule, words)),
          unacknowledged: {
            total: 4000,
            groups: Array.from({ length: 10 }, (_, index) => group(index, rule)),
          },
          channelsKnown: true,
          mutes: [],
          noisiest: Array.from({ length: 10 }, (_, index) => ({
            rule,
            last24h: index * 1000,
            previous24h: index,
          })),
          generatedAt: NOW,
        };
        const view = homeView(report);
        expect(validateView(view)).toEqual([]);
        expect(JSON.stringify(view)).not.toContain('<!channel>');
      }),
      { numRuns: 60, examples: [['<!channel> *bold*', '<@U0ALL> & <https://x|y>']] },
    );
  });
});
