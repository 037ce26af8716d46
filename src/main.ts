/**
 * The process entry point (`npm start`, `npm run start:prod`, the container image): configuration from the
 * environment (and `.env`), then the bot. A configuration problem prints what to fix and exits 78 (EX_CONFIG)
 * without a stack trace; a damaged embedded store prints the damaged files and what to do, and exits 65 (EX_DATAERR).
 *
 * Signals: SIGTERM and SIGINT are handled from before the bot starts, so that the process also stops when it is PID 1
 * in a container (the kernel gives PID 1 no default action for a signal it does not handle: an unhandled SIGTERM
 * would be ignored until Kubernetes kills the pod). A signal during start-up stops the bot as soon as it is up; a
 * second one ends the process at once.
 */
import './runtime-flags.js';
import { startBot, StartupError, type RunningBot } from './app/index.js';
import { formatConfigProblems, loadConfig } from './config.js';
import { BotError } from './errors.js';
import { createLogger, type Logger } from './logger.js';

const EX_DATAERR = 65;
const EX_CONFIG = 78;
const SIGNAL_EXIT = { SIGTERM: 143, SIGINT: 130 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT;

/** Installs the signal handlers; `running` hands over the bot once it is up. */
function stopOnSignals(logger: Logger): { running(bot: RunningBot): void } {
  let bot: RunningBot | undefined;
  let requested: StopSignal | undefined;
  let stopping = false;
  const stop = (running: RunningBot, signal: StopSignal): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Exit once the bot has stopped: a Slack Web API call still being retried (Slack unreachable) would otherwise
    // keep the process alive for minutes after everything that matters was flushed and closed.
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: StopSignal): void => {
    if (bot !== undefined) return stop(bot, signal);
    if (requested !== undefined) process.exit(SIGNAL_EXIT[signal]);
    requested = signal;
    logger.info({ signal }, 'stop requested during start-up: stopping once started (again to stop at once)');
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  return {
    running(started) {
      bot = started;
      if (requested !== undefined) stop(started, requested);
    },
  };
}

async function main(): Promise<void> {
  const loaded = loadConfig(process.env, { envFile: '.env' });
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.error)}\n`);
    process.exitCode = EX_CONFIG;
    return;
  }
  const config = loaded.value;
  const logger = createLogger(config.logLevel);
  const signals = stopOnSignals(logger);
  if (config.falco.versionIsDefault) {
    logger.warn(
      { assumed: config.falco.version },
      'FALCO_VERSION is not set: assuming the newest Falco version',
    );
  }
  let bot;
  try {
    bot = await startBot(config, { logger });
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`falco-triage cannot start: ${error.message}\nSee ${error.docs}.\n`);
      process.exitCode = EX_CONFIG;
      return;
    }
    if (error instanceof BotError && error.code === 'store_damaged') {
      process.stderr.write(`falco-triage cannot start: ${error.message}\n`);
      process.exitCode = EX_DATAERR;
      return;
    }
    logger.error({ err: error }, 'falco-triage failed to start');
    process.exitCode = 1;
    return;
  }
  signals.running(bot);
}

void main();
