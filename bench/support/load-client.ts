/**
 * HTTP load generator for the intake benchmark, run as a child process so it does not share the server's event
 * loop: `clients` keep-alive connections, each sending one request after the other (like Falco's http_output, which
 * posts one alert per request and waits for the answer) for `warmupMs + durationMs`. Only requests sent and answered
 * inside the measuring window count. Prints one JSON line: requests, alerts, statuses, latency percentiles.
 *
 * Usage: tsx bench/support/load-client.ts '<spec JSON>'   (spec: see LoadSpec; bodies come from a file)
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export interface LoadSpec {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly clients: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** JSON file: `{ bodies: string[], alertsPerBody: number }`; bodies are sent round-robin. */
  readonly bodiesFile: string;
}

export interface LoadResult {
  readonly requests: number;
  readonly alerts: number;
  readonly seconds: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const { bodies, alertsPerBody } = JSON.parse(readFileSync(spec.bodiesFile, 'utf8')) as {
    bodies: string[];
    alertsPerBody: number;
  };
  const buffers = bodies.map((body) => Buffer.from(body));
  const url = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.clients });
  const started = performance.now();
  const windowStart = started + spec.warmupMs;
  const windowEnd = windowStart + spec.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;

  const send = (body: Buffer): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: { ...spec.headers, 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  await Promise.all(
    Array.from({ length: spec.clients }, async () => {
      while (performance.now() < windowEnd) {
        const body = buffers[next++ % buffers.length] as Buffer;
        const sentAt = performance.now();
        const status = await send(body);
        const doneAt = performance.now();
        if (sentAt >= windowStart && doneAt <= windowEnd) {
          latencies.push(doneAt - sentAt);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }
    }),
  );
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const ok = statuses['202'] ?? 0;
  return {
    requests: latencies.length,
    alerts: ok * alertsPerBody,
    seconds: spec.durationMs / 1000,
    statuses,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}

const arg = process.argv[2];
if (arg !== undefined) {
  run(JSON.parse(arg) as LoadSpec).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`load client failed: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
