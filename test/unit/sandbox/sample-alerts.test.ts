import { describe, expect, it } from '@jest/globals';
import { parseAlert } from '../../../src/falco/alert/schema.js';
import { SAMPLE_NAMES, sampleAlerts } from '../../../src/sandbox/sample-alerts.js';

const NOW = new Date('2026-12-07T10:00:00.123Z');

describe('the sandbox sample alerts', () => {
  it.each(SAMPLE_NAMES)('%s: every alert is one Falco would send (it parses as a JSON alert)', (name) => {
    for (const alert of sampleAlerts(name, NOW)) {
      const parsed = parseAlert(alert);
      expect(parsed.ok).toBe(true);
    }
  });

  it('makes the storm over a few workloads (a few groups), not one', () => {
    const storm = sampleAlerts('storm', NOW);
    expect(storm).toHaveLength(60);
    const images = new Set(
      storm.map((alert) => (alert.output_fields as Record<string, unknown>)['container.image.repository']),
    );
    expect(images.size).toBe(3);
  });

  it("keeps the how-to's titanagent false positive as the how-to has it", () => {
    const [titanagent] = sampleAlerts('titanagent', NOW);
    expect(titanagent).toMatchObject({
      rule: 'Read sensitive file untrusted',
      output_fields: {
        'proc.name': 'titanagent',
        'fd.name': '/etc/shadow',
        'container.image.repository': null,
      },
    });
  });
});
