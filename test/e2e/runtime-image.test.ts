/**
 * The container image's runtime stage, run here (test/e2e/helpers/runtime-image.ts): exactly the files the Dockerfile
 * copies, read-only, the image's command as user 65532 and PID 1, the data directory and TMPDIR on writable
 * "volumes". A first start on an empty data directory, a real alert through the internal port to the fake Slack, the
 * public port refusing intake, the CLI's version from the same files, and SIGTERM to PID 1.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_SIGNING_SECRET, FakeSlack } from '../../src/stand-ins/slack/index.js';
import { makeAlert } from './helpers/alerts.js';
import { ALERTS_CHANNEL as CHANNEL } from './helpers/test-bot.js';
import { assembleImage, runAsContainer, type AssembledImage } from './helpers/runtime-image.js';

const TOKEN = 'runtime-image-ingest-token-0123456789';
const version = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

let work = '';
let image: AssembledImage;
let slack: FakeSlack;
let bot: ChildProcess;
let pid1 = 0;
let output = '';
let exited: Promise<number | null>;
let up: { port: number; internalPort: number; version: string };

/** A writable directory owned by the image's user: what a volume mounted into the container is. */
function volume(name: string): string {
  const dir = path.join(work, 'volumes', name);
  mkdirSync(dir, { recursive: true });
  chownSync(dir, image.user.uid, image.user.gid);
  chmodSync(dir, 0o700);
  return dir;
}

/** An alert as Falco's http_output sends it, to `port`'s /falco/alerts. */
function postAlert(port: number): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/falco/alerts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(makeAlert()),
  });
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'falco-triage-image-'));
  chmodSync(work, 0o755); // the image's user must reach the root inside it
  image = assembleImage(work);
  slack = await FakeSlack.start();
  const env = {
    // The image's environment; PATH and HOME as a distroless image has them.
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/home/nonroot',
    ...image.runtime.env,
    // Volumes for the data directory and TMPDIR, ephemeral ports on the loopback (the machine is shared).
    FALCO_TRIAGE_DATA_DIR: volume('data'),
    TMPDIR: volume('tmp'),
    HOST: '127.0.0.1',
    PORT: '0',
    INTERNAL_PORT: '0',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_DEFAULT_CHANNEL: CHANNEL,
    INGEST_TOKEN: TOKEN,
    FALCO_VERSION: '0.44.1',
  };
  const started = await runAsContainer(image.command, { cwd: image.workdir, env, user: image.user });
  bot = started.child;
  pid1 = started.pid1;
  exited = new Promise((done) => bot.once('exit', (code) => done(code)));
  bot.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  up = await new Promise((done, fail) => {
    bot.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.includes('falco-triage is up'));
      if (line !== undefined) done(JSON.parse(line) as typeof up);
    });
    void exited.then((code) => fail(new Error(`the bot exited with ${String(code)}:\n${output}`)));
  });
}, 120_000);

afterAll(async () => {
  if (bot.exitCode === null && bot.signalCode === null) bot.kill('SIGKILL');
  await slack.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the runtime stage of the image', () => {
  it('ships no sources and no development dependencies', () => {
    const app = readdirSync(image.workdir).sort();
    const modules = readdirSync(path.join(image.workdir, 'node_modules'));

    expect(app).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json']);
    expect(modules).toContain('@electric-sql');
    expect(modules).not.toContain('typescript');
    expect(modules).not.toContain('jest');
  });

  it('starts read-only, as PID 1 and user 65532, and logs its version', () => {
    const status = readFileSync(`/proc/${pid1}/status`, 'utf8');

    expect(status).toMatch(/^NSpid:\s+\d+\s+1$/m); // its pid in its own namespace is 1
    expect(status).toMatch(new RegExp(`^Uid:\\s+${image.user.uid}\\s`, 'm'));
    expect(up.version).toBe(version);
    expect(up.internalPort).not.toBe(up.port);
    expect(output).not.toMatch(/EACCES|EROFS|EPERM/);
  });

  it('takes an alert on the internal port and posts it to Slack', async () => {
    const response = await postAlert(up.internalPort);

    expect(response.status).toBe(202);
    const messages = await slack.waitFor(() => {
      const posted = slack.messages(CHANNEL);
      return posted.length > 0 && posted;
    });
    expect(JSON.stringify(messages[0]?.content.blocks)).toContain('Read sensitive file untrusted');
  });

  it('refuses intake on the public port', async () => {
    const response = await postAlert(up.port);

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
    expect((await fetch(`http://127.0.0.1:${up.internalPort}/readyz`)).status).toBe(200);
  });

  it('runs the command line from the same files: --version', () => {
    const [node = ''] = image.command;
    const run = spawnSync(
      'setpriv',
      [
        `--reuid=${image.user.uid}`,
        `--regid=${image.user.gid}`,
        '--clear-groups',
        '--',
        node,
        'dist/cli/main.js',
        '--version',
      ],
      { cwd: image.workdir, env: { PATH: process.env.PATH ?? '', ...image.runtime.env }, encoding: 'utf8' },
    );

    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: `${version}\n`,
      stderr: '',
    });
  });

  it('stops on SIGTERM as PID 1 and exits 0', async () => {
    process.kill(pid1, 'SIGTERM');

    expect(await exited).toBe(0);
    expect(output).toContain('falco-triage stopped');
  }, 30_000);
});
