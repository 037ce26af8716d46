/**
 * Renders alert lines from rules' output templates the way Falco prints them, with realistic sample values:
 * - values a firing event would have where the rule's condition says so (a positive `fd.name startswith /etc` gives
 *   `/etc/…`), since Falco only prints lines for events that matched; task names cut to the kernel's 15 bytes;
 * - otherwise a value per field kind, many with spaces, `=`, colons and `<NA>`;
 * - `%container.info` as Falco's `-pk` text, and appended text per era.
 * Deterministic: a seeded generator, so a miss is reproducible.
 */
import type { Expr } from '../../../../src/falco/condition/ast.js';
import type { LoadedRule } from '../../../../src/falco/rules/index.js';
import { parseOutputTemplate } from '../../../../src/falco/identify/index.js';
import { valueKinds } from '../../../../src/falco/identify/index.js';

export interface GeneratedLine {
  readonly rule: string;
  readonly line: string;
  /** The text printed for each field token of the template (container.info excluded). */
  readonly printed: ReadonlyMap<string, string>;
}

/** Mulberry32: small, seeded, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLES: Readonly<Record<string, readonly string[]>> = {
  'user.name': ['root', 'app-user', 'www-data', '<NA>'],
  'user.loginname': ['ubuntu', '<NA>'],
  'proc.name': ['titanagent', 'cat', 'python3', 'node'],
  'proc.pname': ['bash', 'containerd-shim', 'sshd', '<NA>'],
  'proc.cmdline': ['sh -c echo a=b c', 'titanagent -d', 'python3 /app/run.py --opt=x y', 'cat /etc/shadow'],
  'proc.pcmdline': ['bash -lc make build FOO=bar', 'containerd-shim -namespace k8s.io -id 4f6'],
  'proc.args': ['-c echo hi there', '--allowed-types=rulesfile x'],
  'proc.exepath': ['/usr/bin/python3.11', '/bin/busybox'],
  'proc.env': ['PATH=/usr/bin HOME=/root LANG=C.UTF-8'],
  'proc.cwd': ['/home/dev/my project/'],
  'fd.name': ['/etc/shadow', '/var/lib/my app/data.db', '10.0.0.5:443->10.0.0.9:51234'],
  'fd.type': ['ipv4', 'file'],
  'fd.l4proto': ['tcp', 'udp'],
  'fd.rip': ['10.0.0.9'],
  'fd.sip': ['10.0.0.5'],
  'container.id': ['host', '01cdef08d09b'],
  'container.name': ['reverent_mahavira', 'host'],
  'container.image.repository': ['registry.example.com:5000/team/app', 'alpine', '<NA>'],
  'container.image.tag': ['1.2.3', 'latest'],
  'container.mounts': ['/var/run/docker.sock:/var/run/docker.sock:rw:true:rprivate'],
  'evt.type': ['openat', 'execve', 'connect'],
  'evt.args': ['fd=3(<f>/etc/shadow) dirfd=-100(AT_FDCWD) name=/etc/shadow flags=1(O_RDONLY) mode=0'],
  'evt.arg.flags': ['O_RDONLY|O_CLOEXEC', 'EXE_WRITABLE|EXE_UPPER_LAYER'],
  'k8s.ns.name': ['default', 'kube-system', '<NA>'],
  'k8s.pod.name': ['web-7d9f8c-abcde', '<NA>'],
};

const NUMBERS: readonly string[] = ['0', '1000', '-1', '34816', '4294967295'];
const GENERIC: readonly string[] = ['value with spaces', 'k=v', 'x', '/tmp/a b/c', '<NA>'];

/** Values the condition asks for, field by field (positive checks only; first one wins). */
export function conditionValues(expr: Expr | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (node: Expr, positive: boolean): void => {
    switch (node.type) {
      case 'and':
      case 'or':
        for (const child of node.type === 'or' ? node.children.slice(0, 1) : node.children)
          visit(child, positive);
        return;
      case 'not':
        visit(node.child, !positive);
        return;
      case 'identifier':
      case 'unary-check':
        return;
      case 'binary-check': {
        if (!positive || node.left.type !== 'field') return;
        const key = node.left.arg === undefined ? node.left.name : `${node.left.name}[${node.left.arg}]`;
        if (out.has(key)) return;
        const constant =
          node.right.type === 'value'
            ? node.right.value
            : node.right.type === 'list'
              ? node.right.items[0]?.value
              : '';
        if (constant === undefined || constant === '') return;
        const value = satisfying(node.operator, constant);
        if (value !== undefined) out.set(key, value);
      }
    }
  };
  if (expr !== undefined) visit(expr, true);
  return out;
}

function satisfying(operator: string, constant: string): string | undefined {
  switch (operator) {
    case '=':
    case '==':
    case 'in':
      return constant;
    case 'contains':
    case 'icontains':
      return `/x/${constant}.d`;
    case 'startswith':
      return `${constant}${constant.endsWith('/') ? '' : '/'}sample file`;
    case 'endswith':
      return `/opt/x${constant}`;
    case 'pmatch':
      return `${constant}/sub dir/file`;
    case 'glob':
      return constant.replace(/\*/g, 'x').replace(/\?/g, 'y');
    default:
      return undefined;
  }
}

/** One line for `rule`, printed as Falco of `era` would. */
export function renderLine(
  rule: LoadedRule,
  random: () => number,
  era: 'parenthesised' | 'current',
): GeneratedLine {
  const template = parseOutputTemplate(rule.output);
  const kinds = valueKinds();
  const wanted = conditionValues(rule.compiled?.ast);
  const printed = new Map<string, string>();
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  let text = '';
  for (const token of template.tokens) {
    if (token.kind === 'literal') text += token.text;
    else if (token.kind === 'container-info')
      text += `k8s.ns=${pick(['default', '<NA>'])} k8s.pod=${pick(['api-1', '<NA>'])} container=${pick(['host', 'f6d77af4ee3d'])}`;
    else {
      let value = printed.get(token.key);
      if (value === undefined) {
        const derived = wanted.get(token.key);
        const kind = kinds(token.key);
        value =
          derived !== undefined && (kind !== 'number' || /^-?\d+$/.test(derived))
            ? derived
            : kind === 'number'
              ? pick(NUMBERS)
              : kind === 'bool'
                ? pick(['true', 'false'])
                : pick(SAMPLES[token.key] ?? GENERIC);
        // The kernel keeps 15 bytes of a task name, and Falco prints what the kernel has.
        if (/^proc\.(?:name|pname|aname(?:\[\d+\])?)$/.test(token.key)) value = value.slice(0, 15);
        printed.set(token.key, value);
      }
      text += value;
    }
  }
  const appended =
    era === 'parenthesised'
      ? pick(['', ' k8s.ns=<NA> k8s.pod=<NA> container=host'])
      : pick(['', ' container_id=01cdef08d09b container_name=web container_image_repository=alpine']);
  const time = `${String(Math.floor(random() * 24)).padStart(2, '0')}:14:05.478445995`;
  return { rule: rule.name, line: `${time}: ${rule.priority} ${text}${appended}`, printed };
}
