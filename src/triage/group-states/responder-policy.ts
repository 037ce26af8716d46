/**
 * Who may triage alerts, and who may be given one. With RESPONDERS or RESPONDER_GROUP set, only those people (and
 * the approvers, who decide about exceptions anyway); without, any full member of the workspace. Never a guest, a
 * bot or a deactivated account: everyone in the channel can press a button or react, so this is checked on the
 * server for every action, from what Slack says about the person (cached for a few minutes).
 */
import { err, ok, type Result } from '../../result.js';
import type { Clock, PersonRefusal, Responders } from '../ports/index.js';

/** What the workspace says about a person. */
export interface PersonFacts {
  readonly bot: boolean;
  readonly deactivated: boolean;
  /** A single- or multi-channel guest. */
  readonly guest: boolean;
}

export type PeopleFailure =
  /** The workspace cannot answer this (no such user group, Free plan, missing scope). */
  | { readonly kind: 'unsupported'; readonly detail: string }
  /** Slack is unreachable right now. */
  | { readonly kind: 'unavailable'; readonly detail: string };

/** The workspace's people and user groups (for Slack: users.info and usergroups.users.list). */
export interface PeopleDirectory {
  person(userId: string): Promise<Result<PersonFacts, PeopleFailure>>;
  groupMembers(groupId: string): Promise<Result<readonly string[], PeopleFailure>>;
}

export interface ResponderPolicy {
  readonly responders: Responders;
  /** May `userId` acknowledge, assign, resolve, reopen or escalate alerts? */
  mayTriage(userId: string): Promise<Result<void, PersonRefusal>>;
  /** May an alert be assigned to `userId`? The same people: an assignee must be able to act on it. */
  mayBeAssigned(userId: string): Promise<Result<void, PersonRefusal>>;
}

interface Cached<T> {
  readonly at: number;
  readonly value: T;
}

/** Cached people at most; past it the cache starts over (a workspace's active triagers are far fewer). */
const MAX_CACHED = 2000;

export function createResponderPolicy(options: {
  readonly responders: readonly string[];
  readonly group: string | undefined;
  /** Approvers count as responders (the approver policy of the proposals). */
  readonly approvers: { check(userId: string): Promise<Result<void, unknown>> };
  readonly directory: PeopleDirectory;
  readonly clock: Clock;
  readonly cacheMs?: number;
}): ResponderPolicy {
  const cacheMs = options.cacheMs ?? 5 * 60_000;
  const responders: Responders = { users: options.responders, group: options.group };
  const restricted = options.responders.length > 0 || options.group !== undefined;
  const people = new Map<string, Cached<PersonFacts>>();
  let members: Cached<readonly string[]> | undefined;

  const fresh = <T>(entry: Cached<T> | undefined): entry is Cached<T> =>
    entry !== undefined && options.clock.now().getTime() - entry.at < cacheMs;

  async function facts(userId: string): Promise<Result<PersonFacts, PersonRefusal>> {
    const cached = people.get(userId);
    if (fresh(cached)) return ok(cached.value);
    const answer = await options.directory.person(userId);
    if (!answer.ok) return err({ code: 'person_check_failed', detail: answer.error.detail });
    if (people.size >= MAX_CACHED) people.clear();
    people.set(userId, { at: options.clock.now().getTime(), value: answer.value });
    return ok(answer.value);
  }

  async function inGroup(userId: string): Promise<Result<boolean, PersonRefusal>> {
    if (options.group === undefined) return ok(false);
    if (!fresh(members)) {
      const answer = await options.directory.groupMembers(options.group);
      if (!answer.ok) {
        // A group the workspace cannot list counts as empty; a Slack outage is said as such.
        if (answer.error.kind === 'unsupported') return ok(false);
        return err({ code: 'person_check_failed', detail: answer.error.detail });
      }
      members = { at: options.clock.now().getTime(), value: answer.value };
    }
    return ok(members.value.includes(userId));
  }

  async function check(userId: string): Promise<Result<void, PersonRefusal>> {
    const person = await facts(userId);
    if (!person.ok) return person;
    if (person.value.deactivated) return err({ code: 'deactivated' });
    if (person.value.bot) return err({ code: 'bot' });
    if (person.value.guest) return err({ code: 'guest' });
    if (!restricted || options.responders.includes(userId)) return ok(undefined);
    const member = await inGroup(userId);
    if (!member.ok) return member;
    if (member.value) return ok(undefined);
    if ((await options.approvers.check(userId)).ok) return ok(undefined);
    return err({ code: 'not_a_responder', responders });
  }

  return { responders, mayTriage: check, mayBeAssigned: check };
}
