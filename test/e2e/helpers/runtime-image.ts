/**
 * The container image's runtime stage, without a container engine (this machine cannot pull or build images): the
 * stages it copies from are run here as the Dockerfile writes them, the runtime stage's COPYs are applied to an
 * empty root directory, the root is made read-only, and the image's command runs in it as the image's user, as PID 1
 * of its own PID namespace. Everything is read from the Dockerfile (test/helpers/dockerfile.ts), so this and the
 * file cannot drift: a COPY, RUN or command this helper does not know fails the test instead of being skipped.
 *
 * Two substitutions, because there is no network: the build stage's full `npm ci` becomes a link to this checkout's
 * node_modules (installed from the same lockfile), and the production `npm ci --omit=dev` runs `--offline` from the
 * npm cache. The base image's node (`/nodejs/bin/node`) is this machine's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';
import {
  readDockerfile,
  ROOT,
  runtimeStage,
  type DockerStage,
  type ParsedDockerfile,
  type RuntimeStage,
} from '../../helpers/dockerfile.js';

/** The base image's node binary, replaced by this machine's. */
const BASE_NODE = '/nodejs/bin/node';

export interface AssembledImage {
  readonly runtime: RuntimeStage;
  /** The runtime stage's root file system (read-only). */
  readonly root: string;
  /** WORKDIR, inside `root`. */
  readonly workdir: string;
  /** ENTRYPOINT + CMD, the base image's node replaced by this machine's. */
  readonly command: readonly string[];
  /** `uid:gid` of USER. */
  readonly user: { readonly uid: number; readonly gid: number };
}

function run(argv: readonly string[], cwd: string): void {
  const [command = '', ...args] = argv;
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${argv.join(' ')} (in ${cwd}) failed: ${result.error?.message ?? ''}${result.stderr}`);
}

/** Runs one stage's instructions here, its file system under `dir`. */
function buildStage(stage: DockerStage, dir: string): void {
  let workdir = '/';
  const inStage = (p: string): string => path.join(dir, path.posix.resolve(workdir, p));
  for (const instruction of stage.instructions) {
    const words = instruction.json ?? instruction.args;
    const where = `Dockerfile:${instruction.line}`;
    if (instruction.keyword === 'WORKDIR') {
      workdir = path.posix.resolve(workdir, words[0] ?? '');
      mkdirSync(inStage('.'), { recursive: true });
    } else if (instruction.keyword === 'COPY') {
      if (instruction.flags['from'] !== undefined) throw new Error(`${where}: COPY --from in a build stage`);
      const destination = words.at(-1) ?? '';
      for (const source of words.slice(0, -1)) {
        const target = destination.endsWith('/')
          ? path.join(inStage(destination), path.basename(source))
          : inStage(destination);
        cpSync(path.join(ROOT, source), target, { recursive: true });
      }
    } else if (instruction.keyword === 'RUN') {
      const line = words.join(' ');
      if (/^npm ci --omit=dev\b/.test(line)) run([...words, '--offline'], inStage('.'));
      else if (/^npm ci\b/.test(line))
        symlinkSync(path.join(ROOT, 'node_modules'), inStage('node_modules'), 'dir');
      else if (line === 'npm run build') run(words, inStage('.'));
      else if (/^mkdir -p \/\S+$/.test(line)) mkdirSync(path.join(dir, words[2] ?? ''), { recursive: true });
      else throw new Error(`${where}: this test does not know how to run "${line}" outside a container`);
    } else if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') {
      throw new Error(`${where}: this test does not know ${instruction.keyword} in a build stage`);
    }
  }
}

function chownTree(target: string, uid: number, gid: number): void {
  chownSync(target, uid, gid);
  if (!statSync(target).isDirectory()) return;
  for (const entry of readdirSync(target)) chownTree(path.join(target, entry), uid, gid);
}

/** `chmod -R a-w`, without following links. */
function readOnly(target: string): void {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (stat.isDirectory()) for (const entry of readdirSync(target)) readOnly(path.join(target, entry));
  chmodSync(target, stat.mode & 0o555);
}

function parseUser(user: string | undefined): { uid: number; gid: number } {
  const match = /^(\d+):(\d+)$/.exec(user ?? '');
  if (match === null) throw new Error(`USER ${user ?? '(none)'}: expected numeric uid:gid`);
  return { uid: Number(match[1]), gid: Number(match[2]) };
}

/** Builds the runtime stage's root file system under `dir` (which must be traversable by the image's user). */
export function assembleImage(dir: string, dockerfile: ParsedDockerfile = readDockerfile()): AssembledImage {
  const runtime = runtimeStage(dockerfile);
  const user = parseUser(runtime.user);
  const root = path.join(dir, 'root');
  const built = new Set<string>();
  for (const copy of runtime.copies) {
    let from = ROOT;
    if (copy.from !== undefined) {
      const stage = dockerfile.stages.find((candidate) => candidate.name === copy.from);
      if (stage === undefined) throw new Error(`COPY --from=${copy.from}: no such stage`);
      from = path.join(dir, 'stages', copy.from);
      if (!built.has(copy.from)) buildStage(stage, from);
      built.add(copy.from);
    }
    for (const source of copy.sources) {
      const origin = path.join(from, source);
      if (!existsSync(origin)) throw new Error(`COPY ${source}: ${origin} was not produced`);
      const target = copy.destination.endsWith('/')
        ? path.join(root, copy.destination, path.basename(source))
        : path.join(root, copy.destination);
      mkdirSync(path.dirname(target), { recursive: true });
      run(['cp', '-a', origin, target], ROOT); // cp -a: links kept, and far faster than cpSync on node_modules
      if (copy.chown !== undefined) {
        const owner = parseUser(copy.chown);
        chownTree(target, owner.uid, owner.gid);
      }
    }
  }
  readOnly(root);
  const [entry, ...rest] = [...(runtime.entrypoint ?? []), ...(runtime.cmd ?? [])];
  if (entry !== BASE_NODE) throw new Error(`the image runs ${entry ?? '(nothing)'}, expected ${BASE_NODE}`);
  return {
    runtime,
    root,
    workdir: path.join(root, runtime.workdir),
    command: [process.execPath, ...rest],
    user,
  };
}

/**
 * Runs `argv` as `user`, as PID 1 of a new PID namespace (unshare), with only `env`: what a container runtime does
 * short of the file system, which `cwd` stands for. Resolves the child once its PID 1 is known.
 */
export async function runAsContainer(
  argv: readonly string[],
  options: {
    readonly cwd: string;
    readonly env: Record<string, string>;
    readonly user: { uid: number; gid: number };
  },
): Promise<{ readonly child: ChildProcess; readonly pid1: number }> {
  const child = spawn(
    'unshare',
    [
      '--pid',
      '--fork',
      '--kill-child',
      'setpriv',
      `--reuid=${options.user.uid}`,
      `--regid=${options.user.gid}`,
      '--clear-groups',
      '--no-new-privs',
      '--',
      ...argv,
    ],
    { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const unsharePid = child.pid;
  if (unsharePid === undefined) throw new Error('unshare could not be started');
  // unshare forks the namespace's PID 1 (setpriv, which execs node); signals for it must go to that process.
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const children = readChildren(unsharePid);
    if (children !== undefined) return { child, pid1: children };
    await new Promise((done) => setTimeout(done, 10));
  }
  child.kill('SIGKILL');
  throw new Error('unshare did not start its child');
}

function readChildren(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? undefined : Number(text.split(' ')[0]);
  } catch {
    return undefined;
  }
}
