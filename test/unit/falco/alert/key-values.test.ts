import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { extractKeyValues } from '../../../../src/falco/alert/key-values.js';

function pairs(text: string, options?: Parameters<typeof extractKeyValues>[1]): string[][] {
  return extractKeyValues(text, options).map(({ key, value }) => [key, value]);
}

describe('extractKeyValues', () => {
  it('lets values contain spaces, splitting at the next key', () => {
    expect(pairs('user=<NA> program=titanagent command=titanagent -d file=/etc/shadow')).toEqual([
      ['user', '<NA>'],
      ['program', 'titanagent'],
      ['command', 'titanagent -d'],
      ['file', '/etc/shadow'],
    ]);
  });

  it('does not start a key inside a value (--flag=x, a=b=c, x(y=z)', () => {
    expect(pairs('command=falcoctl follow --allowed-types=rulesfile pid=24990 v=a=b')).toEqual([
      ['command', 'falcoctl follow --allowed-types=rulesfile'],
      ['pid', '24990'],
      ['v', 'a=b'],
    ]);
  });

  it('with known keys, keeps unknown `word=` inside the value', () => {
    expect(pairs('cmdline=env FOO=bar ls file=/x', { knownKeys: ['cmdline', 'file'] })).toEqual([
      ['cmdline', 'env FOO=bar ls'],
      ['file', '/x'],
    ]);
    expect(pairs('cmdline=env foo=bar ls file=/x')).toEqual([
      ['cmdline', 'env'],
      ['foo', 'bar ls'],
      ['file', '/x'],
    ]);
  });

  it('handles comma separators, empty values, repeated keys and a title', () => {
    expect(pairs('K8s Audit Event Detected: verb=create, user=aks, groups=(a,b), target=<NA>')).toEqual([
      ['verb', 'create'],
      ['user', 'aks'],
      ['groups', '(a,b)'],
      ['target', '<NA>'],
    ]);
    expect(pairs('decision=allow reason= k8s.ns=a k8s.ns=b')).toEqual([
      ['decision', 'allow'],
      ['reason', ''],
      ['k8s.ns', 'a'],
      ['k8s.ns', 'b'],
    ]);
  });

  it('reads labels with spaces after a comma, and leading labels when asked', () => {
    expect(
      pairs('requesting user=bob, requesting IP=192.0.2.24, AWS region=us-east-1', { leadingLabel: true }),
    ).toEqual([
      ['requesting user', 'bob'],
      ['requesting IP', '192.0.2.24'],
      ['AWS region', 'us-east-1'],
    ]);
    expect(pairs('Title words user=bob')).toEqual([['user', 'bob']]);
    expect(pairs('user=Tony Stark, app=drive')).toEqual([
      ['user', 'Tony Stark'],
      ['app', 'drive'],
    ]);
  });

  it('reports offsets into the text, shifted by `offset`', () => {
    const [first] = extractKeyValues('(user=root)'.slice(1, -1), { offset: 1 });
    expect(first).toEqual({ key: 'user', value: 'root', start: 1, valueStart: 6, end: 10 });
  });

  it('never throws and its offsets always point at the key and the value', () => {
    const text = fc.stringMatching(/^[a-z =,.()\-_[\]]{0,80}$/);
    fc.assert(
      fc.property(text, fc.boolean(), (input, leadingLabel) => {
        for (const pair of extractKeyValues(input, { leadingLabel })) {
          expect(input.slice(pair.start, pair.valueStart)).toBe(`${pair.key}=`);
          expect(input.slice(pair.valueStart, pair.end)).toBe(pair.value);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
