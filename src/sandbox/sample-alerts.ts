/**
 * The sandbox's sample alerts, as Falco's http_output sends them (JSON, `output_fields` with every field of the
 * rule's output), made at the moment they are sent: the how-to's titanagent false positive, a storm over a few
 * fingerprints, and a handful of alerts from several rules.
 */
export type SampleName = 'titanagent' | 'storm' | 'mixed';

export const SAMPLE_NAMES: readonly SampleName[] = ['titanagent', 'storm', 'mixed'];

type Fields = Record<string, string | number | null>;

function alert(
  rule: string,
  priority: string,
  output: string,
  fields: Fields,
  tags: readonly string[],
  at: Date,
  hostname = 'node-1',
): Record<string, unknown> {
  const iso = at.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
  return {
    output: `${iso.slice(11, 29)}: ${priority} ${output}`,
    priority,
    rule,
    time: iso,
    source: 'syscall',
    hostname,
    tags,
    // Nanoseconds since the epoch, as Falco writes evt.time.
    output_fields: { 'evt.time': at.getTime() * 1_000_000, ...fields },
  };
}

const READ_TAGS = ['T1555', 'container', 'filesystem', 'host', 'maturity_stable', 'mitre_credential_access'];
const SHELL_TAGS = ['T1059', 'container', 'maturity_stable', 'mitre_execution', 'shell'];

function titanagent(at: Date): Record<string, unknown> {
  return alert(
    'Read sensitive file untrusted',
    'Warning',
    'Sensitive file opened for reading by non-trusted program | file=/etc/shadow process=titanagent command=titanagent -d user=root container_id=host image=<NA>',
    {
      'evt.type': 'openat',
      'fd.name': '/etc/shadow',
      'proc.name': 'titanagent',
      'proc.cmdline': 'titanagent -d',
      'user.name': 'root',
      'container.id': 'host',
      'container.image.repository': null,
    },
    READ_TAGS,
    at,
  );
}

function shell(at: Date, pod: string, namespace: string, image = 'nginx'): Record<string, unknown> {
  return alert(
    'Terminal shell in container',
    'Notice',
    `A shell was spawned in a container with an attached terminal | user=root process=bash command=bash k8s_ns=${namespace} k8s_pod=${pod} container_id=8c1f2e3d4b5a image=${image}`,
    {
      'evt.type': 'execve',
      'user.name': 'root',
      'proc.name': 'bash',
      'proc.cmdline': 'bash',
      'proc.tty': 34816,
      'k8s.ns.name': namespace,
      'k8s.pod.name': pod,
      'container.id': '8c1f2e3d4b5a',
      'container.image.repository': image,
    },
    SHELL_TAGS,
    at,
    'node-2',
  );
}

function mixed(at: Date): Record<string, unknown>[] {
  return [
    alert(
      'Read sensitive file untrusted',
      'Warning',
      'Sensitive file opened for reading by non-trusted program | file=/etc/shadow process=cat command=cat /etc/shadow user=root container_id=01cdef08d09b image=alpine',
      {
        'evt.type': 'openat',
        'fd.name': '/etc/shadow',
        'proc.name': 'cat',
        'proc.cmdline': 'cat /etc/shadow',
        'user.name': 'root',
        'container.id': '01cdef08d09b',
        'container.image.repository': 'alpine',
      },
      READ_TAGS,
      at,
    ),
    shell(at, 'web-7d9f', 'shop'),
    alert(
      'Write below etc',
      'Error',
      'File below /etc opened for writing | file=/etc/hosts process=python3 command=python3 patch.py user=root container_id=host',
      {
        'evt.type': 'openat',
        'fd.name': '/etc/hosts',
        'proc.name': 'python3',
        'proc.cmdline': 'python3 patch.py',
        'user.name': 'root',
        'container.id': 'host',
      },
      ['T1098', 'container', 'filesystem', 'host', 'maturity_stable', 'mitre_persistence'],
      at,
      'node-3',
    ),
    alert(
      'Launch Package Management Process in Container',
      'Error',
      'Package management process launched in container | process=apt-get command=apt-get install -y curl k8s_ns=shop k8s_pod=web-7d9f container_id=8c1f2e3d4b5a image=nginx',
      {
        'evt.type': 'execve',
        'proc.name': 'apt-get',
        'proc.cmdline': 'apt-get install -y curl',
        'k8s.ns.name': 'shop',
        'k8s.pod.name': 'web-7d9f',
        'container.id': '8c1f2e3d4b5a',
        'container.image.repository': 'nginx',
      },
      ['T1505', 'container', 'maturity_incubating', 'mitre_persistence', 'process', 'software_mgmt'],
      at,
      'node-2',
    ),
  ];
}

const STORM_WORKLOADS = ['payments-api', 'payments-worker', 'ledger'];

/** The alerts of a sample, timed `now` (a storm: 60 shells in three workloads, so three groups, a millisecond apart). */
export function sampleAlerts(name: SampleName, now: Date): Record<string, unknown>[] {
  switch (name) {
    case 'titanagent':
      return [titanagent(now)];
    case 'mixed':
      return mixed(now);
    case 'storm':
      return Array.from({ length: 60 }, (_, index) => {
        const workload = STORM_WORKLOADS[index % STORM_WORKLOADS.length] ?? 'payments-api';
        return shell(new Date(now.getTime() + index), `${workload}-7f9c`, 'payments', `acme/${workload}`);
      });
  }
}
