/**
 * The original how-to, explained: titanagent reading /etc/shadow on Falco 0.25, from the text line alone.
 */
import { describe, expect, it } from '@jest/globals';
import type { ExplainNode } from '../../../../src/falco/explain/index.js';
import { explainWith, nodes, onlyReport, readShared, resultOf, sharedInput } from './helpers.js';

const report = onlyReport(
  explainWith(
    [sharedInput('fixtures/rules/falco_rules_0.25.0.yaml')],
    '0.25.0',
    readShared('fixtures/alerts/seed-titanagent.txt'),
  ),
);
const all = nodes(report.explanation.tree);

function check(text: RegExp): Extract<ExplainNode, { type: 'check' }> {
  const found = all.find((node) => node.type === 'check' && text.test(node.text));
  if (found?.type !== 'check') throw new Error(`no check ${String(text)}`);
  return found;
}

describe('explain: titanagent on Falco 0.25', () => {
  it('names the rule and recovers the fields from the line', () => {
    expect(report.rule).toBe('Read sensitive file untrusted');
    expect(report.candidates[0]).toMatchObject({ rule: 'Read sensitive file untrusted', match: 'exact' });
    expect(report.fields).toMatchObject({
      'proc.name': 'titanagent',
      'fd.name': '/etc/shadow',
      'proc.cmdline': 'titanagent -d',
      'user.name': null,
      'container.id': 'host',
    });
    expect(report.priority).toBe('Warning');
  });

  it('describes the rule', () => {
    const { explanation } = report;
    expect(explanation.desc).toMatch(/^an attempt to read any sensitive file/);
    expect(explanation.tags).toEqual(['filesystem', 'mitre_credential_access', 'mitre_discovery']);
    expect(explanation.source).toBe('syscall');
    expect(explanation.condition).toMatch(/^sensitive_files and open_read/);
  });

  it('evaluates every node: the trusted-programs check is false, so its negation holds', () => {
    const trusted = check(/^proc\.name in \(user_mgmt_binaries/);
    expect(trusted.result).toBe('false');
    expect(trusted.reads).toEqual([{ field: 'proc.name', value: 'titanagent' }]);
    const hids = trusted.lists?.find((list) => list.name === 'hids_binaries');
    expect(hids).toEqual({ name: 'hids_binaries', size: 7, matched: false });
    expect(trusted.lists).toHaveLength(12);
    expect(trusted.literalItems).toBe(3);
    const negation = all.find((node) => node.type === 'not' && node.child === trusted);
    expect(resultOf(negation)).toBe('true');

    const sensitive = all.find((node) => node.type === 'macro' && node.name === 'sensitive_files');
    expect(resultOf(sensitive)).toBe('true');
    expect(check(/^fd\.name in \(sensitive_file_names\)/).lists).toEqual([
      { name: 'sensitive_file_names', size: 4, matched: true },
    ]);
    // The line does not print the event type: open_read cannot be decided, and neither can the whole rule.
    expect(resultOf(all.find((node) => node.type === 'macro' && node.name === 'open_read'))).toBe('unknown');
    expect(report.explanation.result).toBe('unknown');
    expect(report.explanation.missingFields).toContain('evt.type');
  });

  it('lists hids_binaries among the exception points, each with the other rules it would silence', () => {
    const points = report.exceptionPoints;
    const hids = points.find((point) => point.kind === 'list' && point.name === 'hids_binaries');
    expect(hids).toMatchObject({
      field: 'proc.name',
      value: 'titanagent',
      via: [],
      usedByRules: [], // only this rule checks hids_binaries in 0.25
      silencesAlert: 'true',
    });
    const shells = points.find((point) => point.name === 'shell_binaries');
    expect(shells?.usedByRules).toEqual([
      'Modify Shell Configuration File',
      'Read Shell Configuration File',
      'Run shell untrusted',
      'System procs network activity',
      'Terminal shell in container',
    ]);
    // A list named inside another list is a point too: appending to it extends the outer one.
    expect(points.find((point) => point.name === 'login_binaries')).toMatchObject({
      partOf: 'user_mgmt_binaries',
    });
    const macros = points.filter((point) => point.kind === 'macro').map((point) => point.name);
    expect(macros).toEqual([
      'user_read_sensitive_file_conditions',
      'user_known_read_sensitive_files_activities',
      'user_read_sensitive_file_containers',
    ]);
    expect(points.filter((point) => point.kind === 'list')).toHaveLength(
      new Set(points.filter((point) => point.kind === 'list').map((point) => point.name)).size,
    );
  });

  it('summarises why it fired', () => {
    expect(report.explanation.summary).toMatch(
      /^Fired because: sensitive_files \(fd\.name=\/etc\/shadow\) and open_read \(\?\) and .*not proc\.name in \(…\) \[titanagent is not in any of the 12 lists\]/,
    );
  });

  it('suggests appending titanagent to hids_binaries with append: true (0.25 has no override, no exceptions)', () => {
    const hids = report.suggestions.find((s) => s.strategy === 'list' && s.target === 'hids_binaries');
    expect(hids?.yaml).toBe('- list: hids_binaries\n  append: true\n  items: [titanagent]\n');
    for (const suggestion of report.suggestions.filter((s) => s.refused === undefined)) {
      expect(suggestion.yaml).not.toMatch(/override|exceptions:/);
    }
  });
});
