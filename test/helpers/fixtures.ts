import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared fixtures directory (../shared/fixtures from the project root). */
export const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures');

export function fixturePath(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/** The JSON alert fixture whose file name starts with `prefix` (e.g. "029"). */
export function alertFixture(prefix: string): Record<string, unknown> {
  const file = readdirSync(fixturePath('alerts', 'json')).find((name) => name.startsWith(prefix));
  if (file === undefined) throw new Error(`no alert fixture ${prefix}`);
  return JSON.parse(readFixture('alerts', 'json', file)) as Record<string, unknown>;
}
