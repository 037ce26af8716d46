import { parseAlert } from '../../falco/alert/index.js';
import type { IntakeItem } from './intake.js';

/**
 * The alert `POST /test` injects, shaped like Falcosidekick's test event (rule "Test rule", source internal), so a
 * new installation can check the path from intake to Slack without waiting for Falco.
 */
export function testAlert(hostname: string, now: Date): IntakeItem {
  const payload = {
    output: `${now.toISOString()}: Debug This is a test from falco-triage`,
    priority: 'Debug',
    rule: 'Test rule',
    time: now.toISOString(),
    source: 'internal',
    hostname,
    tags: ['test', 'example'],
    output_fields: { 'proc.name': 'falco-triage', 'user.name': 'falco-triage' },
  };
  const parsed = parseAlert(payload);
  if (!parsed.ok) throw new Error(`the built-in test alert does not parse: ${parsed.error.message}`);
  return { alert: parsed.value, raw: JSON.stringify(payload) };
}
