/**
 * Falco priorities: the eight syslog-style levels a rule can have, spelled as Falco prints them.
 *
 * Senders spell them loosely (Falcosidekick lower-cases them and accepts `info`; people type `WARN` or `crit`),
 * so parsing is case-insensitive and accepts the syslog short forms; everything downstream sees Falco's spelling.
 * Presentation (emoji, colours) belongs to the Slack adapter, not here.
 */

/** Falco's priorities, most severe first (the order of Falco's `priority_type` enum, = syslog severity 0..7). */
export const PRIORITIES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;

export type Priority = (typeof PRIORITIES)[number];

const ALIASES: ReadonlyMap<string, Priority> = new Map<string, Priority>([
  ...PRIORITIES.map((priority): [string, Priority] => [priority.toLowerCase(), priority]),
  // Falco's own parser and Falcosidekick's accept `info`; the rest are syslog's keywords (RFC 5424 / syslog.conf).
  ['info', 'Informational'],
  ['emerg', 'Emergency'],
  ['panic', 'Emergency'],
  ['crit', 'Critical'],
  ['err', 'Error'],
  ['warn', 'Warning'],
]);

/**
 * Falco's spelling of a priority written in any case, or `undefined` when the text names none.
 * Accepts the full names, `info`, and syslog's `emerg`, `panic`, `crit`, `err` and `warn`; surrounding
 * whitespace is ignored.
 */
export function parsePriority(text: string): Priority | undefined {
  return ALIASES.get(text.trim().toLowerCase());
}

/** The list of accepted spellings for error messages: Falco's names, in order. */
export function describePriorities(): string {
  return PRIORITIES.join(', ');
}

/**
 * Severity for ordering and routing: higher is more severe, Debug = 0 … Emergency = 7 (Falcosidekick's
 * `PriorityType` minus one), so `severity(a) >= severity(min)` reads as "at least min".
 */
export function severity(priority: Priority): number {
  return PRIORITIES.length - 1 - PRIORITIES.indexOf(priority);
}

/**
 * `actual` compared with `wanted` (both `severity` numbers) by a routes-file comparator (`<`, `<=`, `=`, `>`, `>=`;
 * anything else reads as `>=`, what a bare priority means).
 */
export function compareSeverity(comparator: string, actual: number, wanted: number): boolean {
  switch (comparator) {
    case '<':
      return actual < wanted;
    case '<=':
      return actual <= wanted;
    case '=':
      return actual === wanted;
    case '>':
      return actual > wanted;
    default:
      return actual >= wanted;
  }
}

/** Syslog severity as Falco's enum numbers it: Emergency = 0 … Debug = 7 (lower is more severe). */
export function syslogSeverity(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

/** Sort comparator: negative when `a` is less severe than `b`, so an ascending sort puts Debug first. */
export function comparePriority(a: Priority, b: Priority): number {
  return severity(a) - severity(b);
}

/** True when `priority` is `minimum` or more severe (a route's "minimum priority"). */
export function isAtLeast(priority: Priority, minimum: Priority): boolean {
  return severity(priority) >= severity(minimum);
}

/** Type guard for a value that is already in Falco's spelling (e.g. read back from the store). */
export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}
