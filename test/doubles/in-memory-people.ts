/**
 * An in-memory PeopleDirectory (the workspace's people and user groups) for the workflow's unit tests: people and
 * groups are set up by the test, every question is recorded (to show what the cache saves), and Slack's failures
 * can be scripted. src/slack/slack-directory.ts is the real one, held to the same answers by
 * test/contract/ports/people-directory.test.ts.
 */
import { err, ok, type Result } from '../../src/result.js';
import type { PeopleFailure, PersonFacts } from '../../src/triage/group-states/index.js';
import type { PeopleDirectory } from '../../src/triage/group-states/index.js';

export const PERSON: PersonFacts = { bot: false, deactivated: false, guest: false };

export class InMemoryPeople implements PeopleDirectory {
  readonly asked: string[] = [];
  readonly #people = new Map<string, PersonFacts>();
  readonly #groups = new Map<string, readonly string[]>();
  #failure: PeopleFailure | undefined;

  constructor(
    setup: { people?: Record<string, Partial<PersonFacts>>; groups?: Record<string, readonly string[]> } = {},
  ) {
    for (const [id, facts] of Object.entries(setup.people ?? {}))
      this.#people.set(id, { ...PERSON, ...facts });
    for (const [id, members] of Object.entries(setup.groups ?? {})) this.#groups.set(id, members);
  }

  /** Every later question fails with `failure` (undefined: answer again). */
  failWith(failure: PeopleFailure | undefined): void {
    this.#failure = failure;
  }

  person(userId: string): Promise<Result<PersonFacts, PeopleFailure>> {
    this.asked.push(`person:${userId}`);
    if (this.#failure !== undefined) return Promise.resolve(err(this.#failure));
    const facts = this.#people.get(userId);
    return Promise.resolve(
      facts === undefined ? err({ kind: 'unsupported', detail: 'user_not_found' }) : ok(facts),
    );
  }

  groupMembers(groupId: string): Promise<Result<readonly string[], PeopleFailure>> {
    this.asked.push(`group:${groupId}`);
    if (this.#failure !== undefined) return Promise.resolve(err(this.#failure));
    const members = this.#groups.get(groupId);
    return Promise.resolve(
      members === undefined ? err({ kind: 'unsupported', detail: 'no_such_subteam' }) : ok(members),
    );
  }
}
