import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

function text(args: unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
}

/** Bolt's logger interface over ours, so Bolt's messages go to the same structured log. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const slack = logger.child({ component: 'bolt' });
  return {
    debug: (...args: unknown[]) => slack.debug({}, text(args)),
    info: (...args: unknown[]) => slack.info({}, text(args)),
    warn: (...args: unknown[]) => slack.warn({}, text(args)),
    error: (...args: unknown[]) => slack.error({}, text(args)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
