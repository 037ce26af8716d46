/**
 * The alerts-by-rule counter: bounded cardinality (the 501st rule counts as "other") and label values that cannot
 * break the exposition, read back through a strict parser of the text format.
 */
import { describe, expect, it } from '@jest/globals';
import { createMetrics } from '../../src/metrics.js';
import { MAX_RULES, OTHER_RULE, safeLabelValue } from '../../src/metrics-rule-counter.js';
import fc from 'fast-check';
import { HOSTILE_FRAGMENTS, hostileText } from '../helpers/hostile-text.js';
import { parseExposition, samplesOf } from '../helpers/prometheus-text.js';

const NAME = 'falco_triage_alerts_received_by_rule_total';

async function exposition(metrics: ReturnType<typeof createMetrics>) {
  return parseExposition(await metrics.registry.metrics());
}

describe('alerts received by rule', () => {
  it('counts by rule and priority', async () => {
    const metrics = createMetrics();

    metrics.alertsReceivedByRule.inc('Terminal shell in container', 'Notice');
    metrics.alertsReceivedByRule.inc('Terminal shell in container', 'Notice');
    metrics.alertsReceivedByRule.inc('Terminal shell in container', 'Warning');
    metrics.alertsReceivedByRule.inc('Read sensitive file untrusted', 'Warning');

    const samples = samplesOf(await exposition(metrics), NAME);
    expect(samples).toEqual(
      expect.arrayContaining([
        { name: NAME, labels: { rule: 'Terminal shell in container', priority: 'Notice' }, value: 2 },
        { name: NAME, labels: { rule: 'Terminal shell in container', priority: 'Warning' }, value: 1 },
        { name: NAME, labels: { rule: 'Read sensitive file untrusted', priority: 'Warning' }, value: 1 },
      ]),
    );
    expect(samples).toHaveLength(3);
  });

  it(`gives the first ${MAX_RULES} rules a series each and counts later ones as "${OTHER_RULE}"`, async () => {
    const metrics = createMetrics();

    for (let round = 0; round < 2; round += 1) {
      for (let rule = 0; rule < MAX_RULES + 100; rule += 1) {
        metrics.alertsReceivedByRule.inc(`rule ${rule}`, rule % 2 === 0 ? 'Warning' : 'Error');
      }
    }

    const samples = samplesOf(await exposition(metrics), NAME);
    const rules = new Set(samples.map((sample) => sample.labels.rule));
    expect(rules.size).toBe(MAX_RULES + 1);
    expect(rules.has('rule 0') && rules.has(`rule ${MAX_RULES - 1}`)).toBe(true);
    expect(rules.has(`rule ${MAX_RULES}`)).toBe(false);
    expect(samplesOf(await exposition(metrics), NAME, { rule: OTHER_RULE })).toEqual([
      { name: NAME, labels: { rule: OTHER_RULE, priority: 'Warning' }, value: 100 },
      { name: NAME, labels: { rule: OTHER_RULE, priority: 'Error' }, value: 100 },
    ]);
    // A rule seen before the limit keeps its own series after it.
    expect(samplesOf(await exposition(metrics), NAME, { rule: 'rule 7' })).toEqual([
      { name: NAME, labels: { rule: 'rule 7', priority: 'Error' }, value: 2 },
    ]);
    expect(samples.reduce((sum, sample) => sum + sample.value, 0)).toBe(2 * (MAX_RULES + 100));
  });

  it('keeps the exposition valid whatever the rule name', async () => {
    const metrics = createMetrics();
    const names = [
      ...HOSTILE_FRAGMENTS,
      'quote " backslash \\ newline \n carriage \r tab \t end',
      '\u0000nul and lone surrogates \ud800 \udfff',
      '} 1\nfalco_triage_forged_total 99\n#',
      'x'.repeat(10_000),
      '😀'.repeat(300),
      '',
    ];

    for (const name of names) metrics.alertsReceivedByRule.inc(name, 'Critical');

    const parsed = await exposition(metrics);
    const samples = samplesOf(parsed, NAME);
    expect(samples).toHaveLength(new Set(names.map(safeLabelValue)).size);
    expect(samples.map((sample) => sample.labels.rule)).toEqual(
      expect.arrayContaining(names.map(safeLabelValue)),
    );
    expect(parsed.samples.some((sample) => sample.name === 'falco_triage_forged_total')).toBe(false);
  });

  it('keeps the exposition valid for any text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(hostileText(), fc.string({ unit: 'binary' })), { maxLength: 8 }),
        async (rules) => {
          const metrics = createMetrics();
          for (const rule of rules) metrics.alertsReceivedByRule.inc(rule, 'Notice');

          const samples = samplesOf(await exposition(metrics), NAME);

          expect(new Set(samples.map((sample) => sample.labels.rule))).toEqual(
            new Set(rules.map(safeLabelValue)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('safeLabelValue', () => {
  it.each([
    ['Terminal shell in container', 'Terminal shell in container'],
    ['a\nb\rc\u0000d\u0085e', 'a b c d e'],
    ['lone \ud800 surrogate', 'lone \ufffd surrogate'],
  ])('%j → %j', (text, label) => {
    expect(safeLabelValue(text)).toBe(label);
  });

  it('cuts long names to 200 characters, at a code point', () => {
    const label = safeLabelValue('😀'.repeat(300));

    expect(Array.from(label)).toHaveLength(200);
    expect(label.endsWith('😀…')).toBe(true);
    expect(label.isWellFormed()).toBe(true);
  });
});
