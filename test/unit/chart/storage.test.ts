/**
 * The embedded store is one process's directory: one pod, replaced by stopping the old one first, on a claim that
 * survives `helm uninstall`; the chart refuses to render more replicas. With PostgreSQL from a Secret, replicas
 * may run side by side, kept apart on nodes and by a PodDisruptionBudget.
 */
import { describe, expect, it } from '@jest/globals';
import { renderChart, renderObjects } from '../../helpers/chart-render.js';
import { deploymentSpec, envOf, kinds, only, podSpec } from './chart-objects.js';

describe('the embedded store', () => {
  const objects = renderObjects({ files: ['embedded-ingress-values.yaml'] });

  it('runs one pod, replaced with Recreate, on a kept claim mounted at FALCO_TRIAGE_DATA_DIR', () => {
    expect(deploymentSpec(objects)).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    const claim = only(objects, 'PersistentVolumeClaim');
    expect(claim.metadata).toMatchObject({
      name: 'falco-triage-data',
      annotations: { 'helm.sh/resource-policy': 'keep' },
    });
    expect(claim['spec']).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    });
    expect(podSpec(objects).volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'falco-triage-data' },
    });
    expect(envOf(objects)['FALCO_TRIAGE_DATA_DIR']).toBe('/var/lib/falco-triage');
    expect(envOf(objects)).not.toHaveProperty('DATABASE_URL_FILE');
  });

  it('uses an existing claim or a storage class when asked', () => {
    const existing = renderObjects({
      files: ['embedded-ingress-values.yaml'],
      values: { persistence: { existingClaim: 'triage-data' } },
    });
    expect(kinds(existing)).not.toContain('PersistentVolumeClaim');
    expect(podSpec(existing).volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'triage-data' },
    });
    const classed = renderObjects({
      files: ['embedded-ingress-values.yaml'],
      values: { persistence: { storageClass: 'fast' } },
    });
    expect(only(classed, 'PersistentVolumeClaim')['spec']).toMatchObject({ storageClassName: 'fast' });
  });

  it.each([2, 3])('refuses replicaCount %i, saying why and what to do', (replicaCount) => {
    const refused = renderChart({ files: ['embedded-ingress-values.yaml'], values: { replicaCount } });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error).toContain(
      `replicaCount is ${replicaCount}, but the embedded store (no externalDatabase.existingSecret) belongs to one process`,
    );
  });

  it('may be scaled to zero (to back it up)', () => {
    const objects = renderObjects({ files: ['embedded-ingress-values.yaml'], values: { replicaCount: 0 } });
    expect(deploymentSpec(objects)['replicas']).toBe(0);
  });

  it('without persistence is an emptyDir (a trial only)', () => {
    const objects = renderObjects({ files: ['existing-secret-values.yaml'] });
    expect(podSpec(objects).volumes).toContainEqual({ name: 'data', emptyDir: {} });
  });
});

describe('PostgreSQL from a Secret', () => {
  const objects = renderObjects({ files: ['postgres-ha-values.yaml'] });

  it('reads the URL from the Secret key as DATABASE_URL_FILE, and has no data volume or claim', () => {
    const env = envOf(objects);
    expect(env['DATABASE_URL_FILE']).toBe('/var/run/secrets/falco-triage-database/DATABASE_URL');
    expect(env).not.toHaveProperty('FALCO_TRIAGE_DATA_DIR');
    expect(podSpec(objects).volumes).toContainEqual({
      name: 'database',
      secret: {
        secretName: 'falco-triage-database',
        defaultMode: 0o440,
        items: [{ key: 'url', path: 'DATABASE_URL' }],
      },
    });
    expect(kinds(objects)).not.toContain('PersistentVolumeClaim');
  });

  it('stops waiting for PostgreSQL before the startup probe would kill the pod, unless config says otherwise', () => {
    const probe = podSpec(objects).containers[0]?.startupProbe as {
      periodSeconds: number;
      failureThreshold: number;
    };
    const wait = Number(envOf(objects)['DATABASE_CONNECT_TIMEOUT_SECONDS']);
    expect(wait).toBeGreaterThan(60);
    expect(wait).toBeLessThan(probe.periodSeconds * probe.failureThreshold);
    const configured = renderObjects({
      files: ['postgres-ha-values.yaml'],
      values: { config: { DATABASE_CONNECT_TIMEOUT_SECONDS: 30 } },
    });
    expect(envOf(configured)['DATABASE_CONNECT_TIMEOUT_SECONDS']).toBe('30');
    expect(envOf(renderObjects({ files: ['embedded-ingress-values.yaml'] }))).not.toHaveProperty(
      'DATABASE_CONNECT_TIMEOUT_SECONDS',
    );
  });

  it('runs 3 replicas with a rolling update, a PodDisruptionBudget and preferred anti-affinity', () => {
    expect(deploymentSpec(objects)).toMatchObject({
      replicas: 3,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
    });
    expect(only(objects, 'PodDisruptionBudget')['spec']).toEqual({
      minAvailable: 1,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'falco-triage',
          'app.kubernetes.io/instance': 'falco-triage',
        },
      },
    });
    expect(podSpec(objects)['affinity']).toMatchObject({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    });
  });

  it('has no PodDisruptionBudget or anti-affinity for a single replica (it would block node drains)', () => {
    const single = renderObjects({ files: ['postgres-ha-values.yaml'], values: { replicaCount: 1 } });
    expect(kinds(single)).not.toContain('PodDisruptionBudget');
    expect(podSpec(single)).not.toHaveProperty('affinity');
  });

  it('passes the URL as an environment variable when secrets are not mounted as files', () => {
    const env = envOf(
      renderObjects({ files: ['postgres-ha-values.yaml'], values: { secrets: { mountAsFiles: false } } }),
    );
    expect(env['DATABASE_URL']).toBe('secretKeyRef:falco-triage-database/url');
  });
});
