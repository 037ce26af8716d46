/**
 * The bot as production runs it, for benchmarks that measure the process (memory, start-up): `src/main.ts` bundled
 * by esbuild into plain JavaScript (packages stay external and resolve from this checkout through a node_modules
 * link), run by `node` with the flags of `npm start` (package.json's start script) unless BOT_NODE_FLAGS says
 * otherwise, e.g. `BOT_NODE_FLAGS=" "` for Node's defaults.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pgliteSeedPath } from '../../src/store/index.js';

/** The node flags the bot runs with: BOT_NODE_FLAGS, else those of `npm start`. */
export function botNodeFlags(): string[] {
  return (process.env.BOT_NODE_FLAGS ?? startScriptFlags()).split(' ').filter((flag) => flag !== '');
}

/** The node flags `npm start` runs the bot with: `node <flags> dist/main.js` in package.json's start script. */
function startScriptFlags(): string {
  const pkg = JSON.parse(readFileSync(resolve(process.cwd(), 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const flags = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/main\.js/.exec(pkg.scripts['start'] ?? '')?.[1];
  if (flags === undefined)
    throw new Error('package.json: the start script does not run `node … dist/main.js`');
  return flags;
}

/** The cached initdb dump the test helpers made (src/store/pglite-seed.ts), if the tests ran on this machine. */
export function seedFile(): string | undefined {
  const path = pgliteSeedPath();
  return existsSync(path) ? path : undefined;
}

/** Peak and current resident memory of a process, from /proc (Linux). */
export function memoryOf(pid: number): { peakMb: number; nowMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { peakMb: kb('VmHWM') / 1024, nowMb: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/** Bundles src/main.ts into `dir`/bot/main.mjs; returns its path. */
export function bundleBot(dir: string): string {
  const botDir = join(dir, 'bot');
  mkdirSync(botDir, { recursive: true });
  const bundle = join(botDir, 'main.mjs');
  const built = spawnSync(
    resolve('node_modules/.bin/esbuild'),
    [
      resolve('src/main.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      `--outfile=${bundle}`,
    ],
    { encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`esbuild failed: ${built.stderr}`);
  if (!existsSync(join(botDir, 'node_modules')))
    symlinkSync(resolve('node_modules'), join(botDir, 'node_modules'), 'dir');
  return bundle;
}

export interface BotProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the "is up" log line. */
  readonly startMs: number;
}

/** Runs the bundle with `env` (plus PATH, PORT=0, HOST) in `cwd`; resolves once it logs that it is up. */
export async function spawnBot(
  bundle: string,
  cwd: string,
  env: Record<string, string>,
): Promise<BotProcess> {
  return spawnCommand([process.execPath, ...botNodeFlags(), bundle], cwd, env);
}

/**
 * Runs a command that starts the bot (`node … dist/main.js`, `npm start`) with `env` (plus PATH, PORT=0, HOST) in
 * `cwd`; resolves once the bot logs that it is up. `startMs` includes whatever the command does first (a build).
 */
export async function spawnCommand(
  argv: readonly string[],
  cwd: string,
  env: Record<string, string>,
): Promise<BotProcess> {
  const started = performance.now();
  const [command = '', ...args] = argv;
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /"port":(\d+)[^\n]*falco-triage is up/.exec(output);
      if (found?.[1] !== undefined) done(Number(found[1]));
      if (output.length > 100_000) output = output.slice(-10_000);
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => fail(new Error(`the bot exited with ${String(code)}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, startMs: performance.now() - started };
}

/** SIGTERM, then waits for the process to exit. */
export async function stopBot(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  await exited;
}
