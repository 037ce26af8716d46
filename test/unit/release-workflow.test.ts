/**
 * .github/workflows/release.yml: actionlint-clean, and the rules a release workflow must keep: it runs on version
 * tags only, with no permission at the top and only read-contents/write-packages per job, every action pinned to a
 * commit SHA with its version beside it, a multi-arch image with provenance and an SBOM, and the chart pushed after
 * the image.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { lintWorkflow } from '../helpers/actionlint.js';

const FILE = '.github/workflows/release.yml';
const text = readFileSync(path.resolve(import.meta.dirname, '../..', FILE), 'utf8');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}
const workflow = parse(text) as {
  on: { push: { tags: string[]; branches?: unknown } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

function action(name: string): Step {
  const found = steps.find((step) => step.uses?.startsWith(`${name}@`));
  if (found === undefined) throw new Error(`${FILE} does not use ${name}`);
  return found;
}

describe('the release workflow', () => {
  it('passes actionlint', async () => {
    expect(await lintWorkflow(text, FILE)).toEqual([]);
  });

  it('is linted for real (a broken workflow is reported)', async () => {
    const broken = text
      .replace('needs: image', 'needs: images')
      .replace('steps.meta.outputs.tags', 'steps.meta.output.tags');

    const findings = (await lintWorkflow(broken, FILE)).join('\n');

    expect(findings).toContain('"images"');
    expect(findings).toContain('output');
  });

  it('runs on version tags only', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*'] } });
  });

  it('grants nothing at the top and only what each job needs', () => {
    expect(workflow.permissions).toEqual({});
    for (const job of Object.values(workflow.jobs))
      expect(job.permissions).toEqual({ contents: 'read', packages: 'write' });
  });

  it('pins every action to a full commit SHA with its version in a comment', () => {
    const uses = text.split('\n').filter((line) => /^\s*(?:- )?uses:/.test(line));

    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const line of uses) expect(line).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('builds the image for amd64 and arm64 with QEMU and Buildx, with provenance and an SBOM, to ghcr.io', () => {
    action('docker/setup-qemu-action');
    action('docker/setup-buildx-action');
    expect(action('docker/login-action').with).toMatchObject({ registry: 'ghcr.io' });
    expect(action('docker/metadata-action').with).toMatchObject({
      images: 'ghcr.io/${{ github.repository }}',
    });
    expect(action('docker/build-push-action').with).toMatchObject({
      platforms: 'linux/amd64,linux/arm64',
      push: true,
      provenance: 'mode=max',
      sbom: true,
    });
  });

  it('packages and pushes charts/falco-triage after the image', () => {
    const chart = workflow.jobs['chart'];
    const script = chart?.steps.map((step) => step.run ?? '').join('\n') ?? '';

    expect(chart?.needs).toBe('image');
    expect(script).toContain('helm package charts/falco-triage');
    expect(script).toMatch(/helm push \S+ "oci:\/\/ghcr\.io\/\$\{owner\}\/charts"/);
  });
});
