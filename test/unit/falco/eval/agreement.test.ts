/**
 * Properties over random conditions and alerts: the interpreter, the compiled form and the tracer agree, and the
 * three-valued connectives obey Kleene's laws (double negation, De Morgan).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { FieldValues } from '../../../../src/falco/eval/index.js';
import { evaluateAll, parse } from './helpers.js';

const CHECKS = [
  'proc.name = cat',
  'proc.name in (cat, bash, sh)',
  'proc.name startswith ba',
  'proc.name glob "*sh"',
  'proc.name regex "[a-z]+"',
  'proc.name startswith anyof (c, s)',
  'tolower(proc.name) = bash',
  'fd.name pmatch (/etc, /usr/bin)',
  'fd.name contains shadow',
  'fd.name endswith .conf',
  'user.uid < 1000',
  'user.uid in (0, 1000)',
  'user.uid = 0',
  'proc.aname = systemd',
  'proc.aname[2] = systemd',
  'fd.types intersects (file)',
  'k8s.ns.name exists',
  'proc.name = val(proc.pname)',
  'some_macro',
];

const condition: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...CHECKS),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} and ${b})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} or ${b})`),
    tie('expr').map((a) => `not (${a})`),
  ),
})).expr;

const maybe = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> =>
  fc.oneof(value, fc.constant(null), fc.constant(undefined));

const alert: fc.Arbitrary<FieldValues> = fc.record({
  'proc.name': maybe(fc.constantFrom('cat', 'bash', 'sh', 'Bash', 'systemd', '')),
  'proc.pname': maybe(fc.constantFrom('bash', 'systemd', 'containerd-shim')),
  'proc.aname[2]': maybe(fc.constantFrom('systemd', 'sshd')),
  'proc.aname[3]': maybe(fc.constant('init')),
  'fd.name': maybe(fc.constantFrom('/etc/shadow', '/usr/bin/x', '/etcx', '/tmp/a.conf')),
  'user.uid': maybe(fc.oneof(fc.constantFrom(0, 1000, 65534), fc.constantFrom('0', '999', 'root'))),
  'fd.types': maybe(fc.constantFrom(['file'], ['ipv4', 'file'], [] as string[])),
  'k8s.ns.name': maybe(fc.constant('default')),
});

describe('agreement and laws', () => {
  it('interpreter, compiled form and tracer agree', () => {
    fc.assert(
      fc.property(condition, alert, (text, fields) => {
        evaluateAll(parse(text), fields); // throws when the three forms disagree
      }),
      { numRuns: 400 },
    );
  });

  it('not not x is x', () => {
    fc.assert(
      fc.property(condition, alert, (text, fields) => {
        expect(evaluateAll(`not (not (${text}))`, fields)).toBe(evaluateAll(text, fields));
      }),
      { numRuns: 200 },
    );
  });

  it('De Morgan: not (a and b) is (not a) or (not b)', () => {
    fc.assert(
      fc.property(condition, condition, alert, (a, b, fields) => {
        expect(evaluateAll(`not ((${a}) and (${b}))`, fields)).toBe(
          evaluateAll(`(not (${a})) or (not (${b}))`, fields),
        );
      }),
      { numRuns: 200 },
    );
  });
});
