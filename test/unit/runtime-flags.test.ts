/**
 * `--no-liftoff` is applied by the process itself (src/runtime-flags.ts), so it must run before any module that
 * could compile WebAssembly: src/main.ts imports it first. The memory it saves is measured by
 * bench/production-start.bench.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runtimeFlags } from '../../src/runtime-flags.js';

describe('runtime flags', () => {
  it('turn Liftoff off unless the command line asks for it', () => {
    expect(runtimeFlags([])).toEqual(['--no-liftoff']);
    expect(runtimeFlags(['--max-old-space-size=384'])).toEqual(['--no-liftoff']);
    expect(runtimeFlags(['--max-old-space-size=384', '--liftoff'])).toEqual([]);
  });

  it('are the first import of src/main.ts', () => {
    const main = readFileSync(path.resolve(import.meta.dirname, '../../src/main.ts'), 'utf8');

    const imports = [...main.matchAll(/^import\b[^;]*?'([^']+)';/gms)].map((match) => match[1]);

    expect(imports[0]).toBe('./runtime-flags.js');
  });
});
