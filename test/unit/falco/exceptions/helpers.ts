/** Shared set-up for the exception tests: real rules and alerts from ../shared, loaded once per file. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAlert, type Alert } from '../../../../src/falco/alert/index.js';
import type { AlertSubject } from '../../../../src/falco/exceptions/index.js';
import { loadRules, type LoadResult, type RulesFileInput } from '../../../../src/falco/rules/index.js';
import { parseFalcoVersion, type FalcoVersion } from '../../../../src/falco/version.js';

export const SHARED = path.resolve(import.meta.dirname, '../../../../../shared');

export function readShared(relative: string): string {
  return readFileSync(path.join(SHARED, relative), 'utf8');
}

export function sharedInput(relative: string): RulesFileInput {
  return { name: path.basename(relative), content: readShared(relative) };
}

export function version(text: string): FalcoVersion {
  const parsed = parseFalcoVersion(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

export function jsonAlert(prefix: string): Alert {
  const dir = path.join(SHARED, 'fixtures/alerts/json');
  const file = readdirSync(dir).find((name) => name.startsWith(prefix));
  if (file === undefined) throw new Error(`no alert fixture ${prefix}`);
  const parsed = parseAlert(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
  if (!parsed.ok) throw new Error(`alert ${prefix} does not parse`);
  return parsed.value;
}

/** An Alert as the synthesiser reads it. */
export function subject(alert: Alert): AlertSubject {
  return {
    rule: alert.rule,
    fields: alert.fields as AlertSubject['fields'],
    hostname: alert.hostname,
    truncatedFieldKeys: alert.truncatedFieldKeys,
    nonFalcoFieldKeys: alert.nonFalcoFieldKeys,
  };
}

const loads = new Map<string, LoadResult>();

/** Loads (and caches) rules files from ../shared/fixtures/rules at a version; fails the test on errors. */
export function loadShared(files: readonly string[], at: string): LoadResult {
  const key = `${files.join('|')}@${at}`;
  const cached = loads.get(key);
  if (cached !== undefined) return cached;
  const result = loadRules(
    files.map((file) => sharedInput(`fixtures/rules/${file}`)),
    { falcoVersion: version(at) },
  );
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  loads.set(key, result);
  return result;
}

/** The how-to's false positive (seed-titanagent.txt) as the fields identification recovers from the line. */
export const TITANAGENT: AlertSubject = {
  rule: 'Read sensitive file untrusted',
  fields: {
    'user.name': null,
    'proc.name': 'titanagent',
    'proc.cmdline': 'titanagent -d',
    'fd.name': '/etc/shadow',
    'proc.pname': null,
    'container.id': 'host',
  },
};
