/**
 * Acknowledge a Slack interaction after its work is committed, within Slack's budget. An ack sent first and a crash
 * before the commit would lose the click while Slack shows it as received; an ack sent late makes Slack show the
 * person an error. So the work runs first and the ack follows it, unless the work is still running close to the
 * 3-second limit, in which case the ack goes then and the work carries on.
 */
import type { Logger } from '../logger.js';

/** Slack waits 3 s for the acknowledgement; leave room for the round trip. */
export const ACK_BUDGET_MS = 2500;

export async function ackWithin<T>(
  ack: () => Promise<void>,
  work: Promise<T>,
  logger: Logger,
  budgetMs: number = ACK_BUDGET_MS,
): Promise<T> {
  let acked = false;
  const sendAck = async (): Promise<void> => {
    if (acked) return;
    acked = true;
    await ack().catch((error: unknown) =>
      logger.warn({ err: error }, 'could not acknowledge the interaction'),
    );
  };
  const timer = setTimeout(() => {
    logger.warn(
      { budgetMs },
      'interaction still running at the acknowledgement deadline; acknowledging first',
    );
    void sendAck();
  }, budgetMs);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    await sendAck();
  }
}
