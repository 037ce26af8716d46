import { describe, expect, it } from '@jest/globals';
import { suggestExceptions } from '../../../../src/falco/exceptions/index.js';
import { jsonAlert, loadShared, subject, TITANAGENT, version } from './helpers.js';

describe('suggestExceptions', () => {
  it('offers a named rule exception first on current Falco (029, 0.44.1)', () => {
    const { ruleset } = loadShared(['falco_rules.yaml'], '0.44.1');
    const [first] = suggestExceptions({
      alert: subject(jsonAlert('029')),
      ruleset,
      falcoVersion: version('0.44.1'),
    });
    expect(first).toMatchObject({
      strategy: 'exception',
      target: 'Read sensitive file untrusted',
      fields: ['proc.name', 'fd.name'],
      alsoAffects: [],
    });
    expect(first?.yaml).toBe(
      [
        '- rule: Read sensitive file untrusted',
        '  exceptions:',
        '    - name: falco_triage_proc_name_fd_name',
        '      fields: [proc.name, fd.name]',
        '      comps: [=, =]',
        '      values:',
        '        - [cat, /etc/shadow]',
        '  override:',
        '    exceptions: append',
        '',
      ].join('\n'),
    );
  });

  it('offers the rule exception first for the host alert too (030), with list suggestions naming other rules', () => {
    const { ruleset } = loadShared(['falco_rules.yaml'], '0.44.1');
    const suggestions = suggestExceptions({
      alert: subject(jsonAlert('030')),
      ruleset,
      falcoVersion: version('0.44.1'),
    });
    expect(suggestions[0]).toMatchObject({ strategy: 'exception', fields: ['proc.name', 'fd.name'] });
    expect(suggestions[0]?.yaml).toContain('override:\n    exceptions: append');
    // shell_binaries is negated here and in a few rules, but used positively by others (which would fire more).
    const shells = suggestions.find((s) => s.strategy === 'list' && s.target === 'shell_binaries');
    expect(shells?.alsoAffects).toContain('Run shell untrusted');
    expect(shells?.firesMore).toEqual(expect.arrayContaining(['Terminal shell in container']));
    // The host alert's empty image cannot be a list item: offered, but refused with the reason.
    const images = suggestions.find((s) => s.target === 'read_sensitive_file_images');
    expect(images?.refused).toMatch(/empty value/);
    expect(suggestions.at(-1)?.refused).toBeDefined();
  });

  it('offers hids_binaries with append: true on 0.25, naming the other rules, and refuses a named exception', () => {
    const { ruleset } = loadShared(['falco_rules_0.25.0.yaml'], '0.25.0');
    const suggestions = suggestExceptions({ alert: TITANAGENT, ruleset, falcoVersion: version('0.25.0') });
    const hids = suggestions.find((s) => s.strategy === 'list' && s.target === 'hids_binaries');
    expect(hids?.yaml).toBe('- list: hids_binaries\n  append: true\n  items: [titanagent]\n');
    expect(hids?.fields).toEqual(['proc.name']);
    // hids_binaries is only used by this rule; shell_binaries is used by many.
    expect(hids?.alsoAffects).toEqual([]);
    const shells = suggestions.find((s) => s.strategy === 'list' && s.target === 'shell_binaries');
    expect(shells?.alsoAffects.length).toBeGreaterThan(1);
    expect(shells?.alsoAffects).not.toContain('Read sensitive file untrusted');
    expect(shells?.firesMore?.length).toBeGreaterThan(1);
    for (const s of suggestions) expect(s.yaml).not.toMatch(/override|exceptions/);
    const exception = suggestions.find((s) => s.strategy === 'exception');
    expect(exception?.refused).toMatch(/0\.31/);
    expect(suggestions[0]?.strategy).toBe('list');
  });

  it('returns nothing for a rule that is not loaded', () => {
    const { ruleset } = loadShared(['falco_rules.yaml'], '0.44.1');
    const alert = { ...TITANAGENT, rule: 'No such rule' };
    expect(suggestExceptions({ alert, ruleset, falcoVersion: version('0.44.1') })).toEqual([]);
  });
});
