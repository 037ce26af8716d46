/**
 * The generated README embeds what the person running init-rules-repo typed (branch, environment, paths, names,
 * owners, URL). Whatever the checks let through, the README keeps the structure it has with the defaults.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkRulesRepoOptions, type RulesRepoOptions } from '../../../src/rules-repo-generator/options.js';
import { generateReadme } from '../../../src/rules-repo-generator/readme.js';
import { parseMarkdown, shape } from '../../helpers/markdown-tree.js';
import { helmDefaults, plainDefaults } from './workflow-fixtures.js';

/** Strings over `chars`, leaning on the punctuation Markdown cares about. */
function over(chars: string, first = chars): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...first),
      fc.string({ unit: fc.constantFrom(...chars, '_', '_', '.', '-'), maxLength: 12 }),
    )
    .map(([head, tail]) => head + tail);
}

const LETTERS = 'abcxyzABC019';
const name = over(`${LETTERS}-`, 'abc019').map((value) => value.toLowerCase().replace(/[^a-z0-9-]/g, 'a'));

const options: fc.Arbitrary<RulesRepoOptions> = fc
  .record({
    helm: fc.boolean(),
    clusterAuth: fc.constantFrom('kubeconfig', 'aws', 'gcp', 'azure' as const),
    path: over(`${LETTERS}_./-`, `${LETTERS}_`).map((value) => `${value.replace(/\/+$/, '')}.yaml`),
    release: name,
    chartVersion: fc.constantFrom('9.1.0', '9.1.0-rc_1', '10.0.0-alpha.1-x'),
    daemonSet: name,
    configMap: name,
    namespace: name,
    branch: over(`${LETTERS}_./-`, `${LETTERS}_`),
    environment: over(`${LETTERS}_.-`, `${LETTERS}_`),
    owners: fc.array(fc.constantFrom('@acme/security_team', '@octo-cat', 'sec_ops@acme.example'), {
      minLength: 1,
      maxLength: 3,
    }),
    botUrl: fc.constantFrom('http://falco-triage:3001', 'https://bot.example/_x_/a-b', 'http://a_b.example'),
    falcosidekick: fc.boolean(),
  })
  .map((chosen): RulesRepoOptions => ({
    ...(chosen.helm ? helmDefaults : plainDefaults),
    layout: chosen.helm
      ? { kind: 'helm', valuesFile: chosen.path, release: chosen.release, chartVersion: chosen.chartVersion }
      : { kind: 'rules', rulesFile: chosen.path, daemonSet: chosen.daemonSet, configMap: chosen.configMap },
    clusterAuth: chosen.clusterAuth,
    namespace: chosen.namespace,
    branch: chosen.branch,
    environment: chosen.environment,
    owners: chosen.owners,
    botUrl: chosen.botUrl,
    falcosidekick: chosen.falcosidekick,
  }))
  .filter((candidate) => checkRulesRepoOptions(candidate).ok);

describe('the generated README', () => {
  it('has the structure of the default README whatever valid options it was given', () => {
    fc.assert(
      fc.property(options, (chosen) => {
        const base: RulesRepoOptions = {
          ...(chosen.layout.kind === 'helm' ? helmDefaults : plainDefaults),
          clusterAuth: chosen.clusterAuth,
          owners: chosen.owners.map(() => '@acme/security'),
          falcosidekick: chosen.falcosidekick,
        };
        expect(shape(parseMarkdown(generateReadme(chosen)))).toEqual(
          shape(parseMarkdown(generateReadme(base))),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('shows a branch such as _release_ as typed', () => {
    const readme = generateReadme({ ...helmDefaults, branch: '_release_' });
    expect(readme).toContain('deploys \\_release\\_ |');
    expect(readme).toContain('merged into `_release_`');
  });
});
