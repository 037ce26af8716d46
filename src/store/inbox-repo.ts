/**
 * Events API deliveries already handled (`slack_events`). Slack retries a delivery it thinks failed and may deliver
 * the same event twice, always with the same `event_id`: claiming the id first makes the second arrival change
 * nothing, also across replicas sharing PostgreSQL. Ids are kept a day (Slack's retries come within minutes).
 */
import type { Queryable } from './database.js';

export class InboxRepo {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  /** True the first time `eventId` is claimed; false for a duplicate. Forgets ids received before `forgetBefore`. */
  async claim(eventId: string, now: Date, forgetBefore: Date): Promise<boolean> {
    await this.#q.query('DELETE FROM slack_events WHERE received_at < $1', [forgetBefore]);
    const { rowCount } = await this.#q.query(
      'INSERT INTO slack_events (event_id, received_at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING',
      [eventId, now],
    );
    return rowCount === 1;
  }
}
