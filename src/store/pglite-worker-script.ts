/**
 * The body of the embedded store's worker thread (see pglite-worker.ts), as CommonJS source run with
 * `new Worker(source, { eval: true })`: plain JavaScript, so it runs the same under `node`, `tsx` and Jest without a
 * loader. `workerData`: PGlite's CommonJS entry, its options and the port statements arrive on.
 *
 * Messages are handled one at a time, in the order they arrive: the main thread's lane decides what runs inside a
 * transaction. Each answer carries the request's id; a failure carries the error's message and its string or number
 * fields (SQLSTATE `code`, `detail`, ...), never the statement's parameters, which may hold alert text or secrets.
 */
export const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.entry);

const SKIPPED = new Set(['query', 'params', 'queryOptions', 'stack']);
function plain(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out = { name: error.name, message: error.message };
  for (const key of Object.keys(error)) {
    const value = error[key];
    if (!SKIPPED.has(key) && (typeof value === 'string' || typeof value === 'number')) out[key] = value;
  }
  if (error.cause !== undefined) out.cause = plain(error.cause);
  return out;
}

const COPY_FILE = '/tmp/falco-triage-copy-in';
let pg;
async function handle(message) {
  if (message.begin) await pg.exec('BEGIN'); // a transaction's first statement starts it
  switch (message.op) {
    case 'query': {
      const result = await pg.query(message.sql, message.params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    }
    case 'copy': {
      // A file in PGlite's in-memory file system: COPY reads it with memcpy, where /dev/blob copies byte by byte.
      const fs = pg.Module.FS;
      fs.writeFile(COPY_FILE, Buffer.concat(message.chunks.map((chunk) => Buffer.from(chunk, 'utf8'))));
      try {
        const result = await pg.query('COPY ' + message.into + " FROM '" + COPY_FILE + "'");
        return { rows: [], affectedRows: result.affectedRows ?? 0 };
      } finally {
        fs.unlink(COPY_FILE);
      }
    }
    case 'exec': {
      const results = await pg.exec(message.sql);
      return { command: results.length === 0 ? '' : results[results.length - 1].command };
    }
    case 'close':
      await pg.close();
      return {};
    default:
      throw new Error('unknown operation ' + String(message.op));
  }
}

// Statements and answers travel on their own port, which the main thread can also read synchronously.
const port = workerData.port;
let chain = Promise.resolve();
port.on('message', (message) => {
  chain = chain
    .then(() => handle(message))
    .then(
      (result) => port.postMessage({ id: message.id, ok: true, ...result }),
      (error) => port.postMessage({ id: message.id, ok: false, error: plain(error) }),
    );
});

PGlite.create(workerData.options).then(
  (instance) => {
    pg = instance;
    parentPort.postMessage({ ready: true });
  },
  (error) => parentPort.postMessage({ ready: false, error: plain(error) }),
);
`;
