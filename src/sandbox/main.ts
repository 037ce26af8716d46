/**
 * `npm run sandbox`: the whole loop on this machine, without a Slack workspace or a GitHub repository. Prints the
 * page's address; Ctrl-C stops everything and removes the sandbox's data. An entry point like src/main.ts: it hands
 * the environment to src/config.ts.
 */
import { sandboxSettings } from '../config.js';
import { createLogger } from '../logger.js';
import { startSandbox, type Sandbox } from './sandbox.js';

/** Set once started (Ctrl-C may come before). */
const running: { sandbox?: Sandbox } = {};
let stopRequested = false;
let stopping = false;

async function stop(): Promise<void> {
  if (running.sandbox === undefined || stopping) return;
  stopping = true;
  await running.sandbox.stop();
  process.stdout.write('falco-triage sandbox stopped.\n');
  process.exit(0);
}

// Before anything starts: Ctrl-C during start-up (or the instant the address is printed) still stops cleanly.
const onSignal = (): void => {
  stopRequested = true;
  void stop();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const started = performance.now();
const settings = sandboxSettings(process.env);
const sandbox = await startSandbox({
  logger: createLogger(settings.logLevel, process.stderr),
  port: settings.port,
});
running.sandbox = sandbox;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `falco-triage sandbox is up (${seconds} s): open ${sandbox.url}\n` +
    'Slack and GitHub are local stand-ins; every click is the signed request they would send. Ctrl-C stops it.\n',
);
if (stopRequested) await stop();
