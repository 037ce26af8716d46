/**
 * PORT, INTERNAL_PORT and INTERNAL_HOST: the split of public and internal traffic (docs/configuration.md). Unset or
 * empty INTERNAL_PORT keeps one port for everything; INTERNAL_HOST defaults to HOST.
 */
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';

const minimal = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-3',
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_DEFAULT_CHANNEL: 'C0123456789',
  INGEST_TOKEN: '0123456789abcdef0123',
};

function ports(env: Record<string, string>): unknown {
  const loaded = loadConfig({ ...minimal, ...env });
  if (!loaded.ok) return loaded.error;
  const { port, host, internalPort, internalHost } = loaded.value;
  return { port, host, internalPort, internalHost };
}

describe('the ports', () => {
  it.each([
    [
      'nothing set: one port',
      {},
      { port: 3000, host: '0.0.0.0', internalPort: undefined, internalHost: '0.0.0.0' },
    ],
    ['empty INTERNAL_PORT: one port', { INTERNAL_PORT: '' }, { port: 3000, internalPort: undefined }],
    [
      'INTERNAL_PORT: split',
      { INTERNAL_PORT: '3001' },
      { port: 3000, internalPort: 3001, internalHost: '0.0.0.0' },
    ],
    ['INTERNAL_HOST follows HOST', { HOST: '10.0.0.5', INTERNAL_PORT: '3001' }, { internalHost: '10.0.0.5' }],
    [
      'INTERNAL_HOST on its own',
      { HOST: '0.0.0.0', INTERNAL_PORT: '3001', INTERNAL_HOST: '127.0.0.1' },
      { host: '0.0.0.0', internalHost: '127.0.0.1' },
    ],
    ['both ephemeral (tests)', { PORT: '0', INTERNAL_PORT: '0' }, { port: 0, internalPort: 0 }],
  ])('%s', (_name, env, expected) => {
    expect(ports(env)).toMatchObject(expected);
  });

  it.each([
    ['the same as PORT', { PORT: '8080', INTERNAL_PORT: '8080' }, 'must differ from PORT (8080)'],
    ['not a number', { INTERNAL_PORT: 'internal' }, 'expected number'],
    ['out of range', { INTERNAL_PORT: '70000' }, '65535'],
  ])('refuses an INTERNAL_PORT %s', (_name, env, message) => {
    expect(ports(env)).toEqual([
      { variable: 'INTERNAL_PORT', message: expect.stringContaining(message) as unknown },
    ]);
  });
});
