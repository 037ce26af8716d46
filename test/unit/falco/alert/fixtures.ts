/** Reads the shared alert fixtures (../shared/fixtures/alerts, never copied into this repository). */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const ALERT_FIXTURES = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/alerts');

export interface ManifestEntry {
  readonly file: string;
  readonly rule: string;
  readonly source: string | null;
  readonly keys: readonly string[];
  readonly note?: string;
}

export function jsonFixtureFiles(): string[] {
  return readdirSync(path.join(ALERT_FIXTURES, 'json'))
    .filter((file) => /^\d{3}_.*\.json$/.test(file))
    .sort();
}

export function readJsonFixtureText(file: string): string {
  return readFileSync(path.join(ALERT_FIXTURES, 'json', file), 'utf8');
}

export function readJsonFixture(file: string): Record<string, unknown> {
  return JSON.parse(readJsonFixtureText(file)) as Record<string, unknown>;
}

export function readManifest(): ManifestEntry[] {
  return JSON.parse(
    readFileSync(path.join(ALERT_FIXTURES, 'json', '_manifest.json'), 'utf8'),
  ) as ManifestEntry[];
}

export function readPlaintextLines(): { line: string; repo: string; path: string; lineno: number }[] {
  return JSON.parse(readFileSync(path.join(ALERT_FIXTURES, 'plaintext.json'), 'utf8')) as {
    line: string;
    repo: string;
    path: string;
    lineno: number;
  }[];
}

export function readSeedLine(): string {
  return readFileSync(path.join(ALERT_FIXTURES, 'seed-titanagent.txt'), 'utf8');
}
