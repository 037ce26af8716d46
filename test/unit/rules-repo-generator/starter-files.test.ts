import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  codeOwnersFile,
  starterRulesFile,
  starterValuesFile,
} from '../../../src/rules-repo-generator/starter-files.js';
import { helmDefaults, plainDefaults } from './workflow-fixtures.js';

interface Values {
  image: { tag: string };
  falco: { json_output: boolean; http_output: { enabled: boolean; url: string } };
  extra: { env: { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }[] };
  falcoctl: { artifact: { follow: { enabled: boolean } } };
  customRules: Record<string, string>;
}

describe('starter values file', () => {
  const values = parse(starterValuesFile(helmDefaults)) as Values;

  it("pins Falco to the version CI validates with and sends JSON alerts to the bot's intake", () => {
    expect(values.image.tag).toBe('0.44.1');
    expect(values.falco.json_output).toBe(true);
    expect(values.falco.http_output).toEqual({
      enabled: true,
      url: 'http://falco-triage.falco-triage.svc.cluster.local:3000/falco/alerts?token=${FALCO_TRIAGE_INGEST_TOKEN}',
    });
  });

  it('takes the intake token from a Secret, never from Git', () => {
    expect(values.extra.env).toEqual([
      {
        name: 'FALCO_TRIAGE_INGEST_TOKEN',
        valueFrom: { secretKeyRef: { name: 'falco-triage-ingest', key: 'token' } },
      },
    ]);
  });

  it('stops falcoctl from changing the rules between deploys', () => {
    expect(values.falcoctl.artifact.follow.enabled).toBe(false);
  });

  it('has customRules.custom_rules.yaml as a block of comments only (loads cleanly, no warning)', () => {
    expect(Object.keys(values.customRules)).toEqual(['custom_rules.yaml']);
    const rules = values.customRules['custom_rules.yaml']!;
    expect(rules.split('\n').every((line) => line.startsWith('#'))).toBe(true);
    expect(parse(rules)).toBeNull();
  });

  it('shows the example exception in the syntax of the Falco version', () => {
    expect(starterValuesFile(helmDefaults)).toContain('#     items: append');
    const old = starterValuesFile({ ...helmDefaults, falcoVersion: '0.36.2' });
    expect(old).toContain('#   append: true');
    expect(old).not.toContain('override');
  });
});

describe('starter rules file and CODEOWNERS', () => {
  it('starts the plain rules file with comments only', () => {
    expect(parse(starterRulesFile(plainDefaults))).toBeNull();
  });

  it('makes the owners review the rules, the workflow and CODEOWNERS itself', () => {
    const lines = codeOwnersFile({ ...plainDefaults, owners: ['@acme/security', 'lead@acme.example'] })
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(lines.map((line) => line.split(/\s+/))).toEqual([
      ['/falco_rules.local.yaml', '@acme/security', 'lead@acme.example'],
      ['/.github/workflows/falco-rules.yaml', '@acme/security', 'lead@acme.example'],
      ['/.github/CODEOWNERS', '@acme/security', 'lead@acme.example'],
    ]);
  });
});
