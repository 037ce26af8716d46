import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  createFingerprinter,
  fingerprintAlert,
  isVolatileField,
  VOLATILE_FIELDS,
  type FingerprintSubject,
} from '../../../../src/falco/alert/fingerprint.js';
import { fnv1a64 } from '../../../../src/falco/alert/fnv1a.js';
import { compileRuleGlob } from '../../../../src/falco/alert/rule-glob.js';
import { parseAlert, type Alert } from '../../../../src/falco/alert/schema.js';
import { readJsonFixture } from './fixtures.js';

function fixtureAlert(file: string): Alert {
  const result = parseAlert(readJsonFixture(file));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function withFields(alert: FingerprintSubject, fields: Record<string, unknown>): FingerprintSubject {
  return { ...alert, fields: { ...alert.fields, ...fields } as FingerprintSubject['fields'] };
}

/** Reference FNV-1a 64 with BigInt over TextEncoder bytes. */
function referenceFnv(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('matches the published test vector for %j', (text, hash) => {
    expect(fnv1a64(text)).toBe(hash);
  });

  it('equals a BigInt reference over UTF-8 for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(fnv1a64(text)).toBe(referenceFnv(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compileRuleGlob', () => {
  it.each([
    ['Read sensitive file*', 'Read sensitive file untrusted', true],
    ['Read sensitive file*', 'read sensitive file untrusted', false],
    ['*/tmp*', 'Write to /tmp by container', true],
    ['Attach/Exec Pod', 'Attach/Exec Pod', true],
    ['Attach/Exec Pod', 'Attach/Exec Pods', false],
    ['Falco internal: ?etrics snapshot', 'Falco internal: metrics snapshot', true],
    ['Rule \\*', 'Rule *', true],
    ['Rule \\*', 'Rule x', false],
    ['[x] (y)', '[x] (y)', true],
    ['a.b*', 'aXb', false],
  ])('%j matches %j: %s', (glob, rule, expected) => {
    expect(compileRuleGlob(glob)(rule)).toBe(expected);
  });
});

describe('fingerprint: defaults', () => {
  const container = fixtureAlert('029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json');
  const host = fixtureAlert('030_thirdparty_read_sensitive_file_untrusted_host_0.44.1.json');

  it('uses image, process and target for a container alert, and returns the fields used', () => {
    const fingerprint = fingerprintAlert(container);
    expect(fingerprint.id).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint.configuredBy).toBeUndefined();
    expect(fingerprint.fields.map(({ key, value }) => [key, value])).toEqual([
      ['container.image.repository', 'alpine'],
      ['proc.name', 'cat'],
      ['fd.name', '/etc/shadow'],
    ]);
  });

  it('uses the hostname for a host alert (empty image repository)', () => {
    expect(fingerprintAlert(host).fields[0]).toEqual({
      key: 'hostname',
      value: 'colima-detonate-probe',
      groupedAs: 'colima-detonate-probe',
    });
  });

  it('groups k8s audit alerts by user and resource, not by object name', () => {
    const [first, second, third] = [
      '001_falco-website_disallowed_k8s_user.json',
      '002_falco-website_disallowed_k8s_user.json',
      '003_falco-website_disallowed_k8s_user.json',
    ].map((file) => fingerprintAlert(fixtureAlert(file)));
    expect(first?.fields.map((field) => field.key)).toEqual([
      'hostname',
      'ka.user.name',
      'ka.target.resource',
    ]);
    expect(second?.id).not.toBe(first?.id); // another user
    expect(third?.id).not.toBe(second?.id); // same user, other resource
  });

  it('groups a network connection by its server end', () => {
    const alert = fixtureAlert('010_falco-website_contact_k8s_api_server_from_container.json');
    const fingerprint = fingerprintAlert(alert);
    expect(fingerprint.fields.at(-1)).toEqual({
      key: 'fd.name',
      value: '172.17.0.9:43812->10.96.0.1:443',
      groupedAs: '->10.96.0.1:443',
    });
    const otherPort = withFields(alert, { 'fd.name': '172.17.0.12:50000->10.96.0.1:443' });
    expect(fingerprintAlert(otherPort).id).toBe(fingerprint.id);
  });

  it('groups internal events by rule and host only', () => {
    const metrics = fixtureAlert('016_falco-website_falco_internal_metrics_snapshot.json');
    const other = fixtureAlert('020_falco-website_falco_internal_metrics_snapshot.json');
    expect(fingerprintAlert(metrics).fields.map((field) => field.key)).toEqual(['hostname']);
    expect(fingerprintAlert(other).id).toBe(fingerprintAlert(metrics).id);
  });

  it('treats null, a missing field and <NA> alike', () => {
    const base = { rule: 'r', fields: { 'proc.name': 'cat' } };
    const ids = [
      fingerprintAlert({ ...base, fields: { ...base.fields, 'fd.name': null } }).id,
      fingerprintAlert({ ...base, fields: { ...base.fields, 'fd.name': '<NA>' } }).id,
      fingerprintAlert(base).id,
    ];
    expect(new Set(ids).size).toBe(1);
  });

  it('is a pinned value: the same alert has the same id in every process and release', () => {
    expect(fingerprintAlert(container).id).toBe(
      fnv1a64(
        '["v1","Read sensitive file untrusted",[["container.image.repository","alpine"],["proc.name","cat"],["fd.name","/etc/shadow"]]]',
      ),
    );
  });
});

describe('fingerprint: configured', () => {
  const alert = fixtureAlert('029_thirdparty_read_sensitive_file_untrusted_container_0.44.1.json');

  it('prefers an exact rule name over globs, and the first matching glob otherwise', () => {
    const fingerprinter = createFingerprinter({
      rules: {
        'Read *': ['proc.exepath'],
        '*': ['hostname'],
        'Read sensitive file untrusted': ['user.name', 'fd.name', 'container.id'],
      },
    });
    const exact = fingerprinter(alert);
    expect(exact.configuredBy).toBe('Read sensitive file untrusted');
    expect(exact.fields.map((field) => field.key)).toEqual(['user.name', 'fd.name', 'container.id']);
    const glob = fingerprinter({ ...alert, rule: 'Read environment' });
    expect(glob.configuredBy).toBe('Read *');
    expect(glob.fields).toEqual([{ key: 'proc.exepath', value: '/bin/busybox', groupedAs: '/bin/busybox' }]);
    expect(fingerprinter({ ...alert, rule: 'Other' }).configuredBy).toBe('*');
  });

  it('uses configured volatile fields and reports absent ones as null', () => {
    const fingerprinter = createFingerprinter({ rules: { '*': ['container.id', 'k8s.pod.name', 'source'] } });
    const fingerprint = fingerprinter(alert);
    expect(fingerprint.fields.map(({ key, value }) => [key, value])).toEqual([
      ['container.id', '01cdef08d09b'],
      ['k8s.pod.name', null],
      ['source', 'syscall'],
    ]);
    expect(fingerprinter(withFields(alert, { 'container.id': 'ffffffffffff' })).id).not.toBe(fingerprint.id);
  });
});

describe('fingerprint: properties', () => {
  const value = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null), fc.boolean());
  const subject = fc.record({
    rule: fc.string({ minLength: 1, maxLength: 30 }),
    hostname: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
    fields: fc.record(
      {
        'container.image.repository': value,
        'proc.name': value,
        'fd.name': value,
        'proc.cmdline': value,
        'evt.time': fc.integer(),
        'proc.pid': fc.integer(),
        'container.id': fc.string({ maxLength: 12 }),
      },
      { requiredKeys: ['evt.time', 'proc.pid', 'container.id'] },
    ),
  });

  it('is stable: equal alerts (built separately, keys in any order) get equal ids', () => {
    fc.assert(
      fc.property(subject, (alert) => {
        const reversed = { ...alert, fields: Object.fromEntries(Object.entries(alert.fields).reverse()) };
        const copy = JSON.parse(JSON.stringify(reversed)) as FingerprintSubject;
        expect(createFingerprinter()(copy).id).toBe(fingerprintAlert(alert).id);
      }),
      { numRuns: 500 },
    );
  });

  it('ignores volatile fields by default', () => {
    fc.assert(
      fc.property(
        subject,
        fc.integer(),
        fc.integer(),
        fc.string({ maxLength: 12 }),
        (alert, time, pid, id) => {
          const changed = withFields(alert, { 'evt.time': time, 'proc.pid': pid, 'container.id': id });
          expect(fingerprintAlert(changed).id).toBe(fingerprintAlert(alert).id);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('changes when an identity field or the rule changes', () => {
    fc.assert(
      fc.property(subject, fc.string({ maxLength: 40 }), (alert, other) => {
        const fingerprint = fingerprintAlert(alert);
        for (const field of fingerprint.fields) {
          if (field.key === 'hostname') continue;
          fc.pre(other !== field.value && other !== '' && other !== '<NA>');
          const changed = withFields(alert, { [field.key]: other });
          if (field.key === 'fd.name' && field.groupedAs !== field.value) continue; // connection: server end only
          expect(fingerprintAlert(changed).id).not.toBe(fingerprint.id);
        }
        expect(fingerprintAlert({ ...alert, rule: `${alert.rule}!` }).id).not.toBe(fingerprint.id);
      }),
      { numRuns: 500 },
    );
  });

  it('never picks a volatile field by default', () => {
    fc.assert(
      fc.property(subject, (alert) => {
        for (const field of fingerprintAlert(alert).fields) expect(isVolatileField(field.key)).toBe(false);
      }),
      { numRuns: 300 },
    );
    expect(VOLATILE_FIELDS.has('evt.time')).toBe(true);
    expect(isVolatileField('proc.apid[2]')).toBe(true);
  });
});
