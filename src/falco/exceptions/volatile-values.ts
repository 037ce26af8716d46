/**
 * Volatile values: the parts of an alert's value that will not repeat, so an exception that takes them verbatim
 * never matches again (and the false positive keeps firing) or, worse, tempts people into a broader scope.
 *
 * - Whole fields that change with every event, process or container: pids, timestamps, event numbers, file
 *   descriptors, inode times, container ids, the client port of a connection.
 * - Ports from the ephemeral range (Linux's default 32768-60999): a client's end of a connection.
 * - A connection's `fd.name` (`client:port->server:port`): the client end is replaced by `*`, the server end kept.
 * - Parts of paths and command lines: hex runs of 12+ characters (container ids, overlay and content hashes),
 *   UUIDs (kubelet pod directories), dates, numbers of 3+ digits (snapshot and pid directories; any number under
 *   `/proc/` and `/dev/pts/`), `tmp.XXXXXX`-style names and other random tokens (letters and digits alternating).
 *   Each is replaced by `*` in a `glob` pattern that keeps every stable character, so the exception still says what
 *   it is about (`/var/lib/docker/overlay2/*\/merged/usr/bin/app`).
 * - Kubernetes pod names of Deployments and DaemonSets (`web-7d9f8c4b5-x2z9k`): the generated suffixes, drawn
 *   from Kubernetes' own alphabet, become `*` and `?????`.
 *
 * glob is libs' `fnmatch(pattern, value, 0)`: `*` also matches `/`, and `*`, `?`, `[` and `\` in the kept text are
 * escaped with `\`.
 */

export type StableForm =
  | { readonly kind: 'exact' }
  | { readonly kind: 'glob'; readonly pattern: string; readonly reason: string }
  | { readonly kind: 'volatile'; readonly reason: string };

const EXACT: StableForm = { kind: 'exact' };

/** Fields whose value is different for every event, process, connection or container. */
const VOLATILE_FIELDS: ReadonlyMap<string, string> = new Map([
  ['proc.pid', 'a process id changes with every run'],
  ['proc.ppid', 'a process id changes with every run'],
  ['proc.vpid', 'a process id changes with every run'],
  ['proc.pvpid', 'a process id changes with every run'],
  ['proc.sid', 'a session id changes with every login'],
  ['proc.vpgid', 'a process group id changes with every run'],
  ['proc.pgid', 'a process group id changes with every run'],
  ['thread.tid', 'a thread id changes with every run'],
  ['thread.vtid', 'a thread id changes with every run'],
  ['evt.num', 'an event number is different for every event'],
  ['fd.num', 'a file descriptor number changes with every open'],
  ['fd.ino', 'an inode number changes when the file is recreated'],
  ['container.id', 'a container id changes with every container'],
  ['container.full_id', 'a container id changes with every container'],
  ['k8s.pod.uid', 'a pod uid changes with every pod'],
  ['k8s.pod.id', 'a pod uid changes with every pod'],
  ['fd.cport', "the client's port of a connection is ephemeral"],
  ['evt.args', 'the raw event arguments hold descriptors and addresses that change with every event'],
  ['evt.buffer', 'an I/O buffer is different for every event'],
  ['proc.env', 'the environment holds values that change with every run'],
  ['proc.aenv', 'the environment holds values that change with every run'],
]);

/** Timestamps, durations and counters: `evt.time`, `proc.exe_ino.ctime`, `container.start_ts`, `evt.latency`. */
const TIME_LIKE = /(^|\.)(time|rawtime|reltime|datetime|latency|duration|ts|ctime|mtime|start_ts)(\.|$|_)/;

const PORT_FIELDS: ReadonlySet<string> = new Set(['fd.lport', 'fd.rport', 'fd.port']);
const FIRST_EPHEMERAL_PORT = 32768;

/** Fields holding a connection tuple when the descriptor is a socket. */
const TUPLE_FIELDS: ReadonlySet<string> = new Set(['fd.name', 'fd.nameraw']);
const TUPLE = /^(.+):(\d{1,5})->(.+):(\d{1,5})$/;

/** Fields whose value is a path or a command line: volatile parts inside are replaced. */
const TEXT_FIELDS =
  /^(fd\.(name|nameraw|directory|filename)|fs\.path\.|evt\.abspath|evt\.arg\.|proc\.(exepath|exe|cwd|cmdline|args|pcmdline|pexepath|pexe|acmdline|aexepath)|container\.mount\.)/;

const K8S_ALPHABET = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-(${K8S_ALPHABET}{6,10})-(${K8S_ALPHABET}{5})$`);
const DAEMONSET_POD = new RegExp(`^(.+)-(${K8S_ALPHABET}{5})$`);

interface Detector {
  readonly pattern: RegExp;
  readonly what: string;
}

/** Volatile runs inside one path component or command-line word, most specific first. */
const DETECTORS: readonly Detector[] = [
  {
    pattern: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
    what: 'a UUID',
  },
  { pattern: /\d{4}-\d{2}-\d{2}(?:[T_ ]?\d{2}[:-]?\d{2}(?:[:-]?\d{2})?)?/g, what: 'a date' },
  { pattern: /(?<![0-9A-Za-z])[0-9a-f]{12,}(?![0-9A-Za-z])/gi, what: 'a hash or container id' },
  { pattern: /(?<=(?:^|[./_-])tmp\.)[0-9A-Za-z]{6,}/g, what: 'a temporary name' },
];

function escapeGlob(text: string): string {
  return text.replace(/[*?[\\]/g, (c) => `\\${c}`);
}

/** Letters and digits alternating at least three times in a token of 6+ characters: generated, not named. */
function looksRandom(token: string): boolean {
  if (token.length < 6 || !/^[0-9A-Za-z]+$/.test(token)) return false;
  let changes = 0;
  for (let i = 1; i < token.length; i += 1) {
    if (/\d/.test(token.charAt(i)) !== /\d/.test(token.charAt(i - 1))) changes += 1;
  }
  return changes >= 3;
}

/** The volatile spans of one component (a path part or a word), as [start, end, what]. */
function volatileSpans(component: string, numbersVolatile: boolean): [number, number, string][] {
  // A whole component of digits: a pid or terminal under /proc and /dev/pts, a generated directory elsewhere.
  if (/^\d+$/.test(component) && (numbersVolatile || component.length >= 3))
    return [[0, component.length, numbersVolatile ? 'a process or terminal number' : 'a generated number']];
  const spans: [number, number, string][] = [];
  const free = (start: number, end: number): boolean => spans.every(([s, e]) => end <= s || start >= e);
  for (const { pattern, what } of DETECTORS) {
    for (const match of component.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (free(start, end)) spans.push([start, end, what]);
    }
  }
  for (const match of component.matchAll(/[0-9A-Za-z]+/g)) {
    const start = match.index;
    const end = start + match[0].length;
    if (free(start, end) && looksRandom(match[0])) spans.push([start, end, 'a generated name']);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/**
 * The glob for `value` with every volatile run replaced by `*`, and what was replaced; undefined when stable. Path
 * components are split at `/`, command-line words at blanks; a word of digits only counts when it has 5 or more
 * (`kill 81234`, not `sleep 30`).
 */
function globOfText(value: string): { pattern: string; replaced: string[] } | undefined {
  const replaced = new Set<string>();
  let pattern = '';
  let before = '';
  for (const part of value.split(/([/\s]+)/)) {
    if (part === '' || /^[/\s]+$/.test(part)) {
      pattern += escapeGlob(part);
      before += part;
      continue;
    }
    const inPath = before.endsWith('/');
    const numbersVolatile = inPath && /(^|\s)\/(proc|dev\/pts)\/$/.test(before);
    const spans = !inPath && /^\d{1,4}$/.test(part) ? [] : volatileSpans(part, numbersVolatile);
    let at = 0;
    for (const [start, end, what] of spans) {
      pattern += `${escapeGlob(part.slice(at, start))}*`;
      replaced.add(what);
      at = end;
    }
    pattern += escapeGlob(part.slice(at));
    before += part;
  }
  if (replaced.size === 0) return undefined;
  return { pattern: pattern.replace(/\*{2,}/g, '*'), replaced: [...replaced] };
}

/** How `value` of `field` can be matched so that the next occurrence of the same false positive matches too. */
export function stableForm(field: string, value: string): StableForm {
  const fixed = VOLATILE_FIELDS.get(field);
  if (fixed !== undefined) return { kind: 'volatile', reason: fixed };
  if (TIME_LIKE.test(field)) return { kind: 'volatile', reason: 'a time changes with every event' };
  if (PORT_FIELDS.has(field) && /^\d+$/.test(value) && Number(value) >= FIRST_EPHEMERAL_PORT)
    return {
      kind: 'volatile',
      reason: `port ${value} is in the ephemeral range: the client end of a connection`,
    };
  if (TUPLE_FIELDS.has(field)) {
    const tuple = TUPLE.exec(value);
    if (tuple !== null) {
      const server = `${tuple[3] ?? ''}:${tuple[4] ?? ''}`;
      return {
        kind: 'glob',
        pattern: `*->${escapeGlob(server)}`,
        reason: `the client end of the connection (${tuple[1] ?? ''}:${tuple[2] ?? ''}) changes with every connection: matching any client of ${server}`,
      };
    }
  }
  if (field === 'k8s.pod.name') {
    const deployment = DEPLOYMENT_POD.exec(value);
    if (deployment !== null)
      return {
        kind: 'glob',
        pattern: `${escapeGlob(deployment[1] ?? '')}-*-?????`,
        reason: `pod names get generated suffixes: matching the pods of ${deployment[1] ?? ''}`,
      };
    const daemonset = DAEMONSET_POD.exec(value);
    if (daemonset !== null && /\d/.test(daemonset[2] ?? ''))
      return {
        kind: 'glob',
        pattern: `${escapeGlob(daemonset[1] ?? '')}-?????`,
        reason: `pod names get generated suffixes: matching the pods of ${daemonset[1] ?? ''}`,
      };
    return EXACT;
  }
  if (!TEXT_FIELDS.test(field)) return EXACT;
  const glob = globOfText(value);
  if (glob === undefined) return EXACT;
  if (glob.pattern.replace(/[*?/\s]/g, '').length < 3)
    return {
      kind: 'volatile',
      reason: `the value is ${glob.replaced.join(' and ')} with nothing stable around it`,
    };
  return {
    kind: 'glob',
    pattern: glob.pattern,
    reason: `${glob.replaced.join(' and ')} in the value will differ next time: matched by * in a glob`,
  };
}
