/** The fixture rules files, each loaded at the Falco version it belongs to (current files at 0.44.1). */
import { readdirSync } from 'node:fs';
import type { Ruleset } from '../../../../src/falco/rules/index.js';
import { loadRules } from '../../../../src/falco/rules/index.js';
import { readShared, sharedInput, sharedPath, version } from '../rules/fixtures.js';

export interface FixtureRules {
  readonly file: string;
  readonly version: string;
  readonly ruleset: Ruleset;
}

/** `falco_rules_0.25.0.yaml` → 0.25.0; the current files → 0.44.1. */
export function fixtureVersion(file: string): string {
  return /_(\d+\.\d+\.\d+)/.exec(file)?.[1] ?? '0.44.1';
}

const cache = new Map<string, FixtureRules>();

export function fixtureRules(file: string): FixtureRules {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  const at = fixtureVersion(file);
  const loaded = loadRules([sharedInput(`fixtures/rules/${file}`)], { falcoVersion: version(at) });
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.map((error) => error.message).join('; ')}`);
  const rules = { file, version: at, ruleset: loaded.ruleset };
  cache.set(file, rules);
  return rules;
}

export function fixtureRuleFiles(): string[] {
  return readdirSync(sharedPath('fixtures/rules'))
    .filter((file) => file.endsWith('.yaml'))
    .sort();
}

export { readShared };
