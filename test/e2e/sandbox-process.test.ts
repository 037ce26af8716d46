/** `npm run sandbox` as a person runs it: it prints where to go, serves the page, and Ctrl-C stops it cleanly. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const ROOT = join(import.meta.dirname, '..', '..');

describe('falco-triage sandbox (npm run sandbox)', () => {
  it('prints the page address, serves it, and stops on Ctrl-C with status 0', async () => {
    // Through the CLI, which starts src/sandbox/main.ts (what npm run sandbox runs) in a child process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox'], {
      cwd: ROOT,
      env: { ...process.env, SANDBOX_PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const deadline = Date.now() + 60_000;
    while (!/open (http:\/\/127\.0\.0\.1:\d+\/)/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`sandbox did not come up:\n${out}\n${err}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] ?? '';
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('falco-triage sandbox');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('falco-triage sandbox stopped.');
  }, 90_000);
});
