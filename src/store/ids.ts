/**
 * Row ids are UUIDv7 (RFC 9562): time-ordered, so new rows land at the right edge of the primary-key index instead
 * of at random pages, and still unguessable enough to put in a button value. Callers create ids (rather than the
 * database) so that a batch insert can report, per input, which id it got.
 */
import { getRandomValues } from 'node:crypto';

export function newId(nowMs: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  getRandomValues(bytes);
  let time = Math.max(0, Math.floor(nowMs));
  for (let index = 5; index >= 0; index--) {
    bytes[index] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70; // version 7
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // variant 10
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
