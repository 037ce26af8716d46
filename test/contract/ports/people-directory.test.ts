/**
 * The PeopleDirectory contract (who a person is, who is in a user group), run against the in-memory double of
 * test/doubles and against the Slack adapter over the fake Slack's workspace, so the workflow's unit tests ask a
 * directory that answers as Slack's does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSlackClient } from '../../../src/slack/slack-client.js';
import { createSlackDirectory } from '../../../src/slack/slack-directory.js';
import type { PeopleDirectory } from '../../../src/triage/group-states/index.js';
import { InMemoryPeople } from '../../doubles/in-memory-people.js';
import { DEFAULT_WORKSPACE, FakeSlack } from '../../../src/stand-ins/slack/index.js';

interface Harness {
  readonly directory: PeopleDirectory;
  /** The workspace stops answering user groups as a Free plan does. */
  freePlan(): void;
  close(): Promise<void>;
}

function contract(name: string, start: () => Promise<Harness>): void {
  describe(`PeopleDirectory contract: ${name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await start();
    });
    afterAll(() => h.close());

    it('tells a full member from a guest, a bot and a deactivated account', async () => {
      expect(await h.directory.person('U0ALICE001')).toEqual({
        ok: true,
        value: { bot: false, deactivated: false, guest: false },
      });
      expect(await h.directory.person('U0GUEST001')).toMatchObject({ ok: true, value: { guest: true } });
      expect(await h.directory.person('U0FALCOBOT')).toMatchObject({ ok: true, value: { bot: true } });
      expect(await h.directory.person('U0GONE0001')).toMatchObject({
        ok: true,
        value: { deactivated: true },
      });
    });

    it('answers unsupported for an unknown person or group, and lists a group’s members', async () => {
      expect(await h.directory.person('U0NOBODY01')).toEqual({
        ok: false,
        error: { kind: 'unsupported', detail: 'user_not_found' },
      });
      expect(await h.directory.groupMembers('S0APPROVE1')).toEqual({
        ok: true,
        value: ['U0BOB00001', 'U0CAROL001'],
      });
      expect(await h.directory.groupMembers('S0NOPE0001')).toEqual({
        ok: false,
        error: { kind: 'unsupported', detail: 'no_such_subteam' },
      });
      h.freePlan();
      expect(await h.directory.groupMembers('S0APPROVE1')).toEqual({
        ok: false,
        error: { kind: 'unsupported', detail: 'plan_upgrade_required' },
      });
    });
  });
}

contract('in-memory double', () => {
  const people = Object.fromEntries(
    DEFAULT_WORKSPACE.users.map((user) => [
      user.id,
      { bot: user.isBot === true, deactivated: user.deleted === true, guest: user.isRestricted === true },
    ]),
  );
  let directory = new InMemoryPeople({ people, groups: DEFAULT_WORKSPACE.usergroups });
  const harness: Harness = {
    get directory() {
      return directory;
    },
    freePlan: () => {
      directory = new InMemoryPeople({ people });
      directory.failWith({ kind: 'unsupported', detail: 'plan_upgrade_required' });
    },
    close: () => Promise.resolve(),
  };
  return Promise.resolve(harness);
});

contract('Slack adapter over the fake Slack', async () => {
  const slack = await FakeSlack.start();
  const client = createSlackClient({ token: slack.botToken, apiUrl: slack.apiUrl, timeoutMs: 2000 });
  return {
    directory: createSlackDirectory(client),
    freePlan: () => slack.configure({ usergroupsError: 'plan_upgrade_required' }),
    close: () => slack.stop(),
  };
});
