/**
 * Reads the base rules files the bot explains alerts against (`FALCO_RULES`: comma-separated paths or https URLs,
 * in Falco's load order) and the optional field catalog (`FALCO_FIELDS_FILE`). I/O lives here, outside the pure
 * engine; a problem is a StartupError naming the source.
 */
import { readFile } from 'node:fs/promises';
import { parseFieldCatalog, type FieldCatalog } from '../falco/fields/index.js';
import type { RulesFileInput } from '../falco/rules/index.js';

export class RulesSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RulesSourceError';
  }
}

const MAX_BYTES = 20 * 1024 * 1024;

async function fetchText(url: string, label: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(15_000), redirect: 'follow' });
  } catch (error) {
    throw new RulesSourceError(`${label}: cannot download ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new RulesSourceError(`${label}: ${url} answered HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_BYTES) throw new RulesSourceError(`${label}: ${url} is larger than 20 MB`);
  return text;
}

/**
 * Loads every source, in order. http:// is refused: rules decide what is excepted, so they travel over TLS.
 * `label` names the setting in messages (a target's `falco_rules` with a targets file).
 */
export async function readRulesSources(
  sources: readonly string[],
  label = 'FALCO_RULES',
): Promise<RulesFileInput[]> {
  const files: RulesFileInput[] = [];
  for (const source of sources) {
    if (source.startsWith('https://')) {
      files.push({ name: source, content: await fetchText(source, label) });
    } else if (source.startsWith('http://')) {
      throw new RulesSourceError(`${label}: ${source} must be https (or a local path)`);
    } else {
      try {
        files.push({ name: source, content: await readFile(source, 'utf8') });
      } catch (error) {
        throw new RulesSourceError(`${label}: cannot read ${source}: ${(error as Error).message}`);
      }
    }
  }
  return files;
}

export async function readFieldCatalog(
  path: string | undefined,
  label = 'FALCO_FIELDS_FILE',
): Promise<FieldCatalog | undefined> {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RulesSourceError(`${label}: cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = parseFieldCatalog(text);
  if (!parsed.ok) throw new RulesSourceError(`${label}: ${path}: ${parsed.error.message}`);
  return parsed.value;
}
