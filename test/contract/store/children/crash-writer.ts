/**
 * Child process for the crash test: opens the embedded store in a data directory and commits batches of 50 alerts
 * in a loop, printing `committed <total>` after each commit, until it is killed (or its parent is gone, or two
 * minutes have passed).
 *
 * Usage: tsx crash-writer.ts <dataDir> <seedTarball>
 */
import { readFileSync } from 'node:fs';
import { newId } from '../../../../src/store/ids.js';
import { openStore } from '../../../../src/store/store.js';

const [dataDir, seedPath] = process.argv.slice(2);
if (dataDir === undefined || seedPath === undefined) throw new Error('usage: crash-writer <dataDir> <seed>');

const store = await openStore({ kind: 'embedded', dataDir }, { seed: new Blob([readFileSync(seedPath)]) });
let total = 0;
const parent = process.ppid;
const deadline = Date.now() + 120_000;
// Never outlive the test: stop when the parent is gone or after two minutes.
while (process.ppid === parent && Date.now() < deadline) {
  const alerts = Array.from({ length: 50 }, (_, index) => ({
    id: newId(),
    receivedAt: new Date(),
    eventTime: new Date(),
    rule: 'Crash test',
    priority: 'Warning',
    priorityLevel: 4,
    source: 'syscall',
    hostname: 'crash-host',
    tags: [],
    output: `crash test alert ${total + index}`,
    outputFields: { 'proc.name': 'writer', n: total + index },
    raw: `{"rule":"Crash test","n":${total + index}}`,
    fingerprint: 'fp-crash',
    dedupeKey: null,
    origin: 'test' as const,
    route: null,
    channels: [],
  }));
  await store.alerts.insert(alerts);
  total += alerts.length;
  process.stdout.write(`committed ${total}\n`);
}
await store.close();
