/** How checks find their values: key spellings, Falcosidekick rewrites, ancestors, truncation, declared types. */
import { describe, expect, it } from '@jest/globals';
import { parseFieldCatalog } from '../../../../src/falco/fields/catalog.js';
import {
  fieldKeyCandidates,
  fieldTypesFromCatalog,
  isSidekickTruncated,
  type EvalOptions,
  type FieldValues,
} from '../../../../src/falco/eval/index.js';
import { evaluateAll, readShared } from './helpers.js';

describe('key spellings', () => {
  it.each([
    [{ name: 'proc.aname', arg: '2' }, ['proc.aname[2]', 'proc.aname_2']], // an index is never dotted
    [{ name: 'evt.arg', arg: 'flags' }, ['evt.arg[flags]', 'evt.arg.flags', 'evt.arg_flags']],
    [{ name: 'evt.arg.flags' }, ['evt.arg.flags', 'evt.arg[flags]', 'evt.arg_flags']],
    [{ name: 'k8s.pod.label.app' }, ['k8s.pod.label.app', 'k8s.pod.label[app]', 'k8s.pod.label_app']],
    [{ name: 'container.image.repository' }, ['container.image.repository']], // takes no argument
    [{ name: 'proc.name' }, ['proc.name']],
  ])('%j → %j', (field, keys) => {
    expect(fieldKeyCandidates(field)).toEqual(keys);
  });

  it.each([
    ['proc.aname[2] = systemd', { 'proc.aname[2]': 'systemd' }, 'true'],
    ['proc.aname[2] = systemd', { 'proc.aname_2': 'systemd' }, 'true'], // Falcosidekick bracketreplacer "_"
    ['evt.arg.flags contains O_CREAT', { 'evt.arg[flags]': 'O_RDWR|O_CREAT' }, 'true'],
    ['evt.arg[flags] contains O_CREAT', { 'evt.arg.flags': 'O_RDWR|O_CREAT' }, 'true'],
    ['proc.aname[1] = bash', { 'proc.pname': 'bash' }, 'true'], // the parent is ancestor 1
    ['proc.aname[0] = cat', { 'proc.name': 'cat' }, 'true'],
    ['proc.aname[2] = systemd', { 'proc.aname[3]': 'systemd' }, 'unknown'],
  ] as const)('%s with %j → %s', (condition, fields, expected) => {
    expect(evaluateAll(condition, fields)).toBe(expected);
  });

  it('takes the configured Falcosidekick bracket replacer', () => {
    const fields = { 'proc.aname-2': 'systemd' };
    expect(evaluateAll('proc.aname[2] = systemd', fields, { bracketReplacers: ['-'] })).toBe('true');
    expect(evaluateAll('proc.aname[2] = systemd', fields)).toBe('unknown');
    expect(evaluateAll('proc.aname[2] = systemd', { 'proc.aname_2': 'x' }, { bracketReplacers: [] })).toBe(
      'unknown',
    );
  });
});

describe('any-ancestor fields (proc.aname without an index)', () => {
  const completeChain: FieldValues = {
    'proc.pname': 'containerd-shim',
    'proc.aname[2]': 'systemd',
    'proc.aname[3]': null, // the chain ends here
  };
  it.each([
    ['proc.aname = systemd', completeChain, 'true'],
    ['proc.aname in (sshd, containerd-shim)', completeChain, 'true'],
    ['proc.aname = bash', completeChain, 'false'], // every ancestor is known
    ['not proc.aname = bash', completeChain, 'true'],
    ['proc.aname = bash', { 'proc.pname': 'containerd-shim' }, 'unknown'], // deeper ancestors unseen
    ['proc.aname = bash', { 'proc.pname': 'a', 'proc.aname[3]': null }, 'unknown'], // level 2 unseen
    ['proc.aname = bash', { 'proc.pname': null }, 'false'], // no parent at all
    ['proc.aname startswith contain', completeChain, 'true'],
    ['proc.aname exists', completeChain, 'true'],
    ['proc.aname exists', { 'proc.pname': null }, 'false'],
    ['proc.apid = 1', { 'proc.ppid': 42, 'proc.apid[2]': 1 }, 'true'],
    ['proc.aname = bash', {}, 'unknown'],
  ] as const)('%s with %j → %s', (condition, fields, expected) => {
    expect(evaluateAll(condition, fields)).toBe(expected);
  });
});

describe('values Falcosidekick truncated (507 characters and [...])', () => {
  const long = `${'/very/long/path'.repeat(40).slice(0, 507)}[...]`;
  it('recognises them', () => {
    expect(isSidekickTruncated(long)).toBe(true);
    expect(isSidekickTruncated('short[...]')).toBe(false);
    expect(isSidekickTruncated(`${'x'.repeat(600)}[...]`)).toBe(false);
  });

  it.each([
    ['proc.cmdline contains /very/long', 'true'], // found in the kept part
    ['proc.cmdline startswith /very', 'true'],
    ['proc.cmdline contains hidden-tail', 'unknown'], // may be in the cut part
    ['proc.cmdline = short', 'false'], // the original was longer than any short operand
    ['proc.cmdline != short', 'true'],
    ['proc.cmdline in (a, b)', 'false'],
    ['proc.cmdline endswith x', 'unknown'],
    ['proc.cmdline glob "*x"', 'unknown'],
    ['proc.cmdline exists', 'true'],
    ['len(proc.cmdline) > 600', 'unknown'], // transformers would work on the cut text
    ['basename(proc.cmdline) = x', 'unknown'],
    ['proc.name = val(proc.cmdline)', 'unknown'],
  ] as const)('%s → %s', (condition, expected) => {
    expect(evaluateAll(condition, { 'proc.cmdline': long, 'proc.name': 'x' })).toBe(expected);
  });
});

describe('declared types from the field catalog', () => {
  const catalog = parseFieldCatalog(readShared('fixtures/falco/fields.json'));
  if (!catalog.ok) throw new Error(catalog.error.message);
  const options: EvalOptions = { fieldType: fieldTypesFromCatalog(catalog.value) };

  it('resolves bracket and dotted arguments', () => {
    const lookup = fieldTypesFromCatalog(catalog.value);
    expect(lookup('user.uid')).toEqual({ kind: 'number', list: false });
    expect(lookup('evt.arg', 'flags')).toEqual({ kind: 'string', list: false });
    expect(lookup('evt.arg.flags')).toEqual({ kind: 'string', list: false });
    expect(lookup('fd.types')).toEqual({ kind: 'string', list: true });
    expect(lookup('no.such.field')).toBeUndefined();
  });

  it.each([
    ['user.uid = 0', { 'user.uid': '0' }, 'true'],
    ['user.uid < 1000', { 'user.uid': '999' }, 'true'],
    ['user.uid = root', { 'user.uid': '0' }, 'unknown'], // a numeric field: Falco refuses "root"
    ['user.uid = 0', { 'user.uid': 'root' }, 'unknown'], // a numeric field printed as text we cannot read
    ['evt.is_open_write = true', { 'evt.is_open_write': 'true' }, 'true'],
    ['proc.name < 5', { 'proc.name': '10' }, 'true'], // a string field: strcmp, "1" before "5"
    ['fd.sip = "::1"', { 'fd.sip': '0:0:0:0:0:0:0:1' }, 'true'], // addresses compare as addresses
    ['fd.sip = 10.0.0.1', { 'fd.sip': '10.0.0.1' }, 'true'],
    ['fd.sip = 10.0.0.1', { 'fd.sip': '::ffff:10.0.0.1' }, 'false'], // IPv6 against an IPv4 operand
    ['fd.sip in (10.0.0.1, 10.0.0.2)', { 'fd.sip': '10.0.0.2' }, 'true'],
    ['fd.sip = 10.0.0.256', { 'fd.sip': '10.0.0.1' }, 'unknown'], // not an address: Falco refuses
    ['fd.snet = "10.0.0.0/8"', { 'fd.snet': '10.1.2.3' }, 'true'],
    ['fd.snet in ("192.168.0.0/16", "10.0.0.0/8")', { 'fd.snet': '172.16.0.1' }, 'false'],
    ['fd.snet = "fe80::/10"', { 'fd.snet': 'fe80::1' }, 'true'],
    ['fd.snet = "10.0.0.0/8"', { 'fd.snet': '<IPNET>' }, 'unknown'], // how Falco prints an IPNET
    ['proc.name bcontains 6361', { 'proc.name': 'cat' }, 'unknown'], // bcontains is for byte buffers
    ['evt.buffer bcontains 2f2e656e76', { 'evt.buffer': 'GET /.env' }, 'true'],
    ['evt.buffer bcontains 00ff', { 'evt.buffer': 'GET ..env' }, 'unknown'], // "." may hide any byte
    ['evt.buffer bcontains 7a7a', { 'evt.buffer': 'GET env' }, 'false'],
  ] as const)('%s with %j → %s', (condition, fields, expected) => {
    expect(evaluateAll(condition, fields, options)).toBe(expected);
  });
});
