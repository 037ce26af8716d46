/**
 * The process entry point (`npm start`): configuration from the environment (and `.env`), then the bot. A
 * configuration problem prints what to fix and exits 78 (EX_CONFIG) without a stack trace; a damaged embedded store
 * prints the damaged files and what to do, and exits 65 (EX_DATAERR).
 */
import { startBot, StartupError } from './app/index.js';
import { formatConfigProblems, loadConfig } from './config.js';
import { BotError } from './errors.js';
import { createLogger } from './logger.js';

const EX_DATAERR = 65;
const EX_CONFIG = 78;

async function main(): Promise<void> {
  const loaded = loadConfig(process.env, { envFile: '.env' });
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.error)}\n`);
    process.exitCode = EX_CONFIG;
    return;
  }
  const config = loaded.value;
  const logger = createLogger(config.logLevel);
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
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Exit once the bot has stopped: a Slack Web API call still being retried (Slack unreachable) would otherwise
    // keep the process alive for minutes after everything that matters was flushed and closed.
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
