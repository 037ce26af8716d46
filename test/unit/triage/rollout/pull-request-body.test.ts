import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Alert } from '../../../../src/falco/alert/alert.js';
import { parseAlert } from '../../../../src/falco/alert/schema.js';
import type { ImpactSummary, Synthesis, Verification } from '../../../../src/falco/exceptions/index.js';
import type { Proposal } from '../../../../src/triage/ports/proposal-record.js';
import {
  MAX_BODY,
  pullRequestBody,
  pullRequestTitle,
} from '../../../../src/triage/rollout/pull-request-body.js';
import { parseProposalMarker } from '../../../../src/triage/rollout/pull-request-naming.js';
import { alertFixture } from '../../../helpers/fixtures.js';
import { ALL_HOSTILE, hostileText } from '../../../helpers/hostile-text.js';
import { nodes, parseMarkdown, shape } from '../../../helpers/markdown-tree.js';

const ID = '0190a1b2-0000-7000-8000-000000000001';

function fixtureAlert(): Alert {
  const parsed = parseAlert(alertFixture('029'));
  if (!parsed.ok) throw new Error('fixture 029 does not parse');
  return parsed.value;
}

/** Every text the body shows that came from an alert, a person or the rules, as one record. */
interface Slots {
  readonly rule: string;
  readonly priority: string;
  readonly hostname: string;
  readonly source: string;
  readonly output: string;
  readonly fields: readonly (readonly [string, string])[];
  readonly justification: string;
  readonly proposer: string;
  readonly approvers: readonly string[];
  readonly target: string;
  readonly predicate: string;
  readonly value: string;
  readonly alsoAffects: readonly string[];
  readonly firesMore: readonly string[];
  readonly diff: string;
  readonly impactRule: string;
  readonly impactText: string;
  readonly explanation: string;
  readonly falcoVersion: string;
  readonly rulesFile: string;
}

function body(slots: Slots): string {
  const alert: Alert = {
    ...fixtureAlert(),
    rule: slots.rule,
    priority: slots.priority as Alert['priority'],
    hostname: slots.hostname,
    source: slots.source,
    output: slots.output,
    message: undefined,
    outputFields: Object.fromEntries(slots.fields),
  };
  const synthesis = {
    strategy: 'list',
    target: slots.target,
    rule: slots.rule,
    fields: ['proc.name'],
    values: [{ field: 'proc.name', comp: '=', value: slots.value, token: slots.value }],
    form: 'override',
    predicate: slots.predicate,
    alsoAffects: slots.alsoAffects,
    firesMore: slots.firesMore,
  } as unknown as Synthesis;
  const proposal = {
    id: ID,
    proposer: slots.proposer,
    justification: slots.justification,
    exceptionExpiresAt: new Date('2026-09-01T23:59:59Z'),
  } as unknown as Proposal;
  const verification = {
    newErrors: [],
    newWarnings: [],
    alert: { verdict: 'excepted' },
    specificity: { checked: 12, broader: [] },
  } as unknown as Verification;
  const impact: ImpactSummary = {
    excepted: 3,
    stillFires: 0,
    unknown: 0,
    exceptedHosts: 1,
    byRule: [{ rule: slots.impactRule, excepted: 3, stillFires: 0, unknown: 0, exceptedHosts: 1 }],
  };
  return pullRequestBody({
    proposal,
    approvers: slots.approvers,
    alert,
    synthesis,
    diff: slots.diff,
    verification,
    impact,
    impactText: slots.impactText,
    explanation: slots.explanation,
    slackLink: 'https://acme.slack.com/archives/C0ALERTS01/p1700000000000100',
    falcoVersion: slots.falcoVersion,
    rulesFile: slots.rulesFile,
  });
}

const hostileSlots: fc.Arbitrary<Slots> = fc.record({
  rule: hostileText(),
  priority: hostileText(3),
  hostname: hostileText(),
  source: hostileText(4),
  output: hostileText(),
  fields: fc.array(fc.tuple(hostileText(4), hostileText(8)), { maxLength: 8 }).map((pairs) =>
    // Distinct keys, as in a JSON object.
    pairs.map(([key, value], index) => [`k${index}:${key}`, value] as const),
  ),
  justification: hostileText(16),
  proposer: hostileText(3),
  approvers: fc.array(hostileText(3), { minLength: 1, maxLength: 3 }),
  target: hostileText(4),
  predicate: hostileText(),
  value: hostileText(),
  alsoAffects: fc.array(hostileText(3), { maxLength: 12 }),
  firesMore: fc.array(hostileText(3), { maxLength: 3 }),
  diff: hostileText(),
  impactRule: hostileText(6).map((rule) => `R${rule}`),
  impactText: hostileText(),
  explanation: hostileText(),
  falcoVersion: hostileText(2),
  rulesFile: hostileText(2),
});

const EXAMPLE: Slots = {
  rule: '',
  priority: '',
  hostname: '',
  source: '',
  output: '',
  fields: [],
  justification: '',
  proposer: '',
  approvers: [''],
  target: '',
  predicate: '',
  value: '',
  alsoAffects: [],
  firesMore: [],
  diff: '',
  impactRule: '',
  impactText: '',
  explanation: '',
  falcoVersion: '',
  rulesFile: '',
};

/**
 * The same body from harmless text: what decides the structure is kept (how many items, which texts are empty,
 * the justification's lines), every character that could be Markdown is gone.
 */
function clean(slots: Slots): Slots {
  const word = (value: string) => (value === '' ? '' : 'x');
  const lines = (value: string) =>
    value
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => (line.trim() === '' ? '' : 'word'))
      .join('\n');
  return {
    rule: 'Read sensitive file untrusted',
    priority: 'Warning',
    hostname: 'host',
    source: 'syscall',
    output: 'output',
    fields: slots.fields.map(([, value], index) => [`k${index}`, word(value)] as const),
    justification: lines(slots.justification),
    proposer: 'U0ALICE001',
    approvers: slots.approvers.map(() => 'U0BOB00001'),
    target: 'hids_binaries',
    predicate: 'proc.name = cat',
    value: 'cat',
    alsoAffects: slots.alsoAffects.map(() => 'Other rule'),
    firesMore: slots.firesMore.map(() => 'Another rule'),
    diff: '+x',
    impactRule: 'Rule',
    impactText: 'would have silenced 3 alerts',
    explanation: 'fired',
    falcoVersion: '0.44.1',
    rulesFile: 'values.yaml',
  };
}

describe('the pull request body', () => {
  it('keeps its structure whatever every alert field, name and justification holds', () => {
    fc.assert(
      fc.property(hostileSlots, (slots) => {
        const hostile = body(slots);
        expect(shape(parseMarkdown(hostile))).toEqual(shape(parseMarkdown(body(clean(slots)))));
        expect(parseProposalMarker(hostile)).toEqual({ kind: 'exception', proposalId: ID });
        const links = nodes(parseMarkdown(hostile)).filter((node) => node.type === 'link');
        expect(links.map((link) => ('url' in link ? link.url : ''))).toEqual([
          'https://acme.slack.com/archives/C0ALERTS01/p1700000000000100',
        ]);
      }),
      { numRuns: 60 },
    );
  });

  it('stays under GitHub’s limit when every part is as long and as escaped as it can be', () => {
    const huge = `${ALL_HOSTILE}${'@'.repeat(100_000)}${'`'.repeat(10_000)}`;
    const slots: Slots = {
      rule: huge,
      priority: huge,
      hostname: huge,
      source: huge,
      output: huge,
      fields: Array.from({ length: 200 }, (_, index) => [`${huge}${index}`, huge] as const),
      justification: `${huge}\n`.repeat(20),
      proposer: huge,
      approvers: Array.from({ length: 50 }, () => huge),
      target: huge,
      predicate: huge,
      value: huge,
      alsoAffects: Array.from({ length: 300 }, () => huge),
      firesMore: Array.from({ length: 300 }, () => huge),
      diff: huge,
      impactRule: huge,
      impactText: huge,
      explanation: huge,
      falcoVersion: huge,
      rulesFile: huge,
    };
    const text = body(slots);
    expect(text.length).toBeLessThanOrEqual(MAX_BODY);
    const tree = parseMarkdown(text);
    expect(tree.children.map((node) => node.type)).toEqual([
      'html',
      'paragraph',
      'heading',
      'blockquote',
      'paragraph',
      'heading',
      'paragraph',
      'code',
      'paragraph',
      'heading',
      'paragraph',
      'heading',
      'paragraph',
      'table',
      'heading',
      'paragraph',
      'code',
      'paragraph',
      'table',
      'html',
      'code',
      'paragraph',
      'html',
      'thematicBreak',
      'paragraph',
    ]);
  });

  it('shows a real alert as a reviewer expects it', () => {
    const alert = fixtureAlert();
    const text = body({
      ...clean({ ...EXAMPLE }),
      output: alert.output ?? '',
      fields: Object.entries(alert.outputFields).map(([key, value]) => [key, String(value)] as const),
      justification: 'titanagent is our HIDS:\nit reads /etc/shadow every night.',
    });
    expect(text.split('\n')[0]).toBe(`<!-- falco-triage:exception:${ID} -->`);
    expect(text).toContain('> titanagent is our HIDS:\\\n> it reads /etc/shadow every night.');
    expect(text).toContain(`\`\`\`\n${alert.output ?? ''}\n\`\`\``);
    expect(text).toContain('Rule `Read sensitive file untrusted` (Warning) on `host`');
    expect(text).toContain('| <code>proc.cmdline</code> | <code>cat /etc/shadow</code> |');
    expect(text).toContain('| <code>container.name</code> | <code>reverent\\_mahavira</code> |');
  });
});

describe('the pull request title', () => {
  it('is one line that links no issue and mentions nobody', () => {
    fc.assert(
      fc.property(hostileText(), hostileText(), (rule, value) => {
        const title = pullRequestTitle({
          strategy: 'exception',
          rule,
          target: rule,
          values: [{ field: 'proc.name', comp: '=', value, token: value }],
        } as unknown as Synthesis);
        expect(title.length).toBeLessThanOrEqual(240);
        expect(title).not.toMatch(/[\n\r]|[@#][^\u200b]/);
      }),
    );
  });
});
