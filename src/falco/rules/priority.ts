/**
 * Rule priorities. The C++ loader (0.32+) matches case-insensitively and accepts `info` for `Informational`
 * (`falco_common::parse_priority`); the Lua loader only knew exact spellings in three cases plus `INFO`/`info`.
 * Falco always prints the long, capitalised form.
 */
import type { Priority } from './model.js';
import type { LoaderGeneration } from './version-gates.js';

export const PRIORITIES: readonly Priority[] = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
];

export function parsePriority(
  text: string,
  generation: LoaderGeneration = 'cpp-override',
): Priority | undefined {
  if (generation === 'lua') {
    if (text === 'INFO' || text === 'info') return 'Informational';
    return PRIORITIES.find(
      (name) => text === name || text === name.toLowerCase() || text === name.toUpperCase(),
    );
  }
  const lower = text.toLowerCase();
  if (lower === 'info') return 'Informational';
  return PRIORITIES.find((name) => name.toLowerCase() === lower);
}
