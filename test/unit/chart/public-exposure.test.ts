/**
 * From outside the cluster only Slack's and GitHub's endpoints are reachable: the Ingress and the HTTPRoute route
 * exactly POST /slack/events and /github/webhook to the public port, and never intake (/falco/…, /, /test),
 * health or metrics; the NetworkPolicy lets only Falco, Falcosidekick and Prometheus reach the internal port and
 * only the ingress controller reach the public one.
 */
import { describe, expect, it } from '@jest/globals';
import { renderChart, renderObjects, type KubeObject } from '../../helpers/chart-render.js';
import { CI_VALUES, INTERNAL_ROUTES, PUBLIC_ROUTES, only, portNumber } from './chart-objects.js';

interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { name?: string; number?: number } } };
}

function servicePort(objects: KubeObject[], port: { name?: string; number?: number }): number {
  const ports = (
    only(objects, 'Service')['spec'] as { ports: { name: string; port: number; targetPort: string }[] }
  ).ports;
  const found = ports.find((candidate) => candidate.name === port.name || candidate.port === port.number);
  if (found === undefined) throw new Error(`the Service has no port ${JSON.stringify(port)}`);
  return portNumber(objects, found.targetPort);
}

/** Every (path, container port) an Ingress or HTTPRoute sends outside traffic to. */
function exposed(objects: KubeObject[]): { path: string; type: string; method?: string; port: number }[] {
  return objects.flatMap((object) => {
    if (object.kind === 'Ingress') {
      const rules = (object['spec'] as { rules: { http: { paths: IngressPath[] } }[] }).rules;
      return rules.flatMap((rule) =>
        rule.http.paths.map((entry) => ({
          path: entry.path,
          type: entry.pathType,
          port: servicePort(objects, entry.backend.service.port),
        })),
      );
    }
    if (object.kind === 'HTTPRoute') {
      const rules = (
        object['spec'] as {
          rules: {
            matches: { path: { type: string; value: string }; method?: string }[];
            backendRefs: { port: number }[];
          }[];
        }
      ).rules;
      return rules.flatMap((rule) =>
        rule.matches.flatMap((match) =>
          rule.backendRefs.map((backend) => ({
            path: match.path.value,
            type: match.path.type,
            method: match.method,
            port: servicePort(objects, { number: backend.port }),
          })),
        ),
      );
    }
    return [];
  });
}

describe.each(CI_VALUES)('outside access with ci/%s', (file) => {
  const objects = renderObjects({ files: [file] });

  it('routes only exact public paths, to the public port', () => {
    const routed = {
      'socket-mode-values.yaml': 0,
      'existing-secret-values.yaml': 0,
      'embedded-ingress-values.yaml': 1,
    };
    expect(exposed(objects)).toHaveLength(file in routed ? routed[file as keyof typeof routed] : 2);
    for (const route of exposed(objects)) {
      expect(route.type).toBe('Exact');
      expect(PUBLIC_ROUTES).toContain(route.path);
      expect(route.port).toBe(3000);
      expect(route.method ?? 'POST').toBe('POST');
      expect(INTERNAL_ROUTES).not.toContain(route.path);
      expect(route.path).not.toMatch(/^\/(falco|metrics|test|healthz|readyz)/);
    }
  });

  it('lets only Falco, Falcosidekick and Prometheus reach the internal port, only the ingress controller the public one', () => {
    const spec = only(objects, 'NetworkPolicy')['spec'] as {
      podSelector: unknown;
      ingress: { from: Record<string, unknown>[]; ports: { port: string | number }[] }[];
    };
    const byPort = new Map<number, Record<string, unknown>[]>();
    for (const rule of spec.ingress) {
      expect(rule.from.length).toBeGreaterThan(0);
      for (const port of rule.ports)
        byPort.set(portNumber(objects, port.port), [
          ...(byPort.get(portNumber(objects, port.port)) ?? []),
          ...rule.from,
        ]);
    }
    expect(byPort.get(3001)).toEqual([
      {
        podSelector: {
          matchExpressions: [
            { key: 'app.kubernetes.io/name', operator: 'In', values: ['falco', 'falcosidekick'] },
          ],
        },
        namespaceSelector: {},
      },
      {
        podSelector: {},
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      },
    ]);
    const publicFrom = byPort.get(3000);
    // In Socket Mode without GitHub nothing is public, and the public port admits no one.
    if (file === 'socket-mode-values.yaml') expect(publicFrom).toBeUndefined();
    else for (const peer of publicFrom ?? []) expect(Object.keys(peer)).toEqual(['namespaceSelector']);
    expect([...byPort.keys()].sort()).toEqual(publicFrom === undefined ? [3001] : [3000, 3001]);
  });

  it('lets the bot out to DNS, https and its database only', () => {
    const egress = (
      only(objects, 'NetworkPolicy')['spec'] as { egress: { ports: { port: number; protocol: string }[] }[] }
    ).egress;
    const ports = egress.flatMap((rule) => rule.ports.map((port) => `${port.port}/${port.protocol}`)).sort();
    const database = file === 'postgres-ha-values.yaml' ? ['5432/TCP'] : [];
    expect(ports).toEqual(['443/TCP', ...database, '53/TCP', '53/UDP'].sort());
  });
});

describe('public paths follow the configuration', () => {
  const paths = (values: Record<string, unknown>, files = ['embedded-ingress-values.yaml']) =>
    exposed(renderObjects({ files, values })).map((route) => route.path);

  it('serves Slack over HTTP, and GitHub webhooks once a rules repository is configured', () => {
    expect(paths({})).toEqual(['/slack/events']);
    expect(paths({}, ['postgres-ha-values.yaml'])).toEqual(['/slack/events', '/github/webhook']);
    expect(
      paths({ ingress: { enabled: true } }, ['postgres-ha-values.yaml', 'socket-mode-values.yaml']),
    ).toEqual(['/github/webhook']);
    expect(paths({ github: { webhook: false } }, ['postgres-ha-values.yaml'])).toEqual(['/slack/events']);
  });

  it('needs no Ingress in Socket Mode, and refuses one with nothing to route', () => {
    expect(exposed(renderObjects({ files: ['socket-mode-values.yaml'] }))).toEqual([]);
    const refused = renderChart({
      files: ['socket-mode-values.yaml'],
      values: { ingress: { enabled: true } },
    });
    expect(refused.ok ? '' : refused.error).toContain('nothing is public: Slack uses Socket Mode');
  });

  it('refuses an HTTPRoute without a Gateway to attach to', () => {
    const refused = renderChart({
      files: ['httproute-values.yaml'],
      values: { httpRoute: { parentRefs: [] } },
    });
    expect(refused.ok ? '' : refused.error).toContain('httpRoute.enabled needs httpRoute.parentRefs');
  });
});
