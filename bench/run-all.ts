/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after the other, so figures are not
 * disturbed by each other. Each script prints its figure and the baseline it measured in the same run.
 * Pass names to run a subset: `npm run bench -- intake storm`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.includes(name)))
  .sort();

let failed = 0;
for (const script of scripts) {
  process.stdout.write(`\n=== ${script} ===\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, script)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    process.stdout.write(`!!! ${script} exited with ${run.status ?? run.signal}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
