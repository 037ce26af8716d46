import { describe, expect, it } from '@jest/globals';
import { ackWithin } from '../../../src/slack/ack-within.js';
import { silentLogger } from '../../../src/logger.js';

describe('acknowledging an interaction', () => {
  it('acknowledges after the work is done, not before', async () => {
    const events: string[] = [];
    const work = new Promise<string>((resolve) =>
      setTimeout(() => {
        events.push('committed');
        resolve('ok');
      }, 20),
    );
    const result = await ackWithin(
      async () => {
        events.push('acked');
        await Promise.resolve();
      },
      work,
      silentLogger,
    );
    expect(result).toBe('ok');
    expect(events).toEqual(['committed', 'acked']);
  });

  it('acknowledges at the deadline when the work is slow, once, and still returns its result', async () => {
    const events: string[] = [];
    const work = new Promise<string>((resolve) =>
      setTimeout(() => {
        events.push('committed');
        resolve('late');
      }, 80),
    );
    const result = await ackWithin(
      async () => {
        events.push('acked');
        await Promise.resolve();
      },
      work,
      silentLogger,
      20,
    );
    expect(result).toBe('late');
    expect(events).toEqual(['acked', 'committed']);
  });

  it('acknowledges when the work fails, and passes the failure on', async () => {
    let acked = 0;
    await expect(
      ackWithin(
        async () => {
          acked += 1;
          await Promise.resolve();
        },
        Promise.reject(new Error('store down')),
        silentLogger,
      ),
    ).rejects.toThrow('store down');
    expect(acked).toBe(1);
  });
});
