/**
 * The real entry point as `npm start` runs it (`node --import tsx src/main.ts`) in a child process, with only the
 * given environment (no developer's .env: it runs in a temporary directory).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = ['--import', resolve('node_modules/tsx/dist/esm/index.mjs'), resolve('src/main.ts')];

export interface MainRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from spawn to exit. */
  readonly ms: number;
}

/**
 * Runs the bot until it exits. `onOutput` sees stdout so far after each chunk, with functions that send SIGTERM
 * (`stop`) and SIGKILL (`kill`).
 */
export function runMain(
  env: Record<string, string>,
  onOutput?: (text: string, stop: () => void, kill: () => void) => void,
): Promise<MainRun> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(process.execPath, MAIN, {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: mkdtempSync(join(tmpdir(), 'falco-triage-proc-')),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onOutput?.(
        stdout,
        () => child.kill('SIGTERM'),
        () => child.kill('SIGKILL'),
      );
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
  });
}
