/**
 * The bot's secrets reach it as read-only files named by <NAME>_FILE (or, if asked, as environment variables),
 * from a Secret the chart creates or an existing one. The chart references exactly the keys the configuration
 * needs, so a missing value stops the render and a key missing from an existing Secret stops the pod with an
 * event naming it, instead of a crash loop.
 */
import { describe, expect, it } from '@jest/globals';
import { renderChart, renderObjects, type KubeObject } from '../../helpers/chart-render.js';
import { botContainer, envOf, kinds, only, podSpec } from './chart-objects.js';

function secretVolumeKeys(objects: KubeObject[]): string[] {
  const volume = podSpec(objects).volumes.find((candidate) => candidate.name === 'secrets') as
    { secret: { secretName: string; items: { key: string; path: string }[] } } | undefined;
  return volume?.secret.items.map((item) => item.key) ?? [];
}

function fileEnv(objects: KubeObject[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(envOf(objects)).filter(([, value]) => value.startsWith('/var/run/secrets/')),
  );
}

describe('secrets as files (the default)', () => {
  it.each([
    ['embedded-ingress-values.yaml', ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'INGEST_TOKEN']],
    [
      'postgres-ha-values.yaml',
      ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'INGEST_TOKEN', 'GITHUB_TOKEN', 'GITHUB_WEBHOOK_SECRET'],
    ],
    [
      'existing-secret-values.yaml',
      [
        'SLACK_BOT_TOKEN',
        'SLACK_SIGNING_SECRET',
        'INGEST_TOKEN',
        'GITHUB_APP_PRIVATE_KEY',
        'GITHUB_WEBHOOK_SECRET',
      ],
    ],
  ])('with %s mounts and names exactly %j', (file, keys) => {
    const objects = renderObjects({ files: [file] });
    expect(secretVolumeKeys(objects)).toEqual(keys);
    const expected = Object.fromEntries(
      keys.map((key) => [`${key}_FILE`, `/var/run/secrets/falco-triage/${key}`]),
    );
    if (file === 'postgres-ha-values.yaml')
      expected['DATABASE_URL_FILE'] = '/var/run/secrets/falco-triage-database/DATABASE_URL';
    expect(fileEnv(objects)).toEqual(expected);
    const env = envOf(objects);
    for (const key of keys) expect(env).not.toHaveProperty(key);
    expect(botContainer(objects).volumeMounts).toContainEqual({
      name: 'secrets',
      mountPath: '/var/run/secrets/falco-triage',
      readOnly: true,
    });
  });

  it('creates the Secret from values with only those keys', () => {
    const secret = only(renderObjects({ files: ['embedded-ingress-values.yaml'] }), 'Secret');
    const data = secret['data'] as Record<string, string>;
    expect(Object.keys(data)).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'INGEST_TOKEN']);
    expect(Buffer.from(data['SLACK_BOT_TOKEN'] ?? '', 'base64').toString()).toBe('xoxb-test-token');
  });

  it('creates no Secret when an existing one is named, and mounts that one', () => {
    const objects = renderObjects({ files: ['existing-secret-values.yaml'] });
    expect(kinds(objects)).not.toContain('Secret');
    expect(podSpec(objects).volumes).toContainEqual(
      expect.objectContaining({
        name: 'secrets',
        secret: expect.objectContaining({ secretName: 'falco-triage-secrets' }),
      }),
    );
  });

  it('needs no signing secret in Socket Mode, no ingest token when intake is open, the App key with an App ID', () => {
    const socket = renderObjects({
      files: ['socket-mode-values.yaml'],
      values: { secrets: { mountAsFiles: true } },
    });
    expect(secretVolumeKeys(socket)).toEqual(['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'INGEST_TOKEN']);
    const open = renderObjects({
      files: ['embedded-ingress-values.yaml'],
      values: { config: { INGEST_ALLOW_UNAUTHENTICATED: 'true' } },
    });
    expect(secretVolumeKeys(open)).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    const noWebhook = renderObjects({
      files: ['postgres-ha-values.yaml'],
      values: { github: { webhook: false } },
    });
    expect(secretVolumeKeys(noWebhook)).not.toContain('GITHUB_WEBHOOK_SECRET');
  });
});

describe('secrets as environment variables', () => {
  it('references each needed key of the Secret, and mounts nothing', () => {
    const objects = renderObjects({ files: ['socket-mode-values.yaml'] });
    const env = envOf(objects);
    expect(env['SLACK_BOT_TOKEN']).toBe('secretKeyRef:falco-triage/SLACK_BOT_TOKEN');
    expect(env['SLACK_APP_TOKEN']).toBe('secretKeyRef:falco-triage/SLACK_APP_TOKEN');
    expect(env['INGEST_TOKEN']).toBe('secretKeyRef:falco-triage/INGEST_TOKEN');
    expect(env).not.toHaveProperty('SLACK_SIGNING_SECRET');
    expect(fileEnv(objects)).toEqual({});
    expect(secretVolumeKeys(objects)).toEqual([]);
  });
});

describe('missing secrets', () => {
  it('stop the render, naming every missing value and the way out', () => {
    const refused = renderChart({ values: { config: { SLACK_DEFAULT_CHANNEL: 'C0123456789' } } });
    expect(refused.ok).toBe(false);
    const error = refused.ok ? '' : refused.error;
    for (const field of ['slackBotToken', 'slackSigningSecret', 'ingestToken'])
      expect(error).toContain(`secrets.${field} is empty`);
    expect(error).toContain('or name a Secret holding SLACK_BOT_TOKEN in secrets.existingSecret');
  });

  it('stop the render when GitHub is configured without its token', () => {
    const refused = renderChart({
      files: ['embedded-ingress-values.yaml'],
      values: { config: { GITHUB_REPO: 'acme/rules' } },
    });
    const error = refused.ok ? '' : refused.error;
    expect(error).toContain('secrets.githubToken is empty but GITHUB_TOKEN is needed');
    expect(error).toContain('secrets.githubWebhookSecret is empty but GITHUB_WEBHOOK_SECRET is needed');
  });
});

describe('configuration', () => {
  it('becomes environment variables by their names, and the schema refuses names the bot does not read', () => {
    const env = envOf(renderObjects({ files: ['postgres-ha-values.yaml'] }));
    expect(env).toMatchObject({
      SLACK_DEFAULT_CHANNEL: 'C0123456789',
      REQUIRED_APPROVALS: '2',
      LOG_LEVEL: 'info',
    });
    const typo = renderChart({
      files: ['postgres-ha-values.yaml'],
      values: { config: { SLACK_DEFAULT_CHANEL: 'C1' } },
    });
    expect(typo.ok ? '' : typo.error).toContain('Additional property SLACK_DEFAULT_CHANEL is not allowed');
    const secretInConfig = renderChart({
      files: ['postgres-ha-values.yaml'],
      values: { config: { SLACK_BOT_TOKEN: 'x' } },
    });
    expect(secretInConfig.ok).toBe(false);
  });

  it('mounts the routes file and the base Falco rules read-only, and names them in ROUTES_FILE and FALCO_RULES', () => {
    const objects = renderObjects({ files: ['embedded-ingress-values.yaml'] });
    const env = envOf(objects);
    expect(env['ROUTES_FILE']).toBe('/etc/falco-triage/routes/routes.yaml');
    expect(env['FALCO_RULES']).toBe(
      '/etc/falco-triage/rules/falco-incubating_rules.yaml,/etc/falco-triage/rules/falco_rules.yaml',
    );
    const mounts = botContainer(objects).volumeMounts.filter((mount) =>
      mount.mountPath.startsWith('/etc/falco-triage'),
    );
    expect(mounts.every((mount) => mount.readOnly === true)).toBe(true);
    const routes = objects.find((object) => object.metadata.name === 'falco-triage-routes');
    expect((routes?.['data'] as Record<string, string>)['routes.yaml']).toContain('name: kubernetes audit');
    const existing = envOf(renderObjects({ files: ['existing-secret-values.yaml'] }));
    expect(existing['FALCO_RULES']).toBe(
      '/etc/falco-triage/rules/falco_rules.yaml,https://raw.githubusercontent.com/falcosecurity/rules/main/rules/falco-sandbox_rules.yaml',
    );
  });

  it('sets no ROUTES_FILE or FALCO_RULES when there are none', () => {
    const env = envOf(renderObjects({ files: ['socket-mode-values.yaml'] }));
    expect(env).not.toHaveProperty('ROUTES_FILE');
    expect(env).not.toHaveProperty('FALCO_RULES');
  });
});
