/**
 * The Dockerfile, linted offline by dockerfile-utils (the validator of the Docker language server) and checked
 * against the rules the image must keep: pinned bases, production dependencies only, a non-root numeric user, no
 * shell at run time, the ports and environment of docs/operations.md#production-start. The runtime stage itself is
 * run in test/e2e/runtime-image.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { validate } from 'dockerfile-utils';
import {
  parseDockerfile,
  readDockerfile,
  ROOT,
  runtimeStage,
  type DockerStage,
} from '../helpers/dockerfile.js';

const dockerfile = readDockerfile();
const runtime = runtimeStage(dockerfile);
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  description: string;
  license: string;
  scripts: Record<string, string>;
};

function lint(text: string): string[] {
  return validate(text).map((problem) => {
    const message = typeof problem.message === 'string' ? problem.message : problem.message.value;
    return `${problem.range.start.line + 1}: ${message}`;
  });
}

function stage(name: string): DockerStage {
  const found = dockerfile.stages.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`the Dockerfile has no stage "${name}"`);
  return found;
}

/** The shell words of a stage's RUN instructions, one string each. */
function runs(of: DockerStage): string[] {
  return of.instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .map((instruction) => (instruction.json ?? instruction.args).join(' '));
}

describe('the Dockerfile', () => {
  it('passes the Dockerfile linter', () => {
    expect(lint(dockerfile.text)).toEqual([]);
  });

  it('is linted for real (a broken Dockerfile is reported)', () => {
    const broken = dockerfile.text
      .replace('EXPOSE 3000 3001', 'EXPOSE 3000 internal')
      .replace('WORKDIR /app\n', 'WORKDIR /app\nMAINTAINER someone\n');

    const problems = lint(broken).join('\n');

    expect(problems).toContain('internal');
    expect(problems).toContain('MAINTAINER');
  });

  it('pins every base image by tag (never latest) and digest', () => {
    for (const { name, image } of dockerfile.stages) {
      expect({ stage: name, tag: image.tag }).not.toEqual({ stage: name, tag: null });
      expect({ stage: name, tag: image.tag }).not.toEqual({ stage: name, tag: 'latest' });
      expect({ stage: name, digest: image.digest }).toEqual({
        stage: name,
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as unknown,
      });
    }
  });

  it('builds with the development dependencies and ships only the production ones', () => {
    expect(runs(stage('build'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^npm ci(?!.*--omit)/), 'npm run build']),
    );
    expect(runs(stage('deps'))).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
    expect(runtime.copies.filter((copy) => copy.destination.endsWith('/node_modules'))).toEqual([
      { from: 'deps', sources: ['/app/node_modules'], destination: '/app/node_modules', chown: undefined },
    ]);
  });

  it('ships the compiled code, never the sources, and compiles nothing at start', () => {
    const fromContext = runtime.copies
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources);

    expect(fromContext.sort()).toEqual(['package-lock.json', 'package.json']);
    expect(runtime.copies).toContainEqual({
      from: 'build',
      sources: ['/app/dist'],
      destination: '/app/dist',
      chown: undefined,
    });
    expect(runtime.entrypoint).toEqual(['/nodejs/bin/node']);
    expect(runtime.cmd).toEqual(['dist/main.js']);
  });

  it('runs as the numeric non-root user 65532 with no shell (no RUN, exec-form ENTRYPOINT and CMD)', () => {
    expect(runtime.user).toBe('65532:65532');
    expect(runtime.stage.instructions.filter((instruction) => instruction.keyword === 'RUN')).toEqual([]);
    expect(runtime.stage.image).toMatchObject({ registry: 'gcr.io', name: 'distroless/nodejs22-debian12' });
    const shellForm = parseDockerfile(dockerfile.text.replace('CMD ["dist/main.js"]', 'CMD dist/main.js'));
    expect(() => runtimeStage(shellForm)).toThrow('shell form');
  });

  it('sets the production environment, with the heap flags of npm run start:prod', () => {
    const startProd = /^node((?: --[\w-]+=\S+)*) dist\/main\.js$/.exec(manifest.scripts['start:prod'] ?? '');

    expect(runtime.env).toMatchObject({
      NODE_ENV: 'production',
      PORT: '3000',
      INTERNAL_PORT: '3001',
      FALCO_TRIAGE_DATA_DIR: '/var/lib/falco-triage',
      TMPDIR: '/tmp',
    });
    expect(startProd?.[1]?.trim()).toBe(runtime.env['NODE_OPTIONS']);
  });

  it('exposes the public and the internal port', () => {
    expect(runtime.expose).toEqual([runtime.env['PORT'], runtime.env['INTERNAL_PORT']]);
  });

  it('keeps the data directory and TMPDIR on volumes, the data directory owned by the runtime user', () => {
    expect(runtime.workdir).toBe('/app');
    expect([...runtime.volumes].sort()).toEqual(
      [runtime.env['FALCO_TRIAGE_DATA_DIR'], runtime.env['TMPDIR']].sort(),
    );
    expect(runtime.copies).toContainEqual(
      expect.objectContaining({ destination: runtime.env['FALCO_TRIAGE_DATA_DIR'], chown: runtime.user }),
    );
  });

  it('carries the OCI labels, from package.json', () => {
    expect(runtime.labels).toMatchObject({
      'org.opencontainers.image.title': 'falco-triage',
      'org.opencontainers.image.description': manifest.description,
      'org.opencontainers.image.licenses': manifest.license,
      'org.opencontainers.image.version': '${VERSION}',
      'org.opencontainers.image.revision': '${REVISION}',
    });
  });

  it('.dockerignore admits exactly what the Dockerfile copies from the build context', () => {
    const ignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const copied = dockerfile.stages
      .flatMap((each) => each.instructions)
      .filter((instruction) => instruction.keyword === 'COPY' && instruction.flags['from'] === undefined)
      .flatMap((instruction) => instruction.args.slice(0, -1));

    expect(ignore[0]).toBe('*');
    expect(
      ignore
        .slice(1)
        .map((line) => line.replace(/^!/, '').replace(/\/$/, ''))
        .sort(),
    ).toEqual([...new Set(copied)].sort());
  });
});
