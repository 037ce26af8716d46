import { describe, expect, it } from '@jest/globals';
import { parseAlert, type Alert } from '../../../../src/falco/alert/schema.js';
import { createRouter } from '../../../../src/triage/alerts/route-alert.js';
import { messageStyleOf, parseRoutesFile } from '../../../../src/triage/alerts/routes-file.js';
import { alertFixture } from '../../../helpers/fixtures.js';

function alert(prefix: string, changes: Record<string, unknown> = {}): Alert {
  const parsed = parseAlert({ ...alertFixture(prefix), ...changes });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

function router(yaml: string, defaultChannel: string | null = 'C0DEFAULT1') {
  const file = parseRoutesFile(yaml);
  if (!file.ok) throw new Error(JSON.stringify(file.error));
  return createRouter(file.value, defaultChannel ?? undefined);
}

describe('parseRoutesFile', () => {
  it('reports every problem with its line and column', () => {
    const parsed = parseRoutesFile(
      [
        'routes:',
        '  - match: { priority: ">=Severe" }',
        '    channels: [C0AAA]',
        '  - match: { rules: ["x"] }',
        '    channels: ["#alerts"]',
        '  - match: { colour: red }',
        '    action: store',
        '',
      ].join('\n'),
    );

    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toEqual([
      expect.objectContaining({
        line: 2,
        column: 24,
        message: expect.stringContaining('routes.0.match.priority'),
      }),
      expect.objectContaining({ line: 5, column: 16, message: expect.stringContaining('channel ID') }),
      expect.objectContaining({ line: 6, column: 12, message: expect.stringContaining('colour') }),
    ]);
  });

  it('reports YAML syntax errors with a position', () => {
    const parsed = parseRoutesFile('routes:\n  - match: {rules: [x\n');

    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error[0]?.line).toBeGreaterThan(0);
  });

  it('refuses a route that neither posts nor says what to do', () => {
    const parsed = parseRoutesFile('- match: { rules: [x] }\n');

    expect(parsed.ok).toBe(false);
  });

  it('accepts a bare list of routes and grouping rules', () => {
    const parsed = parseRoutesFile('- match: {rules: [x]}\n  action: drop\n');

    expect(parsed.ok && parsed.value.routes[0]?.action).toEqual({ kind: 'drop' });
  });
});

describe('message styles in the routes file', () => {
  it("lays a route's message block over the file's, key by key", () => {
    const parsed = parseRoutesFile(
      [
        'message:',
        '  hide_unknown: true',
        '  links: [{ text: Runbook, url: "https://runbooks.example.com/{rule_slug}" }]',
        'routes:',
        '  - name: busy',
        '    match: { rules: ["Read sensitive*"] }',
        '    channels: [C0BUSY0001]',
        '    message: { form: compact, fields: [proc.name, fd.name] }',
        '',
      ].join('\n'),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));

    expect(messageStyleOf(parsed.value, 'busy')).toEqual({
      form: 'compact',
      fields: ['proc.name', 'fd.name'],
      hideUnknown: true,
      showFingerprint: false,
      links: [{ text: 'Runbook', url: 'https://runbooks.example.com/{rule_slug}' }],
    });
    expect(messageStyleOf(parsed.value, null)).toMatchObject({ form: 'full', hideUnknown: true });
  });

  it('refuses unknown placeholders, unsafe links and unknown keys, with their position', () => {
    const parsed = parseRoutesFile(
      [
        'message:',
        '  links:',
        '    - { text: Logs, url: "https://grafana.example.com/?pod={pod}" }',
        '    - { text: "<!channel>", url: "javascript:alert(1)" }',
        '  colour: red',
        '',
      ].join('\n'),
    );

    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining('unknown placeholder {pod}') }),
      expect.objectContaining({ line: 4, message: expect.stringContaining('plain words only') }),
      expect.objectContaining({ line: 4, message: expect.stringContaining('http(s) URL') }),
      expect.objectContaining({ line: 2, column: 3, message: expect.stringContaining('colour') }),
    ]);
  });
});

describe('createRouter', () => {
  it('sends unclaimed alerts to the default channel', () => {
    expect(router('routes: []')(alert('029'))).toEqual({
      route: 'default',
      action: { kind: 'post', channels: ['C0DEFAULT1'] },
    });
  });

  it('stores unclaimed alerts when there is no default channel', () => {
    expect(router('routes: []', null)(alert('029')).action).toEqual({ kind: 'store' });
  });

  it.each([
    ['rules glob', '{ rules: ["Read sensitive*"] }', true],
    ['rules glob with literal parentheses', '{ rules: ["Read (sensitive*"] }', false],
    ['minimum priority met', '{ priority: Warning }', true],
    ['minimum priority not met', '{ priority: ">=Error" }', false],
    ['below a priority', '{ priority: "<Error" }', true],
    ['all tags of a set', '{ tags: ["container, mitre_credential_access"] }', true],
    ['one tag of a set missing', '{ tags: ["container, k8s"] }', false],
    ['any set of tags', '{ tags: ["k8s", "host"] }', true],
    ['source', '{ source: [k8s_audit, syscall] }', true],
    ['hostname glob', '{ hostnames: ["colima-*"] }', true],
    ['field equals', '{ output_fields: ["proc.name=cat"] }', true],
    ['field differs', '{ output_fields: ["proc.name!=cat"] }', false],
    ['numeric field as text', '{ output_fields: ["user.uid=0, proc.tty=0"] }', true],
    ['a <NA> field differs from everything', '{ output_fields: ["k8s.ns.name!=kube-system"] }', true],
    ['all conditions must hold', '{ rules: ["Read sensitive file untrusted"], priority: Critical }', false],
  ])('%s', (_title, match, expected) => {
    const decide = router(`routes:\n  - name: r\n    match: ${match}\n    channels: [C0MATCHED]\n`);

    expect(decide(alert('029')).route).toBe(expected ? 'r' : 'default');
  });

  it('lets the first matching route win', () => {
    const decide = router(
      [
        'routes:',
        '  - name: quiet',
        '    match: { priority: "<Warning" }',
        '    action: store',
        '  - name: secrets',
        '    match: { tags: [mitre_credential_access] }',
        '    channels: [C0SECRETS, C0AUDIT1]',
        '  - name: everything',
        '    match: {}',
        '    action: drop',
      ].join('\n'),
    );

    expect(decide(alert('029'))).toEqual({
      route: 'secrets',
      action: { kind: 'post', channels: ['C0SECRETS', 'C0AUDIT1'] },
    });
    expect(decide(alert('029', { priority: 'Notice' })).route).toBe('quiet');
    expect(decide(alert('029', { tags: [] })).route).toBe('everything');
  });
});
