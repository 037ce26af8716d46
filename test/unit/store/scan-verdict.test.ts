import { describe, expect, it } from '@jest/globals';
import type { ScanOutcome, TableScan } from '../../../src/store/pglite-scan.js';
import { scanVerdict } from '../../../src/store/scan-verdict.js';

const alerts: TableScan = {
  name: 'alerts',
  file: 'base/5/16396',
  indexName: 'alerts_pkey',
  indexFile: 'base/5/16418',
  rows: 2000,
  indexRows: 2000,
  ms: 40,
};

function outcome(changes: Partial<ScanOutcome>): ScanOutcome {
  return {
    openError: undefined,
    openMs: 700,
    catalogError: undefined,
    tables: [alerts],
    unread: [],
    finished: true,
    timedOut: false,
    ended: 'exit status 0',
    log: [],
    ...changes,
  };
}

describe('scanVerdict', () => {
  it('passes a scan where every table reads and both counts agree', () => {
    expect(scanVerdict(outcome({}), 60_000, 'pglite/')).toEqual({
      findings: [],
      unread: [],
      tables: 1,
      rows: 2000,
    });
  });

  it("names the file from PostgreSQL's PANIC when PGlite aborts while opening", () => {
    const verdict = scanVerdict(
      outcome({
        openMs: undefined,
        openError: { message: 'Aborted(). Build with -sASSERTIONS for more info.' },
        tables: [],
        finished: false,
        ended: 'exit status 3',
        log: ['PANIC:  could not read file "global/pg_control": read 100 of 296', 'Aborted()'],
      }),
      60_000,
      'pglite/',
    );

    expect(verdict.findings).toEqual([
      {
        file: 'pglite/global/pg_control',
        problem:
          'PGlite cannot open it (Aborted(). Build with -sASSERTIONS for more info.); PostgreSQL said: PANIC: ' +
          'could not read file "global/pg_control": read 100 of 296',
        blocksOpening: true,
      },
    ]);
  });

  it('names the WAL segment a LOG line names before the PANIC that does not', () => {
    const verdict = scanVerdict(
      outcome({
        openMs: undefined,
        openError: { message: 'Aborted()' },
        tables: [],
        finished: false,
        log: [
          'LOG:  could not read from WAL segment 000000010000000000000001, LSN 0/1AAA000, offset 11182080: read 0 of 8192',
          'LOG:  invalid checkpoint record',
          'PANIC:  could not locate a valid checkpoint record at 0/1AAA4E8',
        ],
      }),
      60_000,
      'pglite/',
    );

    expect(verdict.findings[0]?.file).toBe('pglite/pg_wal/000000010000000000000001');
  });

  it('keeps the DETAIL line, where PostgreSQL names the file of a FATAL', () => {
    const verdict = scanVerdict(
      outcome({
        openMs: undefined,
        openError: { message: 'PGlite failed to initialize properly' },
        tables: [],
        finished: false,
        log: [
          'FATAL:  could not access status of transaction 757',
          'DETAIL:  Could not read from file "pg_xact/0000" at offset 0: read too few bytes.',
        ],
      }),
      60_000,
      'pglite/',
    );

    expect(verdict.findings[0]).toMatchObject({
      file: 'pglite/pg_xact/0000',
      problem: expect.stringContaining('could not access status of transaction 757 DETAIL: Could not read'),
    });
  });

  it('reports a PGlite that never opens as damage, naming the watchdog setting', () => {
    const verdict = scanVerdict(
      outcome({ openMs: undefined, tables: [], finished: false, timedOut: true, ended: 'signal SIGKILL' }),
      5000,
      'pglite/',
    );

    expect(verdict.findings).toEqual([
      {
        file: undefined,
        problem: 'PGlite did not open it within 5 s (FALCO_TRIAGE_STARTUP_CHECK_SECONDS)',
        blocksOpening: true,
      },
    ]);
  });

  it('reports tables left unread by a watchdog that fired after PGlite opened, without calling it damage', () => {
    const verdict = scanVerdict(
      outcome({ unread: ['alerts'], tables: [], finished: false, timedOut: true, ended: 'signal SIGKILL' }),
      5000,
      'pglite/',
    );

    expect(verdict).toMatchObject({ findings: [], unread: ['alerts'] });
  });

  it('names the file of a table that cannot be read, or of its index', () => {
    const table = scanVerdict(
      outcome({
        tables: [
          {
            ...alerts,
            indexRows: undefined,
            error: {
              message: 'could not read blocks 1..1 in file "base/5/16396": read only 0 of 8192 bytes',
              code: 'XX001',
            },
          },
        ],
      }),
      60_000,
      'pglite/',
    );
    const index = scanVerdict(
      outcome({
        tables: [
          {
            ...alerts,
            indexRows: undefined,
            error: {
              message: 'could not read blocks 3..3 in file "base/5/16418": read only 0',
              code: 'XX001',
            },
          },
        ],
      }),
      60_000,
      'pglite/',
    );

    expect(table.findings).toEqual([
      {
        file: 'pglite/base/5/16396',
        problem:
          'table alerts cannot be read: could not read blocks 1..1 in file "base/5/16396": read only 0 of 8192 ' +
          'bytes (SQLSTATE XX001)',
        blocksOpening: false,
      },
    ]);
    expect(index.findings[0]).toMatchObject({
      file: 'pglite/base/5/16418',
      problem: expect.stringMatching(/^index alerts_pkey of table alerts cannot be read/),
    });
  });

  it('reports a table whose two reads disagree', () => {
    const verdict = scanVerdict(outcome({ tables: [{ ...alerts, rows: 6 }] }), 60_000, 'pglite/');

    expect(verdict.findings).toEqual([
      {
        file: 'pglite/base/5/16396',
        problem:
          'table alerts has 6 rows when read in order but 2000 through alerts_pkey (pglite/base/5/16418): the ' +
          'table or that index is cut short',
        blocksOpening: false,
      },
    ]);
  });

  it('reports a child that died while reading a table', () => {
    const verdict = scanVerdict(
      outcome({
        unread: ['alerts'],
        tables: [],
        finished: false,
        ended: 'exit status 5',
        log: ['Aborted()'],
      }),
      60_000,
      'pglite/',
    );

    expect(verdict.findings).toEqual([
      {
        file: undefined,
        problem: 'PGlite stopped (exit status 5) while reading table alerts',
        blocksOpening: false,
      },
    ]);
  });
});
