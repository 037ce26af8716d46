import { describe, expect, it } from '@jest/globals';
import {
  chooseScope,
  defaultScope,
  fieldOptions,
  fieldRole,
  scopeWarnings,
  stableForm,
  synthesize,
  verify,
  type AlertSubject,
} from '../../../../src/falco/exceptions/index.js';
import { applyChange } from '../../../../src/falco/rules-file-edit/index.js';
import { loadShared, sharedInput, TITANAGENT, version } from './helpers.js';

const HASH = '4f6b2c7d8e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c';

describe('volatile values', () => {
  it.each([
    ['fd.name', '/etc/shadow', { kind: 'exact' }],
    ['fd.name', '10.1.96.24:52342->10.152.183.1:443', { kind: 'glob', pattern: '*->10.152.183.1:443' }],
    [
      'fd.name',
      `/var/lib/docker/overlay2/${HASH}/merged/usr/bin/app`,
      { pattern: '/var/lib/docker/overlay2/*/merged/usr/bin/app' },
    ],
    ['fd.name', '/proc/12345/status', { pattern: '/proc/*/status' }],
    ['fd.name', '/dev/pts/3', { pattern: '/dev/pts/*' }],
    ['fd.name', '/tmp/tmp.AbC12x/file', { pattern: '/tmp/tmp.*/file' }],
    [
      'fd.name',
      '/var/lib/kubelet/pods/0d3c5a1e-9f2b-4c8d-a1b2-3c4d5e6f7a8b/volumes/x',
      { pattern: '/var/lib/kubelet/pods/*/volumes/x' },
    ],
    ['fd.name', '/var/log/app-2026-12-07.log', { pattern: '/var/log/app-*.log' }],
    ['fd.name', '/usr/lib/python3.11/x86_64/libssl.so.3', { kind: 'exact' }],
    ['fd.name', '/opt/app-1.2.345/bin/run', { kind: 'exact' }],
    ['fd.name', '/srv/[data]/*.tmp/4f6b2c7d8e9a0b', { pattern: '/srv/\\[data]/\\*.tmp/*' }],
    [
      'proc.cmdline',
      `containerd-shim -namespace k8s.io -id ${HASH}`,
      { pattern: 'containerd-shim -namespace k8s.io -id *' },
    ],
    ['proc.cmdline', 'sleep 30', { kind: 'exact' }],
    ['proc.cmdline', 'kill -9 81234', { pattern: 'kill -9 *' }],
    [
      'proc.cmdline',
      'pip install --target /tmp/pip-install-k2j3h4g5 x',
      { pattern: 'pip install --target /tmp/pip-install-* x' },
    ],
    ['k8s.pod.name', 'web-7d9f8c4b5-x2z9k', { pattern: 'web-*-?????' }],
    ['k8s.pod.name', 'fluentd-x7k2m', { pattern: 'fluentd-?????' }],
    ['k8s.pod.name', 'db-0', { kind: 'exact' }],
    ['container.id', '01cdef08d09b', { kind: 'volatile' }],
    ['proc.pid', '81234', { kind: 'volatile' }],
    ['evt.time', '1733560000538044123', { kind: 'volatile' }],
    ['proc.exe_ino.ctime', '1733560000538044123', { kind: 'volatile' }],
    ['fd.lport', '52342', { kind: 'volatile' }],
    ['fd.lport', '443', { kind: 'exact' }],
    ['fd.name', `/${HASH}`, { kind: 'volatile' }],
  ])('%s = %s', (field, value, expected) => {
    expect(stableForm(field, value)).toMatchObject(expected);
  });
});

describe('field roles', () => {
  it.each([
    ['proc.name', 'process'],
    ['proc.aname[2]', 'process'],
    ['container.image.repository', 'workload'],
    ['fd.name', 'object'],
    ['evt.arg.filename', 'object'],
    ['ka.target.name', 'object'],
    ['user.name', 'low'],
    ['user.uid', 'low'],
    ['evt.type', 'low'],
    ['container.id', 'low'],
    ['proc.tty', 'low'],
    ['k8s.ns.name', 'low'],
    ['evt.arg.flags', 'low'],
  ])('%s is %s', (field, role) => {
    expect(fieldRole(field)).toBe(role);
  });
});

const DRIFT: AlertSubject = {
  rule: 'Container Drift Detected (chmod)',
  fields: {
    'user.name': 'root',
    'proc.cmdline': 'chmod +x /tmp/tmp.AbC12x/payload',
    'evt.arg.filename': '/tmp/tmp.AbC12x/payload',
    'evt.arg.mode': 'S_IXUSR',
    'evt.type': 'fchmodat',
    'container.id': '01cdef08d09b',
  },
};

describe('the default scope', () => {
  const scope = (alert: AlertSubject) => {
    const result = defaultScope(alert);
    return result.ok ? result.value : result.error;
  };

  it("is who plus what for the how-to's alert", () => {
    expect(scope(TITANAGENT)).toEqual({
      fields: [
        { field: 'proc.name', match: 'exact' },
        { field: 'fd.name', match: 'exact' },
      ],
      notes: [],
    });
  });

  it('never takes a low-discrimination field, and globs volatile values with a note', () => {
    const result = scope(DRIFT);
    expect(result).toMatchObject({
      fields: [
        { field: 'proc.cmdline', match: 'glob', value: 'chmod +x /tmp/tmp.*/payload' },
        { field: 'evt.arg.filename', match: 'glob', value: '/tmp/tmp.*/payload' },
      ],
    });
    expect('notes' in result && result.notes).toEqual([
      expect.stringContaining('a temporary name'),
      expect.stringContaining('a temporary name'),
    ]);
  });

  it('matches a connection by its server end', () => {
    expect(
      scope({ rule: 'r', fields: { 'proc.name': 'curl', 'fd.name': '10.1.96.24:52342->10.152.183.1:443' } }),
    ).toMatchObject({
      fields: [
        { field: 'proc.name', match: 'exact' },
        { field: 'fd.name', match: 'glob', value: '*->10.152.183.1:443' },
      ],
    });
  });

  it('is refused, with what is missing, when the alert names no program, object or image', () => {
    const result = scope({
      rule: 'r',
      fields: { 'user.name': 'root', 'evt.type': 'chmod', 'container.id': '01cdef08d09b', 'proc.name': null },
    });
    expect(result).toMatchObject({ code: 'no_safe_scope' });
    const message = 'message' in result ? result.message : '';
    expect(message).toMatch(/^No safe default scope/);
    expect(message).toContain('Falco could not read "proc.name" for this event (<NA>)');
    expect(message).toContain('"container.id" cannot scope an exception: a container id changes');
    expect(message).toContain('user.name, evt.type alone would turn the rule off');
  });

  it('treats the host pseudo container id as a stable value', () => {
    expect(scopeWarnings({ rule: 'r', fields: { 'container.id': 'host' } }, ['container.id'])).toEqual([
      expect.stringContaining('names no program'),
    ]);
  });
});

describe('a chosen scope', () => {
  it('takes the policy form for a bare field, the value verbatim for an explicit match, and warns', () => {
    const chosen = chooseScope(DRIFT, [{ field: 'user.name' }, { field: 'evt.arg.filename' }]);
    expect(chosen.ok && chosen.value.fields).toEqual([
      { field: 'user.name' },
      { field: 'evt.arg.filename', match: 'glob', value: '/tmp/tmp.*/payload' },
    ]);
    expect(chosen.ok && chosen.value.warnings).toEqual([]);
    const low = chooseScope(DRIFT, [{ field: 'user.name' }, { field: 'container.id' }]);
    expect(low.ok && low.value.warnings).toEqual([
      'user.name = root and container.id = 01cdef08d09b names no program, file, connection or image: the exception silences this rule for every event with those values.',
      'container.id: a container id changes with every container, so the exception will not match the next alert.',
    ]);
    const exact = chooseScope(DRIFT, [{ field: 'evt.arg.filename', match: 'exact' }]);
    expect(exact.ok && exact.value.fields).toEqual([{ field: 'evt.arg.filename', match: 'exact' }]);
  });

  it('is offered in the modal: globs show their pattern, wholly volatile fields are not offered', () => {
    const options = fieldOptions(DRIFT);
    expect(options.find((option) => option.field === 'evt.arg.filename')).toMatchObject({
      usable: true,
      preselected: true,
      match: 'glob',
      pattern: '/tmp/tmp.*/payload',
    });
    expect(options.find((option) => option.field === 'container.id')).toMatchObject({
      usable: false,
      reason: '"container.id" cannot scope an exception: a container id changes with every container',
    });
    expect(options.find((option) => option.field === 'user.name')).toMatchObject({
      usable: true,
      preselected: false,
    });
  });
});

describe('a glob exception', () => {
  const cases = [
    ['0.44.1', 'exception', 'falco_rules.yaml', 'Read sensitive file untrusted'],
    ['0.25.0', 'condition', 'falco_rules_0.25.0.yaml', 'Read sensitive file untrusted'],
  ] as const;
  it.each(cases)('loads and verifies on Falco %s (%s)', (at, strategy, file, rule) => {
    const alert: AlertSubject = {
      rule,
      fields: {
        'proc.name': 'backup-agent',
        'fd.name': `/etc/${HASH}/shadow`,
        'proc.cmdline': 'backup-agent',
      },
    };
    const { ruleset } = loadShared([file], at);
    const scope = defaultScope(alert);
    if (!scope.ok) throw new Error(scope.error.message);
    const synthesis = synthesize({
      strategy,
      fields: scope.value.fields,
      alert,
      ruleset,
      falcoVersion: version(at),
    });
    if (!synthesis.ok) throw new Error(synthesis.error.message);
    expect(synthesis.value.predicate).toBe('proc.name = backup-agent and fd.name glob /etc/*/shadow');
    const edited = applyChange('', synthesis.value);
    if (!edited.ok) throw new Error(edited.error.message);
    const result = verify({
      base: [sharedInput(`fixtures/rules/${file}`)],
      customName: 'custom.yaml',
      customBefore: '',
      customAfter: edited.value.text,
      synthesis: synthesis.value,
      alert,
      falcoVersion: version(at),
    });
    expect(result.problems).toEqual([]);
    expect(result.alert.verdict).toBe('excepted');
    // Another hash still matches; another directory does not.
    expect(result.specificity.broader).toEqual([]);
  });
});
