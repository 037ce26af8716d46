/**
 * package.json's `dependencies` are exactly what src/ imports: a production install (`npm ci --omit=dev`) must run
 * the compiled bot, and nothing it never loads should be shipped with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

const ROOT = path.resolve(import.meta.dirname, '../../..');
/** Static imports and re-exports (at the start of a line, as Prettier writes them) and dynamic imports. */
const BARE =
  /^(?:import|export)\b[^;]*?\bfrom\s+'([^'.][^']*)'|^import\s+'([^'.][^']*)'|\bimport\(\s*'([^'.][^']*)'\s*\)/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function importedPackages(): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(BARE)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? '';
      if (!specifier.startsWith('node:')) found.add(packageOf(specifier));
    }
  }
  return found;
}

describe('runtime dependencies', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const declared = Object.keys(manifest.dependencies).sort();
  const imported = [...importedPackages()].sort();

  it('declare every package src/ imports', () => {
    expect(imported.filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('declare nothing src/ does not import', () => {
    expect(declared.filter((name) => !imported.includes(name))).toEqual([]);
  });

  it('pin exact versions', () => {
    expect(
      Object.values(manifest.dependencies).filter((version) => !/^\d+\.\d+\.\d+$/.test(version)),
    ).toEqual([]);
  });
});
