/** Traced evaluation: a JSON tree mirroring the AST, with results, spans, reads and reasons. */
import { describe, expect, it } from '@jest/globals';
import { traceCondition, type FieldValues, type TraceNode } from '../../../../src/falco/eval/index.js';
import { parse } from './helpers.js';

const ALERT: FieldValues = {
  'proc.name': 'titanagent',
  'proc.cmdline': 'titanagent -d',
  'fd.name': '/etc/shadow',
  'user.name': null,
  'proc.aname_2': 'systemd',
};

function trace(text: string, fields: FieldValues = ALERT): TraceNode {
  return traceCondition(parse(text), fields);
}

describe('traceCondition', () => {
  it('mirrors the tree, with what each check read', () => {
    const text = 'fd.name startswith /etc and not proc.name in (aide, aide.wrapper, osqueryd)';
    expect(trace(text)).toEqual({
      type: 'and',
      result: 'true',
      span: { start: 0, end: text.length },
      children: [
        {
          type: 'check',
          result: 'true',
          span: { start: 0, end: 23 },
          text: 'fd.name startswith /etc',
          field: 'fd.name',
          operator: 'startswith',
          operands: ['/etc'],
          value: '/etc/shadow',
          reads: [{ field: 'fd.name', key: 'fd.name', value: '/etc/shadow' }],
        },
        {
          type: 'not',
          result: 'true',
          span: { start: 28, end: text.length },
          child: {
            type: 'check',
            result: 'false',
            span: { start: 32, end: text.length },
            text: 'proc.name in (aide, aide.wrapper, osqueryd)',
            field: 'proc.name',
            operator: 'in',
            operands: ['aide', 'aide.wrapper', 'osqueryd'],
            value: 'titanagent',
            reads: [{ field: 'proc.name', key: 'proc.name', value: 'titanagent' }],
          },
        },
      ],
    });
  });

  it('shows every branch, even those evaluation would skip', () => {
    const traced = trace('proc.name = dog and missing.field = x');
    expect(traced).toMatchObject({
      result: 'false',
      children: [
        { result: 'false', value: 'titanagent' },
        { result: 'unknown', reason: 'absent', reads: [{ field: 'missing.field' }] },
      ],
    });
  });

  it('reports <NA>, the key that matched and why a check is unknown', () => {
    expect(trace('user.name = root')).toMatchObject({ result: 'false', value: null });
    expect(trace('proc.aname[2] = systemd')).toMatchObject({
      result: 'true',
      reads: [{ field: 'proc.aname[2]', key: 'proc.aname_2', value: 'systemd' }],
    });
    expect(trace('fd.name regex "(?i)x"')).toMatchObject({
      result: 'unknown',
      reason: 'invalid-in-falco',
      detail: 'invalid regex pattern: missing argument to repetition operator: ?',
    });
    expect(trace('some_macro')).toEqual({
      type: 'identifier',
      result: 'unknown',
      reason: 'unresolved-name',
      name: 'some_macro',
      span: { start: 0, end: 10 },
    });
  });

  it('shows transformed values and the right-hand side of val()', () => {
    expect(trace('toupper(proc.name) = TITANAGENT')).toMatchObject({
      result: 'true',
      field: 'toupper(proc.name)',
      value: 'TITANAGENT',
      reads: [{ field: 'proc.name', value: 'titanagent' }],
    });
    expect(trace('proc.cmdline startswith val(proc.name)')).toMatchObject({
      result: 'true',
      compared: 'titanagent',
      reads: [
        { field: 'proc.cmdline', value: 'titanagent -d' },
        { field: 'proc.name', value: 'titanagent' },
      ],
    });
    expect(trace('proc.name startswith anyof (titan, x)')).toMatchObject({
      modifier: 'anyof',
      result: 'true',
    });
  });

  it('is plain JSON', () => {
    const traced = trace('(fd.name pmatch (/etc) or proc.aname in (sshd)) and not user.name exists');
    expect(JSON.parse(JSON.stringify(traced))).toEqual(traced);
  });

  it('points spans at the source text of each check', () => {
    const text = 'proc.name = x or (fd.name glob "/etc/*" and not proc.cmdline contains "-d")';
    const checks: string[] = [];
    const walk = (node: TraceNode): void => {
      if (node.type === 'check') checks.push(text.slice(node.span.start, node.span.end));
      else if (node.type === 'and' || node.type === 'or') node.children.forEach(walk);
      else if (node.type === 'not') walk(node.child);
    };
    walk(trace(text));
    expect(checks).toEqual(['proc.name = x', 'fd.name glob "/etc/*"', 'proc.cmdline contains "-d"']);
  });
});
