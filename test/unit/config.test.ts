import { describe, expect, it } from '@jest/globals';
import { formatConfigProblems, loadConfig } from '../../src/config.js';

const minimal = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-3',
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_DEFAULT_CHANNEL: 'C0123456789',
  INGEST_TOKEN: '0123456789abcdef0123',
};

describe('loadConfig', () => {
  it('reports every missing variable at once', () => {
    const loaded = loadConfig({});

    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.map((problem) => problem.variable)).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_DEFAULT_CHANNEL',
      'INGEST_TOKEN',
    ]);
    expect(formatConfigProblems(loaded.error)).toContain('docs/configuration.md');
    // Without Slack settings, the way to try it without a workspace.
    expect(formatConfigProblems(loaded.error)).toContain('`npm run sandbox`');
  });

  it('reports malformed values together with missing ones', () => {
    const loaded = loadConfig({
      ...minimal,
      PORT: 'eighty',
      SLACK_DEFAULT_CHANNEL: '#alerts',
      DATABASE_URL: 'mysql://x',
    });

    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.map((problem) => problem.variable).sort()).toEqual([
      'DATABASE_URL',
      'PORT',
      'SLACK_DEFAULT_CHANNEL',
    ]);
  });

  it('applies the documented defaults', () => {
    const loaded = loadConfig(minimal);

    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.port).toBe(3000);
    expect(loaded.value.store).toEqual({ kind: 'embedded', dataDir: './data', startupCheckSeconds: 60 });
    expect(loaded.value.slack.apiUrl).toBe('https://slack.com/api/');
    expect(loaded.value.github).toBeUndefined();
    expect(loaded.value.ingest.maxBodyBytes).toBe(1024 * 1024);
  });

  it('takes the start-up check watchdog in whole seconds, 0 for file sizes only', () => {
    const off = loadConfig({ ...minimal, FALCO_TRIAGE_STARTUP_CHECK_SECONDS: '0' });
    const negative = loadConfig({ ...minimal, FALCO_TRIAGE_STARTUP_CHECK_SECONDS: '-1' });

    expect(off.ok && off.value.store).toMatchObject({ kind: 'embedded', startupCheckSeconds: 0 });
    expect(negative.ok).toBe(false);
    if (negative.ok) return;
    expect(negative.error).toEqual([
      {
        variable: 'FALCO_TRIAGE_STARTUP_CHECK_SECONDS',
        message: 'expected 0 (check file sizes only) or more seconds',
      },
    ]);
  });

  it('waits 300 s for PostgreSQL by default, 0 to try once, and refuses a negative wait', () => {
    const url = 'postgres://bot@db:5432/falco';
    const standard = loadConfig({ ...minimal, DATABASE_URL: url });
    const once = loadConfig({ ...minimal, DATABASE_URL: url, DATABASE_CONNECT_TIMEOUT_SECONDS: '0' });
    const negative = loadConfig({ ...minimal, DATABASE_URL: url, DATABASE_CONNECT_TIMEOUT_SECONDS: '-5' });

    expect(standard.ok && standard.value.store).toEqual({
      kind: 'postgres',
      url,
      connectTimeoutSeconds: 300,
    });
    expect(once.ok && once.value.store).toMatchObject({ connectTimeoutSeconds: 0 });
    expect(!negative.ok && negative.error).toEqual([
      { variable: 'DATABASE_CONNECT_TIMEOUT_SECONDS', message: 'expected 0 (try once) or more seconds' },
    ]);
  });

  it('parses boolean flags strictly ("false" is false)', () => {
    const loaded = loadConfig({ ...minimal, INGEST_TOKEN: undefined, INGEST_ALLOW_UNAUTHENTICATED: 'false' });

    expect(loaded.ok).toBe(false);
  });

  it('requires the whole GitHub group once GITHUB_REPO is set', () => {
    const loaded = loadConfig({ ...minimal, GITHUB_REPO: 'acme/falco-rules' });

    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.map((problem) => problem.variable)).toEqual([
      'GITHUB_TOKEN',
      'RULES_FILE',
      'FALCO_VERSION',
    ]);
  });

  it('builds a GitHub App configuration', () => {
    const loaded = loadConfig({
      ...minimal,
      GITHUB_REPO: 'acme/falco-rules',
      GITHUB_APP_ID: '123',
      GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----',
      RULES_FILE: 'values.yaml',
      FALCO_VERSION: '0.44.1',
    });

    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.github?.auth).toMatchObject({ kind: 'app', appId: '123' });
    expect(loaded.value.github?.auth.kind === 'app' && loaded.value.github.auth.privateKey).toContain(
      '\nabc\n',
    );
  });

  it('with TARGETS_FILE, takes the GitHub credentials and defaults for every target', () => {
    const loaded = loadConfig({
      ...minimal,
      TARGETS_FILE: '/etc/falco-triage/targets.yaml',
      GITHUB_TOKEN: 'ghp_x',
      GITHUB_WEBHOOK_SECRET: 'hook',
      GITHUB_PR_LABELS: 'falco, exception',
      GITHUB_DEPLOY_WORKFLOW: 'Deploy rules',
    });

    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.github).toBeUndefined();
    expect(loaded.value.falco.versionIsDefault).toBe(false);
    expect(loaded.value.targets).toEqual({
      path: '/etc/falco-triage/targets.yaml',
      github: {
        apiUrl: 'https://api.github.com',
        auth: { kind: 'token', token: 'ghp_x' },
        webhookSecret: 'hook',
      },
      defaults: {
        baseBranch: 'main',
        labels: ['falco', 'exception'],
        reviewers: [],
        deployWorkflow: 'Deploy rules',
        deployJob: 'deploy',
      },
    });
  });

  it('with TARGETS_FILE, refuses the single-target variables it replaces', () => {
    const loaded = loadConfig({
      ...minimal,
      TARGETS_FILE: 'targets.yaml',
      GITHUB_REPO: 'acme/falco-rules',
      RULES_FILE: 'values.yaml',
      FALCO_VERSION: '0.44.1',
      FALCO_RULES: 'falco_rules.yaml',
    });

    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error).toEqual([
      {
        variable: 'GITHUB_REPO',
        message: expect.stringContaining('set repository for each target in targets.yaml'),
      },
      { variable: 'RULES_FILE', message: expect.stringContaining('rules_file') },
      { variable: 'FALCO_VERSION', message: expect.stringContaining('falco_version') },
      { variable: 'FALCO_RULES', message: expect.stringContaining('falco_rules') },
    ]);
  });

  it('with TARGETS_FILE and no credentials, the targets explain only', () => {
    const loaded = loadConfig({ ...minimal, TARGETS_FILE: 'targets.yaml' });

    expect(loaded.ok && loaded.value.targets?.github).toBeUndefined();
  });
});
