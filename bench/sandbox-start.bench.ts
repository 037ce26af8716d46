/**
 * `npm run sandbox` start-up: wall time from spawning it to its "is up" line (the page answers from then on), then
 * Ctrl-C to a clean exit. Goal (issue 20): under 10 seconds on the embedded store. Baseline, same run: the same
 * command that only loads the sandbox's modules and exits (the floor: Node, tsx and the imports).
 *
 * Run: npx tsx bench/sandbox-start.bench.ts [--runs 3]
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const ROOT = resolve(import.meta.dirname, '..');

/** Milliseconds until `ready` matches the output (or the process exits, for the baseline); then SIGINT. */
function timeToReady(
  args: string[],
  ready: RegExp | undefined,
): Promise<{ ms: number; stopMs: number; code: number | null }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, SANDBOX_PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let readyAt: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (readyAt === undefined && ready !== undefined && ready.test(out)) {
        readyAt = performance.now();
        child.kill('SIGINT');
      }
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      const end = performance.now();
      const at = readyAt ?? end;
      done({ ms: at - started, stopMs: end - at, code });
    });
  });
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const floor: number[] = [];
const up: number[] = [];
const stops: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  floor.push(
    (
      await timeToReady(
        [
          '--import',
          'tsx',
          '-e',
          "import('./src/sandbox/sandbox.ts').catch((e) => { console.error(e); process.exit(1); })",
        ],
        undefined,
      )
    ).ms,
  );
  const result = await timeToReady(['--import', 'tsx', 'src/sandbox/main.ts'], /is up/);
  if (result.code !== 0) throw new Error(`the sandbox exited with ${result.code ?? 'a signal'} after Ctrl-C`);
  up.push(result.ms);
  stops.push(result.stopMs);
}
const [load] = loadavg();
console.log(`\nSandbox start-up, median of ${RUNS} (${cpus().length} CPUs, load ${load?.toFixed(1) ?? '?'})`);
console.log(`baseline: load the sandbox's modules and exit   ${(median(floor) / 1000).toFixed(1)} s`);
console.log(`npm run sandbox: spawn to "is up"                ${(median(up) / 1000).toFixed(1)} s`);
console.log(`Ctrl-C to a clean exit (status 0)                ${(median(stops) / 1000).toFixed(1)} s`);
console.log(`goal: under 10 s (${median(up) < 10_000 ? 'met' : 'MISSED'})`);
