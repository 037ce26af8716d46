import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  codeOwnersFile,
  starterRulesFile,
  starterValuesFile,
} from '../../../src/rules-repo-generator/starter-files.js';
import { helmDefaults, plainDefaults } from './workflow-fixtures.js';

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}

interface Values {
  image: { tag: string };
  falco: { json_output: boolean; http_output?: { enabled: boolean; url: string } };
  extra?: { env: EnvEntry[] };
  falcosidekick?: { enabled: boolean; config: { webhook: { address: string }; extraEnv: EnvEntry[] } };
  falcoctl: { artifact: { follow: { enabled: boolean } } };
  customRules: Record<string, string>;
}

describe('starter values file', () => {
  const values = parse(starterValuesFile(helmDefaults)) as Values;

  it("pins Falco to the version CI validates with and sends JSON alerts to the bot's intake", () => {
    expect(values.image.tag).toBe('0.44.1');
    expect(values.falco.json_output).toBe(true);
    // The internal port of charts/falco-triage's Service: the only one that serves intake.
    expect(values.falco.http_output).toEqual({
      enabled: true,
      url: 'http://falco-triage.falco-triage.svc.cluster.local:3001/falco/alerts?token=${FALCO_TRIAGE_INGEST_TOKEN}',
    });
    expect(values.falcosidekick).toBeUndefined();
  });

  it('takes the intake token from a Secret, never from Git', () => {
    expect(values.extra?.env).toEqual([
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

describe('starter values file with Falcosidekick', () => {
  const text = starterValuesFile({ ...helmDefaults, falcosidekick: true });
  const values = parse(text) as Values;

  it("leaves Falco's http_output to the chart, which points it at Falcosidekick (a URL would starve Sidekick)", () => {
    expect(values.falco.json_output).toBe(true);
    expect(values.falco.http_output).toBeUndefined();
    expect(values.extra).toBeUndefined();
    expect(values.falcosidekick?.enabled).toBe(true);
  });

  it("adds the bot's intake as Sidekick's webhook, with the token from a Secret in an Authorization header", () => {
    expect(values.falcosidekick?.config.webhook).toEqual({
      address: 'http://falco-triage.falco-triage.svc.cluster.local:3001/falco/alerts',
    });
    // Kubernetes expands $(NAME) from an entry defined earlier in the same list, so the order matters.
    expect(values.falcosidekick?.config.extraEnv).toEqual([
      {
        name: 'FALCO_TRIAGE_INGEST_TOKEN',
        valueFrom: { secretKeyRef: { name: 'falco-triage-ingest', key: 'token' } },
      },
      { name: 'WEBHOOK_CUSTOMHEADERS', value: 'Authorization:Bearer $(FALCO_TRIAGE_INGEST_TOKEN)' },
    ]);
    expect(text).toContain('kubectl create secret generic falco-triage-ingest --namespace falco');
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
