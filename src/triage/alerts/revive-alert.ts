import type { Alert } from '../../falco/alert/index.js';
import { emptyFieldMap, toFieldValue } from '../../falco/alert/index.js';
import { isPriority } from '../../falco/alert/index.js';
import { severity } from '../../falco/alert/index.js';
import { parseAlert } from '../../falco/alert/index.js';
import { splitOutputHeader } from '../../falco/alert/index.js';
import type { StoredAlert } from '../ports/index.js';
import { mayHoldUnstorable, parseJson, storableAlert } from '../../falco/alert/index.js';

/**
 * The full Alert behind a stored row: re-parsed from the raw payload (exactly what was received), or rebuilt from
 * the row's columns when the raw text is a plain-text line. Used when rendering and explaining stored alerts.
 */
export function reviveAlert(row: StoredAlert): Alert {
  if (row.raw.trimStart().startsWith('{')) {
    try {
      const parsed = parseAlert(parseJson(row.raw), { fallbackTime: row.eventTime.getTime() });
      // As intake stored it: with what PostgreSQL cannot hold escaped.
      if (parsed.ok) return mayHoldUnstorable(row.raw) ? storableAlert(parsed.value) : parsed.value;
    } catch {
      // Not JSON after all: rebuild from the columns below.
    }
  }
  const fields = emptyFieldMap();
  for (const [key, value] of Object.entries(row.outputFields)) {
    const typed = toFieldValue(value);
    if (typed.ok) fields[key] = typed.value;
  }
  const priority = isPriority(row.priority) ? row.priority : 'Warning';
  const epochMs = row.eventTime.getTime();
  const iso = row.eventTime.toISOString();
  return {
    rule: row.rule,
    priority,
    severity: severity(priority),
    time: { raw: iso, iso, epochMs, epochNs: `${BigInt(epochMs) * 1_000_000n}` },
    source: row.source ?? 'syscall',
    hostname: row.hostname ?? undefined,
    tags: row.tags,
    output: row.output,
    message: splitOutputHeader(row.output)?.message ?? row.output,
    fields,
    outputFields: fields,
    restoredKeys: {},
    nonFalcoFieldKeys: [],
    truncatedFieldKeys: [],
    uuid: row.dedupeKey ?? undefined,
    extra: {},
    original: { priority: row.priority, source: row.source ?? undefined, time: iso },
    notes: [],
  };
}
