import { describe, expect, it } from '@jest/globals';
import { parseFalcoCommand } from '../../../../src/triage/commands/falco-command.js';

describe('parseFalcoCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['status', { kind: 'status' }],
    ['STATUS', { kind: 'status' }],
    ['status staging', { kind: 'status', target: 'staging' }],
    ['frobnicate', { kind: 'help', unknown: 'frobnicate' }],
  ])('%j', (text, expected) => {
    expect(parseFalcoCommand(text)).toEqual(expected);
  });

  it('keeps the pasted alert of explain as is (Slack-unescaped)', () => {
    expect(parseFalcoCommand('explain 12:00:00.000000000: Warning x &lt;NA&gt; &amp;')).toEqual({
      kind: 'explain',
      text: '12:00:00.000000000: Warning x <NA> &',
    });
  });

  it('treats a pasted alert without the word explain as explain', () => {
    expect(parseFalcoCommand('{"rule": "x"}')).toMatchObject({ kind: 'explain' });
    expect(parseFalcoCommand('```{"rule": "x"}```')).toMatchObject({ kind: 'explain' });
  });

  it.each([
    'Warning Sensitive file opened for reading by non-trusted program | file=/etc/shadow user=root',
    'WARNING: Sensitive file opened',
    'Sensitive file opened for reading by non-trusted program (user=root program=cat)',
    'Sensitive file opened for reading by non-trusted program | file=/etc/shadow',
  ])('treats an output pasted without its header as explain: %j', (text) => {
    expect(parseFalcoCommand(text)).toEqual({ kind: 'explain', text });
  });

  it.each(['frobnicate', 'warning', 'mutes x=1', 'hello there'])('keeps %j as help', (text) => {
    expect(parseFalcoCommand(text).kind).toBe('help');
  });

  it('finds the duration after a rule name with spaces', () => {
    expect(parseFalcoCommand('mute Terminal shell in container 2h upgrade window')).toEqual({
      kind: 'mute',
      target: { kind: 'rule', value: 'Terminal shell in container' },
      durationMs: 7_200_000,
      durationText: '2h',
      reason: 'upgrade window',
    });
  });

  it('reads a quoted rule name literally, even when it ends in something like a duration', () => {
    expect(parseFalcoCommand('mute "Drop 5m" 30m')).toMatchObject({
      target: { kind: 'rule', value: 'Drop 5m' },
      durationMs: 1_800_000,
      reason: null,
    });
  });

  it('takes target=<name> anywhere in mute and unmute: only that target’s alerts', () => {
    expect(parseFalcoCommand('mute Terminal shell in container target=staging 2h upgrade')).toEqual({
      kind: 'mute',
      target: { kind: 'rule', value: 'Terminal shell in container', falcoTarget: 'staging' },
      durationMs: 7_200_000,
      durationText: '2h',
      reason: 'upgrade',
    });
    expect(parseFalcoCommand('mute "Drop 5m" 30m night shift target=prod')).toMatchObject({
      target: { kind: 'rule', value: 'Drop 5m', falcoTarget: 'prod' },
      reason: 'night shift',
    });
    expect(parseFalcoCommand('unmute target=prod 0123456789abcdef')).toEqual({
      kind: 'unmute',
      target: { kind: 'fingerprint', value: '0123456789abcdef', falcoTarget: 'prod' },
    });
    expect(parseFalcoCommand('unmute target=prod')).toEqual({
      kind: 'invalid',
      problem: { code: 'unmute_without_target' },
    });
  });

  it('recognises a fingerprint', () => {
    expect(parseFalcoCommand('unmute 0123456789abcdef')).toEqual({
      kind: 'unmute',
      target: { kind: 'fingerprint', value: '0123456789abcdef' },
    });
  });

  it.each([
    ['mute Terminal shell', { code: 'mute_without_duration' }],
    ['mute "  " 2h', { code: 'mute_without_target' }],
    ['mute Terminal shell 91d', { code: 'mute_too_long', maxDays: 90 }],
    ['mute "x" soon', { code: 'mute_bad_duration', duration: 'soon' }],
    ['mute "x" 0m', { code: 'mute_bad_duration', duration: '0m' }],
    ['unmute', { code: 'unmute_without_target' }],
  ])('says what is wrong with %j', (text, problem) => {
    expect(parseFalcoCommand(text)).toEqual({ kind: 'invalid', problem });
  });
});
