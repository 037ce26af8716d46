/**
 * Alerts rendered from every rule of the fixture rules files, with values of our own: what Falco would send for
 * an event that matched (values the condition asks for where it says so), and otherwise realistic values, many of
 * them volatile (ports, pids, hashes, container ids, generated pod names) because that is what real alerts carry.
 */
import type { AlertSubject } from '../../src/falco/exceptions/index.js';
import { parseOutputTemplate } from '../../src/falco/identify/index.js';
import { loadRules, type LoadResult, type LoadedRule } from '../../src/falco/rules/index.js';
import { parseFalcoVersion, type FalcoVersion } from '../../src/falco/version.js';
import { conditionValues } from '../unit/falco/identify/line-generator.js';
import { readFixture } from './fixtures.js';

/** One fixture era: the files Falco loads, in order, and the Falco release they belong to. */
export interface FixtureEra {
  readonly name: string;
  readonly files: readonly string[];
  readonly version: string;
}

export const FIXTURE_ERAS: readonly FixtureEra[] = [
  {
    name: 'current (stable, incubating, sandbox)',
    files: ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'],
    version: '0.44.1',
  },
  { name: '0.26.2', files: ['falco_rules_0.26.2.yaml'], version: '0.26.2' },
  { name: '0.25.0', files: ['falco_rules_0.25.0.yaml'], version: '0.25.0' },
  { name: '0.24.0', files: ['falco_rules_0.24.0.yaml'], version: '0.24.0' },
  { name: '0.22.1', files: ['falco_rules_0.22.1.yaml'], version: '0.22.1' },
  {
    name: '0.21.0 (helm stable 1.1.7)',
    files: ['falco_rules_0.21.0_helm_stable_1.1.7.yaml'],
    version: '0.21.0',
  },
];

export function eraVersion(era: FixtureEra): FalcoVersion {
  const parsed = parseFalcoVersion(era.version);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

export function loadEra(era: FixtureEra): LoadResult {
  return loadRules(
    era.files.map((file) => ({ name: file, content: readFixture('rules', file) })),
    { falcoVersion: eraVersion(era) },
  );
}

const HASH = '4f6b2c7d8e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c';

/** Values of our own, by field; volatile ones on purpose. */
const SAMPLES: Readonly<Record<string, string | number | null>> = {
  'proc.name': 'backup-agent',
  'proc.exepath': '/usr/local/bin/backup-agent',
  'proc.exe': '/usr/local/bin/backup-agent',
  'proc.cmdline': 'backup-agent --run-id 7f3a9c2e1b4d5f60a1b2 --pid 81234',
  'proc.args': '--run-id 7f3a9c2e1b4d5f60a1b2 --pid 81234',
  'proc.pname': 'containerd-shim',
  'proc.pexepath': '/usr/bin/containerd-shim-runc-v2',
  'proc.pcmdline': `containerd-shim -namespace k8s.io -id ${HASH}`,
  'proc.cwd': '/var/lib/docker/overlay2/' + HASH + '/merged/app/',
  'proc.pid': 81234,
  'proc.ppid': 81200,
  'proc.vpid': 1,
  'proc.tty': 34816,
  'proc.sname': 'bash',
  'proc.env': 'PATH=/usr/bin HOSTNAME=web-7d9f8c4b5-x2z9k',
  'user.name': 'root',
  'user.uid': 0,
  'user.loginuid': -1,
  'user.loginname': null,
  'group.name': 'root',
  'group.gid': 0,
  'container.id': '01cdef08d09b',
  'container.name': 'k8s_app_web-7d9f8c4b5-x2z9k_default_0d3c5a1e-9f2b-4c8d-a1b2-3c4d5e6f7a8b_0',
  'container.image.repository': 'registry.example.com/team/app',
  'container.image.tag': '1.2.3',
  'container.image': 'registry.example.com/team/app:1.2.3',
  'container.mounts': '/var/run/docker.sock:/var/run/docker.sock:rw:true:rprivate',
  'container.start_ts': '1733560000000000000',
  'k8s.ns.name': 'default',
  'k8s.pod.name': 'web-7d9f8c4b5-x2z9k',
  'fd.directory': `/var/lib/docker/overlay2/${HASH}/merged/etc`,
  'fd.filename': 'app.conf',
  'fd.type': 'file',
  'fd.typechar': 'f',
  'fd.num': 7,
  'fd.l4proto': 'tcp',
  'fd.rip': '10.152.183.1',
  'fd.sip': '10.152.183.1',
  'fd.lip': '10.1.96.24',
  'fd.cip': '10.1.96.24',
  'fd.rport': 443,
  'fd.sport': 443,
  'fd.lport': 52342,
  'fd.cport': 52342,
  'fd.sip.name': 'kubernetes.default.svc',
  'fd.rip.name': 'kubernetes.default.svc',
  'fd.lip.name': 'web-7d9f8c4b5-x2z9k',
  'fd.cip.name': 'web-7d9f8c4b5-x2z9k',
  'evt.type': 'openat',
  'evt.dir': '<',
  'evt.res': 'SUCCESS',
  'evt.time': '1733560000538044123',
  'evt.args': 'fd=7(<f>/etc/app.conf) dirfd=-100(AT_FDCWD) flags=1(O_RDONLY)',
  'evt.buffer': 'GET / HTTP/1.1',
  'evt.arg.flags': 'O_RDONLY',
  'evt.arg.mode': '0755',
  'evt.arg.uid': 0,
  'evt.arg.filename': '/tmp/tmp.AbC12x/payload',
  'evt.arg.name': '/tmp/tmp.AbC12x/payload',
  'evt.arg.path': '/tmp/tmp.AbC12x/payload',
  'evt.arg.pathname': '/tmp/tmp.AbC12x/payload',
  'evt.arg.newpath': '/usr/local/bin/payload',
  'evt.arg.oldpath': '/tmp/tmp.AbC12x/payload',
  'evt.arg.target': '/usr/local/bin/payload',
  'evt.arg.linkpath': '/tmp/tmp.AbC12x/link',
  'evt.arg.fd': 7,
  'evt.arg.cmd': 'PTRACE_ATTACH',
  'ka.user.name': 'system:serviceaccount:default:web',
  'ka.target.resource': 'pods',
  'ka.target.name': 'web-7d9f8c4b5-x2z9k',
  'ka.target.namespace': 'default',
  'ka.verb': 'create',
  'ka.uri': '/api/v1/namespaces/default/pods/web-7d9f8c4b5-x2z9k/exec',
};

const TUPLE = '10.1.96.24:52342->10.152.183.1:443';
const FILE = `/var/lib/docker/overlay2/${HASH}/merged/etc/app.conf`;

function isNetworkRule(rule: LoadedRule): boolean {
  // The compiled condition has every macro expanded: what the rule really tests.
  const text = `${rule.compiled?.text ?? rule.condition} ${rule.output}`;
  return /\b(connect|accept|accept4|sendto|sendmsg|listen|fd\.(rip|sip|rport|sport|l4proto|net|cip|lip|lport|cport|snet|rnet))\b/.test(
    text,
  );
}

function typed(field: string, value: string): string | number {
  return /^(user\.(uid|loginuid)|fd\.(rport|sport|lport|cport|num)|proc\.(pid|ppid|vpid|tty)|group\.gid)$/.test(
    field,
  ) && /^-?\d+$/.test(value)
    ? Number(value)
    : value;
}

/** The alert `rule` would raise: its output's fields with the condition's values, else ours. */
export function renderedAlert(rule: LoadedRule): AlertSubject {
  const template = parseOutputTemplate(rule.output);
  const wanted = conditionValues(rule.compiled?.ast);
  const fields: Record<string, string | number | null> = {};
  for (const key of template.fields) {
    const derived = wanted.get(key);
    let value: string | number | null;
    if (derived !== undefined) value = typed(key, derived);
    else if (key === 'fd.name' || key === 'fd.nameraw') value = isNetworkRule(rule) ? TUPLE : FILE;
    else if (/^proc\.aname\[\d+\]$/.test(key)) value = 'sshd';
    else if (/^proc\.aexepath\[\d+\]$/.test(key)) value = '/usr/sbin/sshd';
    else value = Object.hasOwn(SAMPLES, key) ? (SAMPLES[key] ?? null) : 'sample value';
    // The kernel keeps 15 bytes of a task name, and Falco prints what the kernel has.
    if (typeof value === 'string' && /^proc\.(name|pname|aname(\[\d+\])?)$/.test(key))
      value = value.slice(0, 15);
    fields[key] = value;
  }
  return { rule: rule.name, fields, hostname: 'node-7' };
}
