/**
 * Row ids are UUIDv7 (RFC 9562): time-ordered, so new rows land at the right edge of the primary-key index instead
 * of at random pages, and still unguessable enough to put in a button value. Callers create ids (rather than the
 * database) so that a batch insert can report, per input, which id it got.
 */
import { randomUUID } from 'node:crypto';

export function newId(nowMs: number = Date.now()): string {
  // A v4 UUID supplies the random bits and the variant (Node batches its entropy); the first 48 bits become the
  // millisecond timestamp and the version nibble 7.
  const random = randomUUID();
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
