/**
 * Alerts for delivery, routing and restart tests: the 0.44.1 "Read sensitive file untrusted" capture (fixture 029)
 * with chosen fields changed, so a test decides which alerts share a fingerprint (image, process, file by default)
 * and which do not.
 */
import { alertFixture } from '../../helpers/fixtures.js';

export interface AlertChanges {
  readonly rule?: string;
  readonly priority?: string;
  readonly source?: string;
  readonly hostname?: string;
  readonly tags?: readonly string[];
  /** Merged into output_fields (null removes nothing; it sets the field to null). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Falcosidekick's uuid (the dedupe key). */
  readonly uuid?: string;
}

const base = alertFixture('029') as {
  output_fields: Record<string, unknown>;
  tags: string[];
} & Record<string, unknown>;

/** One alert as Falco's http_output sends it, timed now. */
export function makeAlert(changes: AlertChanges = {}): Record<string, unknown> {
  const time = new Date();
  return {
    ...base,
    time: time.toISOString(),
    ...(changes.rule === undefined ? {} : { rule: changes.rule }),
    ...(changes.priority === undefined ? {} : { priority: changes.priority }),
    ...(changes.source === undefined ? {} : { source: changes.source }),
    ...(changes.hostname === undefined ? {} : { hostname: changes.hostname }),
    ...(changes.tags === undefined ? {} : { tags: changes.tags }),
    ...(changes.uuid === undefined ? {} : { uuid: changes.uuid }),
    output_fields: {
      ...base.output_fields,
      'evt.time': time.getTime() * 1_000_000,
      ...changes.fields,
    },
  };
}

/** An alert of its own group: the file name (an identity field) is `/data/<name>`. */
export function groupAlert(name: string, changes: AlertChanges = {}): Record<string, unknown> {
  return makeAlert({ ...changes, fields: { 'fd.name': `/data/${name}`, ...changes.fields } });
}

/** Polls an async probe until it returns a truthy value; rejects with `what` after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The `×N` counter in an alert message's fallback text (1 when it shows none). */
export function counterOf(text: string): number {
  const found = / ×(\d+)/.exec(text);
  return found?.[1] === undefined ? 1 : Number(found[1]);
}
