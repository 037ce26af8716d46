/**
 * The bot's model of one Falco alert, whatever sent it (Falco's JSON output, `http_output`, Falcosidekick's webhook).
 * Built by `parseAlert` (schema.ts), which documents what is accepted and how it is normalised.
 */
import type { AlertNote } from './alert-note.js';
import type { AlertTime } from './alert-time.js';
import type { FieldMap } from './output-fields.js';
import type { Priority } from './priority.js';

/** One Falco alert, normalised. Plain JSON data (null-prototype maps, strings, numbers) so it can be stored as is. */
export interface Alert {
  readonly rule: string;
  readonly priority: Priority;
  /** Higher is more severe: Debug = 0 … Emergency = 7 (priority.ts `severity`). */
  readonly severity: number;
  readonly time: AlertTime;
  /** Event source (`syscall`, `k8s_audit`, `okta`, `internal`…), defaulted as the header says. */
  readonly source: string;
  readonly hostname: string | undefined;
  /** Rule tags as received; `[]` when the sender sent none. */
  readonly tags: readonly string[];
  /** Falco's full output line (`HH:MM:SS.nnnnnnnnn: Priority <rule output>`), when the sender included it. */
  readonly output: string | undefined;
  /** The rule output without the time/priority header: Falco's `message` key, or derived from `output`. */
  readonly message: string | undefined;
  /** Field values by Falco field name; includes bracket keys restored from Falcosidekick's rewrite. */
  readonly fields: FieldMap;
  /** `output_fields` exactly as received (keys and values), for storage and display. */
  readonly outputFields: FieldMap;
  /** Falco key → key as received, for every key restored from Falcosidekick's `bracketreplacer`. */
  readonly restoredKeys: Readonly<Record<string, string>>;
  /** Keys that are not Falco field expressions (internal counters, `append_output`, Falcosidekick custom fields). */
  readonly nonFalcoFieldKeys: readonly string[];
  /** Keys whose value Falcosidekick shortened (`…[...]`): not the exact value, never use it in an exception. */
  readonly truncatedFieldKeys: readonly string[];
  /** Falcosidekick's event id. */
  readonly uuid: string | undefined;
  /** Top-level keys this schema does not know, as received. */
  readonly extra: Readonly<Record<string, unknown>>;
  /** The spellings normalised away. */
  readonly original: {
    readonly priority: string;
    readonly source: string | undefined;
    readonly time: string | undefined;
  };
  readonly notes: readonly AlertNote[];
}
