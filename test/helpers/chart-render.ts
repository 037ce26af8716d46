/**
 * Renders charts/falco-triage with `helm template` (as release falco-triage in namespace falco-triage, the names
 * the generated Falco values point at) and parses the objects, or returns helm's error. Values come from the
 * chart's ci/ files plus overrides given as an object. NOTES.txt, which `helm template` skips, is rendered from
 * a copy of the chart where it is wrapped in a ConfigMap.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helm } from './helm.js';

export const CHART_DIR = path.resolve(import.meta.dirname, '../../charts/falco-triage');
export const RELEASE = 'falco-triage';
export const NAMESPACE = 'falco-triage';

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export type Rendered =
  { readonly ok: true; readonly objects: KubeObject[] } | { readonly ok: false; readonly error: string };

export interface RenderInput {
  /** Files under the chart's ci/ directory, applied in order. */
  readonly files?: readonly string[];
  /** Values applied last (as a values file, so types survive: no --set string coercion). */
  readonly values?: Record<string, unknown>;
}

function valuesArgs(input: RenderInput, scratch: string): string[] {
  const args = (input.files ?? []).flatMap((file) => ['--values', path.join(CHART_DIR, 'ci', file)]);
  if (input.values !== undefined) {
    const file = path.join(scratch, 'overrides.json');
    writeFileSync(file, JSON.stringify(input.values));
    args.push('--values', file);
  }
  return args;
}

function withScratch<T>(work: (scratch: string) => T): T {
  const scratch = mkdtempSync(path.join(tmpdir(), 'falco-triage-chart-'));
  try {
    return work(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function parseObjects(stdout: string): KubeObject[] {
  return parseAllDocuments(stdout)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

export function renderChart(input: RenderInput = {}, chartDir = CHART_DIR): Rendered {
  return withScratch((scratch) => {
    const run = helm([
      'template',
      RELEASE,
      chartDir,
      '--namespace',
      NAMESPACE,
      ...valuesArgs(input, scratch),
    ]);
    return run.status === 0
      ? { ok: true, objects: parseObjects(run.stdout) }
      : { ok: false, error: run.stderr };
  });
}

/** Renders and expects success; the error is the test's failure message otherwise. */
export function renderObjects(input: RenderInput = {}): KubeObject[] {
  const rendered = renderChart(input);
  if (!rendered.ok) throw new Error(`helm template failed:\n${rendered.error}`);
  return rendered.objects;
}

export function lintChart(input: RenderInput = {}): { status: number; output: string } {
  return withScratch((scratch) => {
    const run = helm([
      'lint',
      CHART_DIR,
      '--strict',
      '--namespace',
      NAMESPACE,
      ...valuesArgs(input, scratch),
    ]);
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  });
}

/** The text `helm install` would print after installing with these values. */
export function renderNotes(input: RenderInput = {}): string {
  return withScratch((scratch) => {
    const chart = path.join(scratch, 'chart');
    cpSync(CHART_DIR, chart, { recursive: true });
    const notes = readFileSync(path.join(chart, 'templates', 'NOTES.txt'), 'utf8');
    rmSync(path.join(chart, 'templates', 'NOTES.txt'));
    writeFileSync(
      path.join(chart, 'templates', '_notes-preview.tpl'),
      `{{- define "notes-preview" -}}\n${notes}\n{{- end -}}\n`,
    );
    writeFileSync(
      path.join(chart, 'templates', 'notes-preview.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes-preview\ndata:\n  notes: {{ include "notes-preview" . | quote }}\n',
    );
    const rendered = renderChart(input, chart);
    if (!rendered.ok) throw new Error(`helm template failed:\n${rendered.error}`);
    const preview = rendered.objects.find((object) => object.metadata.name === 'notes-preview');
    return (preview?.['data'] as { notes: string }).notes;
  });
}
