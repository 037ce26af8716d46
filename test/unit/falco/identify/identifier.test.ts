/**
 * Identification cases one by one: JSON by name (and the unknown-rule answer), text styles of each era, what Falco
 * appends, `%container.info`, typing, ranking of rules that print the same output, and hostile input.
 */
import { describe, expect, it } from '@jest/globals';
import { parseAlert, parseTextLine, type TextAlert } from '../../../../src/falco/alert/index.js';
import { fieldTypesFromCatalog } from '../../../../src/falco/eval/index.js';
import { parseFieldCatalog } from '../../../../src/falco/fields/catalog.js';
import { createIdentifier, type Identification } from '../../../../src/falco/identify/index.js';
import { loadRules } from '../../../../src/falco/rules/index.js';
import { alertFixture } from '../../../helpers/fixtures.js';
import { fixtureRules, readShared } from './fixtures.js';

function text(line: string): TextAlert {
  const parsed = parseTextLine(line);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function identified(result: Identification): Extract<Identification, { kind: 'identified' }> {
  if (result.kind !== 'identified') throw new Error(result.message);
  return result;
}

const current = createIdentifier(fixtureRules('falco_rules.yaml').ruleset);
const old = createIdentifier(fixtureRules('falco_rules_0.25.0.yaml').ruleset);

describe('JSON alerts', () => {
  it('are identified by their rule name, with their own fields', () => {
    const alert = parseAlert(alertFixture('029'));
    if (!alert.ok) throw new Error(alert.error.message);
    const result = identified(current.identifyJson(alert.value));
    expect(result.rule).toBe('Read sensitive file untrusted');
    expect(result.candidates).toEqual([
      {
        rule: 'Read sensitive file untrusted',
        score: 1,
        match: 'rule-name',
        priorityAgrees: true,
        condition: 'unknown',
      },
    ]);
    expect(result.alert).toBe(alert.value);
    expect(result.sources['proc.name']).toBe('output_fields');
  });

  it('name an unknown rule clearly, with the closest names and the rules whose output matches', () => {
    const alert = parseAlert({ ...alertFixture('029'), rule: 'Read sensitive files untrusted (custom)' });
    if (!alert.ok) throw new Error(alert.error.message);
    const result = current.identifyJson(alert.value);
    expect(result).toMatchObject({
      kind: 'unidentified',
      reason: 'unknown-rule',
      rule: 'Read sensitive files untrusted (custom)',
    });
    if (result.kind !== 'unidentified') return;
    expect(result.hints[0]).toBe('Read sensitive file untrusted');
    expect(result.message).toMatch(
      /^the alert names rule "Read sensitive files untrusted \(custom\)", which is not in the loaded rules; closest: /,
    );
  });

  it('without output_fields, read the values from the output text', () => {
    const { output_fields: _dropped, ...rest } = alertFixture('029');
    const alert = parseAlert(rest);
    if (!alert.ok) throw new Error(alert.error.message);
    const result = identified(current.identifyJson(alert.value));
    expect(result.fields).toMatchObject({
      'fd.name': '/etc/shadow',
      'proc.name': 'cat',
      'user.uid': 0,
      'proc.cmdline': 'cat /etc/shadow',
    });
    // This capture's output is not the current template (custom output): the labels give the values.
    expect(result.sources['proc.name']).toBe('label');
    expect(result.sources['container.image.repository']).toBe('appended');
    expect(result.notes).toContain('the alert has no output_fields: values were read from its output text');
  });
});

describe('text lines', () => {
  it('type values: numbers, <NA> as null, strings kept as printed', () => {
    const line =
      '08:29:44.319538044: Warning Sensitive file opened for reading by non-trusted program | file=/etc/shadow gparent=containerd-shim ggparent=<NA> gggparent=<NA> evt_type=openat user=root user_uid=0 user_loginuid=-1 process=123 proc_exepath=/bin/busybox parent=sh command=cat /etc/shadow terminal=0 container_id=01cdef08d09b container_name=web container_image_repository=alpine container_image_tag=latest';
    const result = identified(current.identifyText(text(line), { now: Date.UTC(2026, 7, 13) }));
    expect(result.candidates[0]).toMatchObject({ match: 'exact', priorityAgrees: true });
    expect(result.fields).toMatchObject({
      'user.uid': 0,
      'user.loginuid': -1,
      'proc.tty': 0,
      'proc.name': '123',
      'proc.aname[3]': null,
      'container.id': '01cdef08d09b',
      'container.image.repository': 'alpine',
      'container.image.tag': 'latest',
    });
    expect(result.sources['container.name']).toBe('appended');
    expect(result.alert.time.iso).toBe('2026-08-13T08:29:44.319538044Z');
    expect(result.notes[0]).toMatch(/only a time of day/);
  });

  it('read %container.info as Falco -pk text and as name (id=…)', () => {
    const pk = identified(
      old.identifyText(
        text(
          '23:39:44.834631763: Notice A shell was spawned in a container with an attached terminal (user=root k8s.ns=default k8s.pod=alpine container=5892b41bcf46 shell=sh parent=<NA> cmdline=sh -c ls -al terminal=34817 container_id=5892b41bcf46 image=alpine)',
        ),
      ),
    );
    expect(pk.rule).toBe('Terminal shell in container');
    expect(pk.fields).toMatchObject({
      'k8s.ns.name': 'default',
      'k8s.pod.name': 'alpine',
      'proc.cmdline': 'sh -c ls -al',
    });
    expect(pk.sources['k8s.ns.name']).toBe('container-info');
    const named = identified(
      old.identifyText(
        text(
          '20:33:20.106511423: Warning Shell history had been deleted or renamed (user=root type=unlink command=zsh fd.name=<NA> name=<NA> path=/root/.zsh_history.LOCK oldpath=<NA> host (id=host))',
        ),
      ),
    );
    expect(named.fields).toMatchObject({
      'container.name': 'host',
      'container.id': 'host',
      'evt.arg.path': '/root/.zsh_history.LOCK',
    });
  });

  it('rank two rules with the same output by their conditions, then by definition order', () => {
    const line = (type: string, name: string): TextAlert =>
      text(
        `20:33:20.106511423: Warning Shell history had been deleted or renamed (user=root type=${type} command=zsh fd.name=<NA> name=${name} path=<NA> oldpath=<NA> host (id=host))`,
      );
    const renamed = identified(old.identifyText(line('rename', '/root/.zsh_history')));
    expect(renamed.candidates.map((c) => [c.rule, c.condition])).toEqual([
      ['Delete or rename shell history', 'true'],
      ['Delete Bash History', 'false'],
    ]);
    const spawned = identified(old.identifyText(line('execve', '<NA>')));
    expect(spawned.rule).toBe('Delete Bash History');
    expect(spawned.candidates[1]).toMatchObject({
      rule: 'Delete or rename shell history',
      condition: 'false',
    });
  });

  it('fall back to the title and key=value labels for another version of the output', () => {
    const line =
      '11:07:54.233793746: Warning Sensitive file opened for reading by non-trusted program (user=root user_loginuid=-1 program=systemd-userwor command=systemd-userwor file=/etc/shadow parent=systemd-userdbd gparent=systemd ggparent=<NA> gggparent=<NA> container_id=host image=<NA>)';
    const result = identified(old.identifyText(text(line)));
    expect(result.candidates[0]).toMatchObject({ rule: 'Read sensitive file untrusted', match: 'title' });
    expect(result.fields).toMatchObject({
      'proc.name': 'systemd-userwor',
      'fd.name': '/etc/shadow',
      'proc.aname[2]': 'systemd',
    });
    expect(result.sources['proc.name']).toBe('label');
  });

  it('match a line re-wrapped by a log collector (flexible whitespace)', () => {
    const line =
      '20:46:45.519621929: Warning Sensitive file opened for reading by non-trusted program (user=<NA> program=titanagent\n  command=titanagent -d file=/etc/shadow parent=<NA> gparent=<NA> ggparent=<NA> gggparent=<NA> container_id=host image=<NA>)';
    const result = identified(old.identifyText(text(line)));
    expect(result.candidates[0]).toMatchObject({ match: 'flexible' });
    expect(result.fields['proc.cmdline']).toBe('titanagent -d');
  });

  it('say clearly when no output fits, with the closest titles as hints', () => {
    const result = old.identifyText(
      text('20:46:45.519621929: Warning Sensitive file opened for reading by untrusted program (user=x)'),
    );
    expect(result).toMatchObject({ kind: 'unidentified', reason: 'no-match' });
    if (result.kind !== 'unidentified') return;
    expect(result.hints).toContain('Read sensitive file untrusted');
  });

  describe('a title reworded by another Falco version', () => {
    const incubating = createIdentifier(fixtureRules('falco-incubating_rules.yaml').ruleset);
    // Falco 0.3x printed "Shell history had been deleted or renamed (user=...)"; the rules now print
    // "Shell history deleted or renamed | file=... name=... path=...".
    const oldLine =
      '20:33:20.106511423: Warning Shell history had been deleted or renamed (user=root user_loginuid=0 type=unlink command=zsh fd.name=<NA> name=<NA> path=/root/.zsh_history.LOCK oldpath=<NA> host (id=host))';

    it('is matched by its words and its agreeing labels, and says so', () => {
      const result = identified(incubating.identifyText(text(oldLine)));
      expect(result.rule).toBe('Delete or rename shell history');
      expect(result.candidates[0]).toMatchObject({ match: 'reworded-title', priorityAgrees: true });
      expect(result.fields).toMatchObject({
        'user.name': 'root',
        'proc.cmdline': 'zsh',
        'evt.arg.path': '/root/.zsh_history.LOCK',
        // The old output's %container.info followed its last label: split off, not part of oldpath.
        'evt.arg.oldpath': null,
        'container.name': 'host',
        'container.id': 'host',
      });
      expect(result.sources['evt.arg.path']).toBe('label');
      expect(result.sources['container.name']).toBe('container-info');
      expect(result.notes.join(' ')).toContain('"Shell history deleted or renamed"');
    });

    it('names no rule when too few labels agree', () => {
      const result = incubating.identifyText(
        text('20:33:20.106511423: Warning Shell history had been deleted or renamed (user=root command=zsh)'),
      );
      expect(result).toMatchObject({ kind: 'unidentified', reason: 'no-match' });
    });

    it('names no rule when the labels agree but the title is another one', () => {
      const line = oldLine.replace(
        'Shell history had been deleted or renamed',
        'Unexpected file removed by shell',
      );
      expect(incubating.identifyText(text(line))).toMatchObject({ kind: 'unidentified', reason: 'no-match' });
    });
  });

  it('stay fast and exact on a 20 KB value full of labels', () => {
    const command = `sh -c '${' file=/etc/x parent=y'.repeat(1000)}'`;
    const line = `20:46:45.519621929: Warning Sensitive file opened for reading by non-trusted program (user=<NA> program=sh command=${command} file=/etc/shadow parent=<NA> gparent=<NA> ggparent=<NA> gggparent=<NA> container_id=host image=<NA>)`;
    expect(line.length).toBeGreaterThan(20_000);
    const result = identified(old.identifyText(text(line)));
    expect(result.rule).toBe('Read sensitive file untrusted');
    expect(result.fields['fd.name']).toBe('/etc/shadow');
    expect(result.fields['proc.cmdline']).toBe(command);
  });

  it('use a field catalog for types when given', () => {
    const catalog = parseFieldCatalog(readShared('fixtures/falco/fields.json'));
    if (!catalog.ok) throw new Error(catalog.error.message);
    const loaded = loadRules([
      {
        name: 'custom.yaml',
        content:
          '- rule: Ports\n  desc: d\n  condition: fd.sport > 0\n  output: "Port seen (port=%fd.sport sip=%fd.sip num=%fd.num fail=%evt.failed)"\n  priority: NOTICE\n',
      },
    ]);
    const typed = createIdentifier(loaded.ruleset, { fieldType: fieldTypesFromCatalog(catalog.value) });
    const result = identified(
      typed.identifyText(
        text('10:00:00.000000000: Notice Port seen (port=443 sip=10.0.0.1 num=7 fail=true)'),
      ),
    );
    expect(result.fields).toEqual({ 'fd.sport': 443, 'fd.sip': '10.0.0.1', 'fd.num': 7, 'evt.failed': true });
    expect(result.candidates[0]?.condition).toBe('true');
  });
});
