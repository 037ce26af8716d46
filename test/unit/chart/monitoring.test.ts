/**
 * Prometheus scrapes /metrics on the internal port through the ServiceMonitor, the PrometheusRule's alerts ask for
 * metrics the bot exports (under the job name the ServiceMonitor gives them), and Grafana's sidecar finds the
 * dashboard.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CHART_DIR, renderObjects, type KubeObject } from '../../helpers/chart-render.js';
import { INTERNAL_ROUTES, kinds, only, portNumber } from './chart-objects.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The metrics src/metrics.ts registers: the rules are held to the code. */
function exportedMetrics(): Set<string> {
  const source = readFileSync(path.join(ROOT, 'src/metrics.ts'), 'utf8');
  const names = [
    ...[...source.matchAll(/(?:counter|databaseWide)\(\s*'([a-z_]+)'/g)].map(
      (match) => `falco_triage_${match[1] ?? ''}`,
    ),
    ...[...source.matchAll(/name: '(falco_triage_[a-z_]+)'/g)].map((match) => match[1] ?? ''),
  ];
  return new Set(names);
}

interface Rule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: string };
}

function rules(objects: KubeObject[]): Rule[] {
  return (only(objects, 'PrometheusRule')['spec'] as { groups: { rules: Rule[] }[] }).groups.flatMap(
    (group) => group.rules,
  );
}

const monitored = { files: ['postgres-ha-values.yaml'] };

describe('the ServiceMonitor', () => {
  const objects = renderObjects(monitored);
  const monitor = only(objects, 'ServiceMonitor');

  it('scrapes /metrics on the internal port of this release Service, with the labels Prometheus selects by', () => {
    const spec = monitor['spec'] as {
      endpoints: { port: string; path: string }[];
      selector: { matchLabels: Record<string, string> };
      namespaceSelector: { matchNames: string[] };
    };
    expect(spec.endpoints).toHaveLength(1);
    const [endpoint] = spec.endpoints;
    expect(INTERNAL_ROUTES).toContain(endpoint?.path);
    const servicePorts = (
      only(objects, 'Service')['spec'] as { ports: { name: string; targetPort: string }[] }
    ).ports;
    const target = servicePorts.find((port) => port.name === endpoint?.port);
    expect(portNumber(objects, target?.targetPort ?? '')).toBe(3001);
    expect(only(objects, 'Service').metadata['labels']).toMatchObject(spec.selector.matchLabels);
    expect(spec.namespaceSelector.matchNames).toEqual(['falco-triage']);
    expect(monitor.metadata['labels']).toMatchObject({ release: 'kube-prometheus-stack' });
  });

  it('is off by default, like the rule and the dashboard (they need Prometheus Operator and Grafana)', () => {
    const plain = kinds(renderObjects({ files: ['embedded-ingress-values.yaml'] }));
    expect(plain).not.toContain('ServiceMonitor');
    expect(plain).not.toContain('PrometheusRule');
  });
});

describe('the PrometheusRule', () => {
  const all = rules(renderObjects(monitored));

  it('alerts on a down or not-ready bot, a damaged store, dead or late outbox jobs, refused alerts and Slack errors', () => {
    expect(all.map((rule) => `${rule.alert} ${rule.labels.severity}`)).toEqual([
      'FalcoTriageDown critical',
      'FalcoTriageNotReady critical',
      'FalcoTriageStoreDamaged critical',
      'FalcoTriageOutboxDeadJobs warning',
      'FalcoTriageOutboxBacklog warning',
      'FalcoTriageIntakeRejections warning',
      'FalcoTriageSlackErrors warning',
    ]);
  });

  it('asks only for metrics the bot exports, of the ServiceMonitor job', () => {
    const exported = exportedMetrics();
    for (const rule of all) {
      for (const [metric] of rule.expr.matchAll(/falco_triage_[a-z_]+/g)) expect(exported).toContain(metric);
      if (rule.alert !== 'FalcoTriageNotReady')
        expect(rule.expr).toContain('job="falco-triage", namespace="falco-triage"');
    }
    const notReady = all.find((rule) => rule.alert === 'FalcoTriageNotReady');
    expect(notReady?.expr).toContain(
      'kube_pod_status_ready{namespace="falco-triage", pod=~"falco-triage-[a-z0-9]+-[a-z0-9]+"',
    );
  });

  it('takes thresholds and durations from values, and leaves out disabled alerts', () => {
    const tuned = rules(
      renderObjects({
        files: monitored.files,
        values: {
          prometheusRule: {
            alerts: {
              intakeRejections: { threshold: 0.5, for: '30m' },
              outboxOldestPending: { thresholdSeconds: 3600 },
              notReady: { enabled: false },
            },
          },
        },
      }),
    );
    const byName = new Map(tuned.map((rule) => [rule.alert, rule]));
    expect(byName.get('FalcoTriageIntakeRejections')).toMatchObject({ for: '30m' });
    expect(byName.get('FalcoTriageIntakeRejections')?.expr).toMatch(/\[10m\]\)\) > 0\.5$/);
    expect(byName.get('FalcoTriageOutboxBacklog')?.expr).toMatch(/> 3600$/);
    expect(byName.has('FalcoTriageNotReady')).toBe(false);
  });
});

describe('the Grafana dashboard', () => {
  it("is a ConfigMap the sidecar picks up, holding the chart's copy of the dashboard", () => {
    const objects = renderObjects(monitored);
    const dashboard = objects.find((object) => object.metadata.name === 'falco-triage-dashboard');
    expect(dashboard?.metadata).toMatchObject({
      labels: { grafana_dashboard: '1' },
      annotations: { grafana_folder: 'Falco' },
    });
    const json = (dashboard?.['data'] as Record<string, string>)['falco-triage.json'] ?? '';
    expect(JSON.parse(json)).toEqual(
      JSON.parse(readFileSync(path.join(CHART_DIR, 'dashboards/falco-triage.json'), 'utf8')),
    );
  });
});
