/**
 * The production start (the container image's command: `node dist/main.js` with the heap flags in NODE_OPTIONS and
 * `--no-liftoff` applied by dist/main.js itself, on exactly the image's files, assembled from the Dockerfile as
 * test/e2e/runtime-image.test.ts does) against `npm start` (compile, then `node <flags> dist/main.js`), measured in
 * the same run: time from spawn to "falco-triage is up", resident memory once settled and its peak, on the first
 * start (empty data directory: initdb) and on a restart. Also run: the production start with an explicit `--liftoff`, which
 * dist/main.js respects: the memory it shows above the production start is what the self-applied flag saves, so
 * this is the check that setting the flag at run time takes effect.
 *
 * Run: npm run bench -- production-start
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SIGNING_SECRET, FakeSlack } from '../src/stand-ins/slack/index.js';
import { assembleImage } from '../test/e2e/helpers/runtime-image.js';
import { botNodeFlags, memoryOf, spawnCommand, stopBot, type BotProcess } from './support/bot-process.js';

const SETTLE_MS = 3000;
/** Each way is measured this many times, the ways taking turns, and the mean is shown: the machine is shared. */
const ROUNDS = 2;

interface Way {
  readonly name: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
}

interface Figures {
  readonly startMs: number;
  /** Resident once settled. */
  readonly mb: number;
  /** Peak resident so far (VmHWM): steadier than a moment's figure, which moves with garbage collection. */
  readonly peakMb: number;
}

/** The bot's own process: `npm start` runs it under npm and a shell. */
function botPid(pid: number): number {
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (cmdline.includes('dist/main.js') && !cmdline.includes('npm')) return pid;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ');
  for (const child of children) if (child !== '') return botPid(Number(child));
  throw new Error(`no dist/main.js under process ${pid}`);
}

async function startAndMeasure(way: Way, dataDir: string): Promise<Figures> {
  let bot: BotProcess | undefined;
  try {
    bot = await spawnCommand(way.argv, way.cwd, { ...way.env, FALCO_TRIAGE_DATA_DIR: dataDir });
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    const pid = botPid(bot.child.pid ?? 0);
    const memory = memoryOf(pid);
    // SIGTERM to the bot itself: a shell between npm and node would not pass it on.
    process.kill(pid, 'SIGTERM');
    await stopBot(bot.child);
    return { startMs: bot.startMs, mb: memory?.nowMb ?? Number.NaN, peakMb: memory?.peakMb ?? Number.NaN };
  } catch (error) {
    if (bot !== undefined) await stopBot(bot.child);
    throw error;
  }
}

function mean(all: readonly Figures[]): Figures {
  let startMs = 0;
  let mb = 0;
  let peakMb = 0;
  for (const figures of all) {
    startMs += figures.startMs / all.length;
    mb += figures.mb / all.length;
    peakMb += figures.peakMb / all.length;
  }
  return { startMs, mb, peakMb };
}

function cell(figures: Figures): string {
  const mb = (value: number): string => value.toFixed(0).padStart(4);
  return `${(figures.startMs / 1000).toFixed(1).padStart(5)} s ${mb(figures.mb)} MB ${mb(figures.peakMb)} MB`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'falco-triage-production-start-'));
  chmodSync(dir, 0o755);
  const slack = await FakeSlack.start();
  try {
    const image = assembleImage(dir);
    const env = {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: DEFAULT_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: 'C0BENCH001',
      INGEST_TOKEN: 'production-start-bench-token-0123456789',
      FALCO_VERSION: '0.44.1',
      INTERNAL_PORT: '0',
    };
    const imageEnv = { ...image.runtime.env, ...env, TMPDIR: tmpdir() };
    const [node = process.execPath, ...command] = image.command;
    const ways: Way[] = [
      {
        name: 'production start (the image: no compile)',
        argv: image.command,
        cwd: image.workdir,
        env: imageEnv,
      },
      {
        name: "baseline: npm start's command, same files",
        argv: [node, ...botNodeFlags(), 'dist/main.js'],
        cwd: image.workdir,
        env,
      },
      // The build stage's scratch copy of the sources, with the checkout's node_modules: npm start compiles there.
      {
        name: 'baseline: npm start (compiles first)',
        argv: ['npm', 'start'],
        cwd: join(dir, 'stages/build/app'),
        env,
      },
      {
        name: 'for comparison: production start with --liftoff',
        argv: [node, '--liftoff', ...command],
        cwd: image.workdir,
        env: imageEnv,
      },
    ];
    const runs = ways.map(() => ({ first: [] as Figures[], restart: [] as Figures[] }));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [index, way] of ways.entries()) {
        const dataDir = join(dir, 'data', `${round}-${index}`);
        mkdirSync(dataDir, { recursive: true });
        runs[index]?.first.push(await startAndMeasure(way, dataDir));
        runs[index]?.restart.push(await startAndMeasure(way, dataDir));
      }
    }
    const rows = ways.map((way, index): [string, Figures, Figures] => [
      way.name,
      mean(runs[index]?.first ?? []),
      mean(runs[index]?.restart ?? []),
    ]);

    console.log(
      `\nProduction start: spawn to "falco-triage is up", resident memory ${SETTLE_MS / 1000} s later, mean of ` +
        `${ROUNDS} rounds ` +
        `(image: NODE_OPTIONS="${image.runtime.env['NODE_OPTIONS'] ?? ''}")`,
    );
    const header = `${'up'.padStart(5)}  ${'now'.padStart(7)} ${'peak'.padStart(7)}   `;
    console.log(`  ${''.padEnd(52)} ${'first start (initdb)'.padEnd(header.length)}  restart`);
    console.log(`  ${''.padEnd(52)} ${header}  ${header}`);
    for (const [name, first, restart] of rows)
      console.log(`  ${name.padEnd(52)} ${cell(first)}  ${cell(restart)}`);
    const [production, command_, npmStart, liftoff] = rows;
    if (
      production !== undefined &&
      command_ !== undefined &&
      npmStart !== undefined &&
      liftoff !== undefined
    ) {
      const delta = (a: number, b: number): string => `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(0)}`;
      console.log(
        `  production vs npm start's command: ${delta(production[2].peakMb, command_[2].peakMb)} MB peak on ` +
          `restart (same flags, --no-liftoff applied at run time); vs npm start: ` +
          `${((npmStart[2].startMs - production[2].startMs) / 1000).toFixed(1)} s less to restart (no compile)`,
      );
      console.log(
        `  --no-liftoff applied by dist/main.js saves ${delta(liftoff[2].peakMb, production[2].peakMb)} MB ` +
          `peak (${delta(liftoff[2].mb, production[2].mb)} MB now) on restart, ` +
          `${delta(liftoff[1].peakMb, production[1].peakMb)} MB peak on a first start`,
      );
    }
  } finally {
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
