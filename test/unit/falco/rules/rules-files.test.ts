/**
 * The real rules files load without errors at their own Falco version, alone and with the rules repo's custom
 * files after them, as issue 3 requires.
 */
import { describe, expect, it } from '@jest/globals';
import { loadRules } from '../../../../src/falco/rules/load.js';
import type { LoadResult } from '../../../../src/falco/rules/model.js';
import { sharedInput, version } from './fixtures.js';

const R = 'fixtures/rules/';
const REPO = 'fixtures/rules-repo/';

function errorsOf(result: LoadResult): string[] {
  return result.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);
}

describe('older default rules files at their own Falco version', () => {
  it.each([
    ['0.21.0', 'falco_rules_0.21.0_helm_stable_1.1.7.yaml'],
    ['0.22.1', 'falco_rules_0.22.1.yaml'],
    ['0.24.0', 'falco_rules_0.24.0.yaml'],
    ['0.25.0', 'falco_rules_0.25.0.yaml'],
    ['0.26.2', 'falco_rules_0.26.2.yaml'],
  ])('Falco %s: %s has no errors and every rule compiles', (falco, file) => {
    const result = loadRules([sharedInput(R + file)], { falcoVersion: version(falco) });
    expect(errorsOf(result)).toEqual([]);
    expect(result.ruleset.rules.length).toBeGreaterThan(50);
    expect(result.ruleset.rules.filter((rule) => rule.compiled === undefined).map((r) => r.name)).toEqual([]);
    // The Lua/0.2x era had no deprecation warnings for append or enabled.
    expect(result.warnings.filter((w) => w.code === 'LOAD_DEPRECATED_ITEM')).toEqual([]);
  });
});

describe('the current default rules at 0.44.1', () => {
  const current = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) =>
    sharedInput(R + f),
  );

  it('loads the three files together, in order, with no errors', () => {
    const result = loadRules(current, { falcoVersion: version('0.44.1') });
    expect(errorsOf(result)).toEqual([]);
    expect(result.ruleset.rules).toHaveLength(93);
    expect(result.ruleset.rules.every((rule) => rule.compiled !== undefined)).toBe(true);
    expect(result.ruleset.requiredEngineVersion).toBe('0.57.0');
    expect(result.ruleset.requiredPluginVersions[0]).toEqual([{ name: 'container', version: '0.4.0' }]);
  });

  it('reports the undefined macro, at its line in the values file, when custom rules load without the defaults', () => {
    const result = loadRules([sharedInput(`${REPO}values-modern.yaml`)]);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({
        file: `${REPO}values-modern.yaml`,
        line: 30,
        column: 18,
        code: 'LOAD_ERR_VALIDATE',
        message: "Undefined macro 'spawned_process' used in filter.",
      }),
    ]);
  });

  it('loads values-modern.yaml (a Helm values file) after falco_rules.yaml', () => {
    const result = loadRules([current[0]!, sharedInput(`${REPO}values-modern.yaml`)]);
    expect(errorsOf(result)).toEqual([]);
    const custom = result.ruleset.rules.find((rule) => rule.name === 'Unauthorized process');
    expect(custom?.definedAt).toEqual({ file: `${REPO}values-modern.yaml`, line: 28, column: 7 });
    const macro = result.ruleset.macros.find((m) => m.name === 'user_known_read_sensitive_files_activities');
    expect(macro?.condition).toBe('(proc.name = backup-agent and fd.name = /etc/shadow)');
    expect(macro?.updates).toEqual([
      {
        kind: 'redefine',
        at: { file: `${REPO}values-modern.yaml`, line: 40, column: 7 },
        keys: ['condition'],
      },
    ]);
  });

  it('loads falco_rules.local.yaml after falco_rules.yaml, appending to a list and adding an exception', () => {
    const result = loadRules([current[0]!, sharedInput(`${REPO}falco_rules.local.yaml`)]);
    expect(errorsOf(result)).toEqual([]);
    const list = result.ruleset.lists.find((l) => l.name === 'hids_binaries');
    expect(list?.items.at(-1)).toBe('wazuh-agentd');
    const rule = result.ruleset.rules.find((r) => r.name === 'Terminal shell in container');
    expect(rule?.exceptions.map((e) => e.name)).toEqual(['debug_images']);
    expect(rule?.compiled?.text).toMatch(
      / and not container\.image\.repository in \(registry\.example\.com\/debug-tools\)\)$/,
    );
  });
});

describe('the seed how-to at Falco 0.25.0', () => {
  it('loads values-seed.yaml after the 0.25.0 rules', () => {
    const result = loadRules(
      [sharedInput(`${R}falco_rules_0.25.0.yaml`), sharedInput(`${REPO}values-seed.yaml`)],
      {
        falcoVersion: version('0.25.0'),
      },
    );
    expect(errorsOf(result)).toEqual([]);
    expect(result.ruleset.rules.some((rule) => rule.name === 'Unauthorized process')).toBe(true);
  });

  it('knows which rules use hids_binaries, directly and through macros', () => {
    const result = loadRules([sharedInput(`${R}falco_rules_0.25.0.yaml`)], {
      falcoVersion: version('0.25.0'),
    });
    const usage = result.ruleset.listUsage.get('hids_binaries');
    expect(usage?.directRules).toContain('Read sensitive file untrusted');
    expect(usage?.rules).toEqual(expect.arrayContaining(['Read sensitive file untrusted']));
    const rule = result.ruleset.rules.find((r) => r.name === 'Read sensitive file untrusted');
    expect(rule?.usesLists.map((ref) => ref.name)).toContain('hids_binaries');
    expect(rule?.usesMacros.map((ref) => ref.name)).toContain('sensitive_files');
    const span = rule?.usesLists.find((ref) => ref.name === 'hids_binaries')?.span;
    expect(rule?.condition.slice(span?.start, span?.end)).toBe('hids_binaries');
  });
});
