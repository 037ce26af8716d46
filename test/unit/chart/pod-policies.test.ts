/**
 * The pod runs as the image's non-root user on a read-only root filesystem, with no capabilities, no privilege
 * escalation and the runtime's seccomp profile; it has resource requests and limits; its probes ask the paths the
 * app serves, on the port that serves them; what it writes goes to volumes. Checked for every values set.
 */
import { describe, expect, it } from '@jest/globals';
import { renderObjects } from '../../helpers/chart-render.js';
import { CI_VALUES, INTERNAL_ROUTES, botContainer, envOf, podSpec, portNumber } from './chart-objects.js';

interface Probe {
  httpGet: { path: string; port: string | number };
  periodSeconds: number;
  failureThreshold: number;
}

describe.each(CI_VALUES)('the pod with ci/%s', (file) => {
  const objects = renderObjects({ files: [file] });
  const pod = podSpec(objects);
  const container = botContainer(objects);
  const env = envOf(objects);

  it('runs as uid/gid 65532, non-root, read-only root, no capabilities, no escalation, RuntimeDefault seccomp', () => {
    expect(pod['securityContext']).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container['securityContext']).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod['automountServiceAccountToken']).toBe(false);
  });

  it('requests and limits memory (the measured 150–240 MB with room) and requests CPU', () => {
    expect(container['resources']).toEqual({
      requests: { cpu: '100m', memory: '200Mi' },
      limits: { memory: '512Mi' },
    });
  });

  it('probes /healthz and /readyz on the internal port, the one INTERNAL_PORT makes the app serve them on', () => {
    const probes = ['startupProbe', 'livenessProbe', 'readinessProbe'].map(
      (name) => container[name] as Probe,
    );
    expect(probes.map((probe) => probe.httpGet.path)).toEqual(['/healthz', '/healthz', '/readyz']);
    for (const probe of probes) {
      expect(INTERNAL_ROUTES).toContain(probe.httpGet.path);
      expect(String(portNumber(objects, probe.httpGet.port))).toBe(env['INTERNAL_PORT']);
    }
    expect(env['PORT']).toBe('3000');
    expect(env['INTERNAL_PORT']).toBe('3001');
  });

  it('gives the first start two minutes before liveness takes over', () => {
    const startup = container['startupProbe'] as Probe;
    expect(startup.periodSeconds * startup.failureThreshold).toBe(120);
  });

  it('writes only to volumes: /tmp (TMPDIR) and, with the embedded store, its data directory', () => {
    const writable = container.volumeMounts
      .filter((mount) => mount.readOnly !== true)
      .map((mount) => mount.mountPath);
    expect(env['TMPDIR']).toBe('/tmp');
    const dataDir = env['FALCO_TRIAGE_DATA_DIR'];
    expect(writable).toEqual(dataDir === undefined ? ['/tmp'] : ['/tmp', '/var/lib/falco-triage']);
    if (dataDir !== undefined) expect(dataDir).toBe('/var/lib/falco-triage');
    const volumes = new Map(pod.volumes.map((volume) => [volume.name, volume]));
    expect(volumes.get('tmp')).toMatchObject({ emptyDir: { sizeLimit: '256Mi' } });
  });
});
