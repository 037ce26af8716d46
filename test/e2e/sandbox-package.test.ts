/**
 * The sandbox ships with the package: the project built by its own build script (without the type check, which
 * `npm test` runs anyway), packed by `npm pack` into the tarball npm would publish, unpacked where there is no
 * source tree, and started through the package's bin as `falco-triage sandbox`. It serves its page, takes a sample
 * alert through the page's API to the Slack stand-in, runs the compiled sandbox (dist/sandbox/main.js), and stops
 * on Ctrl-C with status 0.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** What the build reads, and what the package's `files` name. */
const STAGED = [
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'src',
  'bin',
  'examples',
  'manifest.yml',
];

let work = '';
let packed: string[] = [];
let packageDir = '';
let cli: ChildProcess;
let exited: Promise<number | null>;
let out = '';
let err = '';

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
    },
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The package's build script, with `--noCheck` after its `tsc -p tsconfig.build.json`. */
function buildScript(): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = manifest.scripts['build'] ?? '';
  const unchecked = script.replace(/^tsc -p tsconfig\.build\.json(?= |$)/, '$& --noCheck');
  if (unchecked === script) throw new Error(`the build script no longer starts with tsc: ${script}`);
  return unchecked;
}

async function untilOut(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pattern.exec(out);
    if (found !== null) return found;
    if (Date.now() > deadline || cli.exitCode !== null)
      throw new Error(`falco-triage sandbox did not come up:\n${out}\n${err}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The command line of the CLI's child process (Linux /proc). */
function childCommand(pid: number): string {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
  return readFileSync(`/proc/${children[0] ?? ''}/cmdline`, 'utf8')
    .split('\0')
    .join(' ');
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'falco-triage-package-'));
  const stage = path.join(work, 'stage');
  for (const entry of STAGED) cpSync(path.join(ROOT, entry), path.join(stage, entry), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'));
  run('sh', ['-c', buildScript()], stage);
  const [pack] = JSON.parse(
    run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage),
  ) as { filename: string; files: { path: string }[] }[];
  packed = pack?.files.map((file) => file.path) ?? [];
  const install = path.join(work, 'install');
  mkdirSync(install);
  run('tar', ['-xzf', path.join(work, pack?.filename ?? ''), '-C', install], work);
  packageDir = path.join(install, 'package');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(packageDir, 'node_modules'));
  rmSync(stage, { recursive: true, force: true });
}, 120_000);

afterAll(() => {
  if (cli !== undefined && cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the compiled sandbox and stand-ins, with the files they read, and no sources', () => {
    expect(packed).toEqual(
      expect.arrayContaining([
        'bin/falco-triage.js',
        'dist/cli/main.js',
        'dist/sandbox/main.js',
        'dist/sandbox/sample/falco_rules.yaml',
        'dist/stand-ins/slack/index.js',
        'dist/stand-ins/github/routes.js',
        'examples/rules-repo/values.yaml',
        'manifest.yml',
      ]),
    );
    expect(packed.filter((file) => /^(src|test|bench)\//.test(file))).toEqual([]);
    expect(existsSync(path.join(packageDir, 'src'))).toBe(false);
  });

  it('runs `falco-triage sandbox` from its bin: page, a sample alert to Slack, Ctrl-C exits 0', async () => {
    cli = spawn(process.execPath, [path.join(packageDir, 'bin', 'falco-triage.js'), 'sandbox'], {
      cwd: work,
      env: { ...process.env, SANDBOX_PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cli.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    cli.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    exited = new Promise((done) => cli.on('exit', (code) => done(code)));
    const [, url = ''] = await untilOut(/open (http:\/\/127\.0\.0\.1:\d+\/)/, 60_000);

    expect(childCommand(cli.pid ?? 0)).toContain(path.join(packageDir, 'dist', 'sandbox', 'main.js'));
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('falco-triage sandbox');

    const sent = await fetch(new URL('api/alerts', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sample: 'titanagent' }),
    });
    expect(await sent.json()).toMatchObject({ result: { status: 202 } });
    const deadline = Date.now() + 15_000;
    let messages: { text?: string }[] = [];
    while (messages.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const state = (await (await fetch(new URL('api/state?user=U0ALICE001', url))).json()) as {
        messages: { text?: string }[];
      };
      messages = state.messages;
    }
    expect(messages).toHaveLength(1);

    cli.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('falco-triage sandbox stopped.');
  }, 90_000);
});
