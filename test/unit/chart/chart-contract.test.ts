/**
 * The chart stays in step with the code: it deploys the package's version, ships the repository's dashboard
 * unchanged, lets `config` set every non-secret variable src/config.ts reads (and only those), and NOTES.txt tells
 * an operator the next steps for the set-up they chose.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { DEFAULTS } from '../../../src/rules-repo-generator/index.js';
import { CHART_DIR, renderNotes, renderObjects } from '../../helpers/chart-render.js';
import { only } from './chart-objects.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const read = (relative: string) => readFileSync(path.join(ROOT, relative), 'utf8');

/** Secret variables: given through `secrets` (or externalDatabase), never in `config`. */
const SECRETS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'INGEST_TOKEN',
  'GITHUB_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'GITHUB_WEBHOOK_SECRET',
  'DATABASE_URL',
];
/**
 * Set by the chart itself from its other values (ports, volumes, mounted files), or left at their defaults on
 * purpose: INTERNAL_HOST stays HOST (all interfaces), since the kubelet's probes and Falco reach the pod's IP.
 */
const CHART_MANAGED = [
  'PORT',
  'HOST',
  'INTERNAL_PORT',
  'INTERNAL_HOST',
  'FALCO_TRIAGE_DATA_DIR',
  'ROUTES_FILE',
  'FALCO_RULES',
];

/** The variables of the zod object in src/config.ts, one `NAME:` key per line (a secret's <NAME>_FILE aside). */
function configVariables(): string[] {
  const source = read('src/config.ts');
  const start = source.indexOf('const environment = z.object({');
  const body = source.slice(start, source.indexOf('\n});', start));
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)]
    .map((match) => match[1] ?? '')
    .filter((name) => !SECRETS.some((secret) => name === `${secret}_FILE`));
}

describe('the chart and the code', () => {
  it("deploys the package's version by default", () => {
    const chart = parse(readFileSync(path.join(CHART_DIR, 'Chart.yaml'), 'utf8')) as {
      appVersion: string;
      apiVersion: string;
    };
    const { version } = JSON.parse(read('package.json')) as { version: string };
    expect(chart).toMatchObject({ apiVersion: 'v2', appVersion: version });
  });

  it('lets config set exactly the non-secret variables the bot reads that the chart does not set itself', () => {
    const schema = JSON.parse(readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8')) as {
      properties: { config: { properties: Record<string, unknown> } };
    };
    const configurable = Object.keys(schema.properties.config.properties).sort();
    const variables = configVariables();
    expect(variables.length).toBeGreaterThan(30);
    expect(configurable).toEqual(
      variables.filter((name) => !SECRETS.includes(name) && !CHART_MANAGED.includes(name)).sort(),
    );
  });

  // The canonical dashboard lives at the repository root (issue 17); Helm reads only files inside the chart, so
  // the chart carries a copy: `cp dashboards/falco-triage.json charts/falco-triage/dashboards/`.
  it('ships dashboards/falco-triage.json unchanged (until it exists, a placeholder that says so)', () => {
    const copy = readFileSync(path.join(CHART_DIR, 'dashboards/falco-triage.json'), 'utf8');
    if (existsSync(path.join(ROOT, 'dashboards/falco-triage.json')))
      expect(copy).toBe(read('dashboards/falco-triage.json'));
    else expect((JSON.parse(copy) as { tags: string[] }).tags).toContain('placeholder');
  });
});

describe('NOTES.txt', () => {
  it('says how to check readiness and where Falco and Falcosidekick send alerts: the internal Service', () => {
    const notes = renderNotes({ files: ['embedded-ingress-values.yaml'] });
    expect(notes).toContain('kubectl -n falco-triage rollout status deployment/falco-triage');
    expect(notes).toContain('localhost:3001/readyz');
    expect(notes).toContain('address: http://falco-triage.falco-triage.svc.cluster.local:3001/falco/alerts');
    expect(notes).toContain('value: Authorization:Bearer $(FALCO_TRIAGE_INGEST_TOKEN)');
    expect(notes).toContain(
      'url: "http://falco-triage.falco-triage.svc.cluster.local:3001/falco/alerts?token=${FALCO_TRIAGE_INGEST_TOKEN}"',
    );
    expect(notes).toContain('https://falco-triage.example.com/slack/events');
    expect(notes).not.toContain('WARNING');
  });

  it('gives the GitHub webhook URL, warns about a store without persistence, and needs no URL for Socket Mode', () => {
    expect(renderNotes({ files: ['postgres-ha-values.yaml'] })).toContain(
      'https://falco-triage.example.com/github/webhook',
    );
    expect(renderNotes({ files: ['existing-secret-values.yaml'] })).toContain(
      'WARNING: persistence.enabled is false',
    );
    const socket = renderNotes({ files: ['socket-mode-values.yaml'] });
    expect(socket).toContain('Slack: Socket Mode, no public address needed');
    expect(socket).not.toContain('/slack/events');
  });
});

describe('docs/kubernetes.md', () => {
  const page = read('docs/kubernetes.md');
  const yamlBlocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
    (match) => parse(match[1] ?? '') as Record<string, unknown>,
  );
  const chartValues = yamlBlocks.filter((block) => 'secrets' in block || 'externalDatabase' in block);

  it('shows values the chart renders: the install example, then with PostgreSQL and replicas', () => {
    expect(chartValues).toHaveLength(2);
    const [install, postgres] = chartValues;
    expect(only(renderObjects({ values: install }), 'Deployment')['spec']).toMatchObject({ replicas: 1 });
    const merged = { ...install, ...postgres };
    expect(only(renderObjects({ values: merged }), 'PodDisruptionBudget')).toBeDefined();
  });

  it("sends Falco and Falcosidekick to the chart's internal Service, the address init-rules-repo writes", () => {
    const service = only(renderObjects({ files: ['embedded-ingress-values.yaml'] }), 'Service');
    const internal = (service['spec'] as { ports: { name: string; port: number }[] }).ports.find(
      (port) => port.name === 'internal',
    );
    const address = `http://${service.metadata.name}.${service.metadata.namespace ?? ''}.svc.cluster.local:${internal?.port ?? 0}`;
    expect(DEFAULTS.botUrl).toBe(address);
    const falcoBlocks = yamlBlocks.filter((block) => 'falco' in block || 'falcosidekick' in block);
    expect(JSON.stringify(falcoBlocks)).toContain(`${address}/falco/alerts?token=`);
    expect(JSON.stringify(falcoBlocks)).toContain(`"address":"${address}/falco/alerts"`);
  });
});
