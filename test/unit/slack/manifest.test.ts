import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { SHORTCUT_EXPLAIN } from '../../../src/slack/explain-shortcut.js';

// ajv-formats is CommonJS; under nodenext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const root = path.resolve(import.meta.dirname, '../../..');
const schemaDir = path.resolve(root, '../shared/fixtures/slack');

function validator(version: '1.0.0' | '2.0.0'): ValidateFunction {
  const schema = JSON.parse(
    readFileSync(path.join(schemaDir, `manifest.schema.${version}.json`), 'utf8'),
  ) as object;
  // strict: false because Slack's schema carries non-standard keywords (`regex`, `_note`).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

interface Manifest {
  display_information: { name: string };
  features: {
    bot_user: { display_name: string };
    slash_commands: { command: string; url: string; usage_hint: string; should_escape: boolean }[];
    shortcuts: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
  };
}

const manifest = parse(readFileSync(path.join(root, 'manifest.yml'), 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it.each(['2.0.0', '1.0.0'] as const)("validates against Slack's manifest schema %s", (version) => {
    const validate = validator(version);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected by the same validator when it breaks the schema (the check can fail)', () => {
    const validate = validator('2.0.0');
    const broken = structuredClone(manifest) as Manifest & { features: { unknown_key?: boolean } };
    broken.features.slash_commands[0]!.command = 'falco';
    broken.features.unknown_key = true;
    broken.display_information.name = 'x'.repeat(36);
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/features/slash_commands/0/command',
        '/features',
        '/display_information/name',
      ]),
    );
  });

  it('asks for exactly the bot scopes the bot uses, and no user scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'channels:read',
        'chat:write',
        'chat:write.public',
        'commands',
        'groups:read',
        'reactions:read',
        'reactions:write',
        'usergroups:read',
        'users:read',
      ].sort(),
    );
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('declares the falco-triage bot user and the /falco command with its usage hint', () => {
    expect(manifest.display_information.name).toBe('falco-triage');
    expect(manifest.features.bot_user.display_name).toBe('falco-triage');
    expect(manifest.features.slash_commands).toHaveLength(1);
    const [falco] = manifest.features.slash_commands;
    expect(falco?.command).toBe('/falco');
    expect(falco?.usage_hint).toBe(
      'explain <alert> | status | mute <rule> <duration> [reason] | unmute <rule> | help',
    );
    expect(falco?.should_escape).toBe(false);
  });

  it('sends slash commands and interactivity to the one Bolt endpoint, in HTTP mode', () => {
    const [falco] = manifest.features.slash_commands;
    expect(falco?.url).toBe('https://YOUR_HOST/slack/events');
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://YOUR_HOST/slack/events',
    });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('subscribes to exactly App Home and the reaction events, as the bot, at the same endpoint', () => {
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: 'https://YOUR_HOST/slack/events',
      bot_events: ['app_home_opened', 'reaction_added', 'reaction_removed'],
    });
  });

  it('declares the message shortcut the bot listens for', () => {
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({
        name: 'Explain this Falco alert',
        type: 'message',
        callback_id: SHORTCUT_EXPLAIN,
      }),
    ]);
  });
});
