import { describe, expect, it } from '@jest/globals';
import { isDamageError } from '../../../src/store/damage-monitor.js';
import { toStoreError } from '../../../src/store/database.js';
import { formatDamage, StoreDamagedError } from '../../../src/store/store-damage.js';

describe('formatDamage', () => {
  it('names every file by its full path, then says to restore, or to move aside and export what reads', () => {
    const text = formatDamage({
      dataDir: '/var/lib/falco-triage',
      findings: [
        {
          file: 'pglite/base/5/16396',
          problem: 'table alerts cannot be read: could not read blocks 1..1',
          blocksOpening: false,
        },
      ],
    });

    expect(text).toBe(
      [
        'the embedded store in /var/lib/falco-triage is damaged:',
        '  - /var/lib/falco-triage/pglite/base/5/16396: table alerts cannot be read: could not read blocks 1..1',
        'What to do (docs/operations.md#backup-and-restore):',
        "  1. Restore the data directory from your latest backup (replace /var/lib/falco-triage with the backup's copy), or",
        '  2. move it aside and start with an empty store: mv /var/lib/falco-triage /var/lib/falco-triage.damaged',
        '     (alerts, groups, proposals and the audit log stay in the moved directory).',
        '  3. To keep what is still readable, export it from the moved directory before starting afresh:',
        '       falco-triage export-store --data-dir /var/lib/falco-triage.damaged --out falco-triage-export',
        '     and load it into the new store with falco-triage import-store (see docs/operations.md).',
      ].join('\n'),
    );
  });

  it('offers no export when PostgreSQL cannot open the directory, and quotes paths the shell would split', () => {
    const text = formatDamage({
      dataDir: '/data/falco triage/',
      findings: [{ file: 'pglite/global/pg_control', problem: '100 bytes', blocksOpening: true }],
    });

    expect(text).toContain("mv '/data/falco triage/' '/data/falco triage.damaged'");
    expect(text).toContain('Nothing can be exported from it');
    expect(text).not.toContain('export-store');
  });

  it('is the message of the error openStore throws, with a code of its own', () => {
    const damage = { dataDir: '/d', findings: [{ file: undefined, problem: 'x', blocksOpening: true }] };

    expect(new StoreDamagedError(damage)).toMatchObject({
      code: 'store_damaged',
      message: formatDamage(damage),
      damage,
    });
  });
});

describe('isDamageError', () => {
  const pgError = (message: string, code?: string): Error => Object.assign(new Error(message), { code });

  it.each([
    ['data corrupted (XX001)', pgError('could not read blocks 3..3 in file "base/5/1"', 'XX001')],
    ['index corrupted (XX002)', pgError('index "alerts_pkey" contains unexpected zero page', 'XX002')],
    [
      'a missing TOAST chunk (XX000)',
      pgError('missing chunk number 0 for toast value 1 in pg_toast_2', 'XX000'),
    ],
    ['a missing relation file', pgError('could not open file "base/5/16396": No such file', '58P01')],
    ['a WebAssembly abort', new Error('Aborted(). Build with -sASSERTIONS for more info.')],
  ])('recognises %s, also wrapped as a store error', (_name, error) => {
    expect(isDamageError(error)).toBe(true);
    expect(isDamageError(toStoreError(error, 'SELECT'))).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('duplicate key value violates unique constraint', '23505')],
    ['a connection failure', new Error('connect ECONNREFUSED 127.0.0.1:5432')],
    ['a missing file outside the data directory', pgError('could not open file "/etc/x": denied', '58P01')],
  ])('ignores %s', (_name, error) => {
    expect(isDamageError(error)).toBe(false);
  });
});
