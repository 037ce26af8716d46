/**
 * Every values set of charts/falco-triage/ci passes `helm lint --strict`, renders, and renders only objects that
 * are valid against the Kubernetes schemas (kubernetes-models 5.1.0) or, for custom resources, carry what their
 * controllers require.
 */
import { describe, expect, it } from '@jest/globals';
import { lintChart, renderObjects } from '../../helpers/chart-render.js';
import { schemaProblems } from '../../helpers/kubernetes-schema.js';
import { CI_VALUES, kinds } from './chart-objects.js';

describe.each(CI_VALUES)('charts/falco-triage with ci/%s', (file) => {
  it('passes helm lint --strict', () => {
    const lint = lintChart({ files: [file] });
    expect({ status: lint.status, output: lint.output }).toMatchObject({ status: 0 });
  });

  it('renders only valid objects, each name once per kind', async () => {
    const objects = renderObjects({ files: [file] });
    const problems = await Promise.all(
      objects.map(async (object) =>
        (await schemaProblems(object)).map((problem) => `${object.kind} ${object.metadata.name}: ${problem}`),
      ),
    );
    expect(problems.flat()).toEqual([]);
    const names = objects.map((object) => `${object.kind}/${object.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(objects.every((object) => object.metadata.namespace === 'falco-triage')).toBe(true);
  });
});

describe('the rendered objects per set-up', () => {
  it.each([
    [
      'embedded-ingress-values.yaml',
      [
        'ConfigMap',
        'ConfigMap',
        'Deployment',
        'Ingress',
        'NetworkPolicy',
        'PersistentVolumeClaim',
        'Secret',
        'Service',
        'ServiceAccount',
      ],
    ],
    [
      'postgres-ha-values.yaml',
      [
        'ConfigMap',
        'Deployment',
        'Ingress',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'PrometheusRule',
        'Secret',
        'Service',
        'ServiceAccount',
        'ServiceMonitor',
      ],
    ],
    [
      'socket-mode-values.yaml',
      ['Deployment', 'NetworkPolicy', 'PersistentVolumeClaim', 'Secret', 'Service', 'ServiceAccount'],
    ],
    ['existing-secret-values.yaml', ['Deployment', 'NetworkPolicy', 'Service', 'ServiceAccount']],
    [
      'httproute-values.yaml',
      [
        'Deployment',
        'HTTPRoute',
        'NetworkPolicy',
        'PersistentVolumeClaim',
        'Secret',
        'Service',
        'ServiceAccount',
      ],
    ],
  ])('%s renders %j', (file, expected) => {
    expect(kinds(renderObjects({ files: [file] }))).toEqual(expected);
  });
});

describe('the schema check itself', () => {
  it('catches a wrongly typed field of a built-in kind and a custom resource without its required fields', async () => {
    const [deployment] = renderObjects({ files: ['socket-mode-values.yaml'] }).filter(
      (o) => o.kind === 'Deployment',
    );
    const broken = JSON.parse(
      JSON.stringify(deployment).replace('"containerPort":3000', '"containerPort":"3000"'),
    ) as typeof deployment;
    expect((await schemaProblems(broken!)).join('\n')).toContain('containerPort must be integer');
    expect(
      await schemaProblems({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'x' },
        spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up{job="x"' }] }] },
      }),
    ).toEqual(['spec.groups[0].rules[0].expr must be an expression with balanced brackets']);
  });
});
