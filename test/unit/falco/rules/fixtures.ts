/** Reads fixtures from ../shared (never copied into the repository). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RulesFileInput } from '../../../../src/falco/rules/model.js';
import { parseFalcoVersion, type FalcoVersion } from '../../../../src/falco/version.js';

export const SHARED = path.resolve(import.meta.dirname, '../../../../../shared');

export function sharedPath(relative: string): string {
  return path.join(SHARED, relative);
}

export function readShared(relative: string): string {
  return readFileSync(sharedPath(relative), 'utf8');
}

/** A fixture as loader input, named by its path under ../shared. */
export function sharedInput(relative: string): RulesFileInput {
  return { name: relative, content: readShared(relative) };
}

export function version(text: string): FalcoVersion {
  const parsed = parseFalcoVersion(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}
