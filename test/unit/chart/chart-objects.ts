/**
 * What the chart tests know about the bot and the rendered objects: which routes the app serves on which port
 * (issue 17's ports split: PORT is public, INTERNAL_PORT is for Falco, the kubelet and Prometheus), the values
 * sets of charts/falco-triage/ci, and small accessors into a rendered Deployment.
 */
import type { KubeObject } from '../../helpers/chart-render.js';

/** Served on PORT, reachable from outside through the Ingress or HTTPRoute. */
export const PUBLIC_ROUTES = ['/slack/events', '/github/webhook'] as const;
/** Served on INTERNAL_PORT only: intake (and Falcosidekick's paths), health, metrics. */
export const INTERNAL_ROUTES = ['/falco/alerts', '/', '/test', '/healthz', '/readyz', '/metrics'] as const;

/** The values sets of charts/falco-triage/ci: the matrix every structural test runs over. */
export const CI_VALUES = [
  'embedded-ingress-values.yaml',
  'postgres-ha-values.yaml',
  'socket-mode-values.yaml',
  'existing-secret-values.yaml',
  'httproute-values.yaml',
] as const;

export interface Container {
  readonly name: string;
  readonly ports: readonly { name: string; containerPort: number }[];
  readonly env: readonly { name: string; value?: string; valueFrom?: Record<string, unknown> }[];
  readonly volumeMounts: readonly { name: string; mountPath: string; readOnly?: boolean }[];
  readonly [key: string]: unknown;
}

export interface PodSpec {
  readonly containers: readonly Container[];
  readonly volumes: readonly ({ name: string } & Record<string, unknown>)[];
  readonly [key: string]: unknown;
}

export function only(objects: readonly KubeObject[], kind: string): KubeObject {
  const found = objects.filter((object) => object.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, rendered ${found.length}`);
  return found[0] as KubeObject;
}

export function kinds(objects: readonly KubeObject[]): string[] {
  return objects.map((object) => object.kind).sort();
}

export function deploymentSpec(objects: readonly KubeObject[]): Record<string, unknown> {
  return only(objects, 'Deployment')['spec'] as Record<string, unknown>;
}

export function podSpec(objects: readonly KubeObject[]): PodSpec {
  return (deploymentSpec(objects)['template'] as { spec: PodSpec }).spec;
}

export function botContainer(objects: readonly KubeObject[]): Container {
  const container = podSpec(objects).containers.find((candidate) => candidate.name === 'falco-triage');
  if (container === undefined) throw new Error('no falco-triage container');
  return container;
}

/** The container's environment as name → value (or `secretKeyRef:<secret>/<key>` for references). */
export function envOf(objects: readonly KubeObject[]): Record<string, string> {
  return Object.fromEntries(
    botContainer(objects).env.map((entry) => {
      const ref = entry.valueFrom?.['secretKeyRef'] as { name: string; key: string } | undefined;
      return [entry.name, ref !== undefined ? `secretKeyRef:${ref.name}/${ref.key}` : (entry.value ?? '')];
    }),
  );
}

/** The container port number a probe's or policy's named port stands for. */
export function portNumber(objects: readonly KubeObject[], port: string | number): number {
  if (typeof port === 'number') return port;
  const found = botContainer(objects).ports.find((candidate) => candidate.name === port);
  if (found === undefined) throw new Error(`no container port named ${port}`);
  return found.containerPort;
}
