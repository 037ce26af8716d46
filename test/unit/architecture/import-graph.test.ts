/**
 * The layer rule of docs/architecture.md, checked over the import graph of src/: no file imports itself back through
 * others, the workflow's rooms keep their direction (ports import no room; rooms do not import adapters), and the
 * Slack and GitHub stand-ins stay beside the bot (only the sandbox uses them; they use nothing of the bot).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

const SRC = path.resolve(import.meta.dirname, '../../../src');
const SPECIFIER = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(SPECIFIER)].map((match) =>
      path.resolve(path.dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')),
    );
    graph.set(file, targets);
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(path.relative(SRC, member));
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const graph = importGraph();
const importsOf = (room: string): string[] =>
  [...graph.entries()]
    .filter(([file]) => path.relative(SRC, file).startsWith(room))
    .flatMap(([file, targets]) =>
      targets.map((target) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`),
    );

describe('the import graph of src/', () => {
  it('has no file-level cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('reads a planted cycle as one (the check can fail)', () => {
    const planted = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/a.ts']],
    ]);
    expect(cycles(planted)).toHaveLength(1);
  });

  it('keeps each room of the workflow to the rooms its header allows', () => {
    const shared = ['falco/', 'result.ts', 'errors.ts', 'logger.ts', 'metrics.ts'];
    const allowed: Record<string, string[]> = {
      ports: [],
      jobs: ['ports'],
      alerts: ['ports', 'jobs'],
      'deployed-rules': ['ports'],
      targets: ['ports', 'alerts', 'deployed-rules'],
      delivery: ['ports', 'jobs', 'alerts'],
      proposals: ['ports', 'jobs', 'alerts', 'deployed-rules', 'targets'],
      rollout: ['ports', 'jobs', 'proposals', 'deployed-rules'],
      commands: ['ports', 'jobs', 'alerts', 'proposals', 'deployed-rules', 'targets'],
      'group-states': ['ports', 'jobs'],
    };
    const outside = Object.entries(allowed).flatMap(([room, may]) =>
      importsOf(`triage/${room}/`).filter((line) => {
        const target = line.split(' → ')[1] ?? '';
        if (target.startsWith(`triage/${room}/`) || shared.some((prefix) => target.startsWith(prefix)))
          return false;
        if (room === 'rollout' && target.startsWith('markdown/')) return false;
        return !may.some((other) => target.startsWith(`triage/${other}/`));
      }),
    );
    expect(outside).toEqual([]);
  });

  it('keeps the workflow and the domain free of adapters and the composition root', () => {
    const outward = [...importsOf('triage/'), ...importsOf('falco/')].filter((line) =>
      /→ (slack|github|store|http|cli|app)\//.test(line),
    );
    expect(outward).toEqual([]);
  });

  it('keeps the stand-ins out of the bot: in src only the sandbox and its command import them', () => {
    const mayImport = (file: string) =>
      file.startsWith('stand-ins/') || file.startsWith('sandbox/') || file === 'cli/commands/sandbox.ts';
    const importers = [...graph.entries()]
      .filter(([file]) => !mayImport(path.relative(SRC, file)))
      .flatMap(([file, targets]) =>
        targets
          .map((target) => path.relative(SRC, target))
          .filter((target) => target.startsWith('stand-ins/'))
          .map((target) => `${path.relative(SRC, file)} → ${target}`),
      );
    expect(importers).toEqual([]);
  });

  it('keeps each stand-in to itself: no adapter, no other stand-in, nothing of src but result.ts', () => {
    const outward = importsOf('stand-ins/').filter((line) => {
      const [file = '', target = ''] = line.split(' → ');
      const own = file.split('/').slice(0, 2).join('/');
      return !target.startsWith(`${own}/`) && target !== 'result.ts';
    });
    expect(outward).toEqual([]);
  });
});
