import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { err, ok, type Result } from '../result.js';
import type { PeopleDirectory, PeopleFailure } from '../triage/group-states/index.js';
import type { ApproverDirectory } from '../triage/proposals/index.js';

/** Errors meaning "this workspace or token cannot answer this": the policies fall back (APPROVERS only, …). */
const UNSUPPORTED = new Set([
  'paid_teams_only',
  'plan_upgrade_required',
  'not_allowed_token_type',
  'missing_scope',
  'no_such_subteam',
  'subteam_not_found',
  'user_not_found',
]);

function failure(error: unknown): PeopleFailure {
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    return { kind: UNSUPPORTED.has(code) ? 'unsupported' : 'unavailable', detail: code };
  }
  return { kind: 'unavailable', detail: error instanceof Error ? error.message : String(error) };
}

async function asking<T>(call: () => Promise<T>): Promise<Result<T, PeopleFailure>> {
  try {
    return ok(await call());
  } catch (error) {
    return err(failure(error));
  }
}

/**
 * User groups and people from Slack: `usergroups.users.list` (usergroups:read) for the approver and responder
 * groups, `users.info` (users:read) for whether a person is a guest, a bot or deactivated.
 */
export function createSlackDirectory(client: WebClient): ApproverDirectory & PeopleDirectory {
  return {
    groupMembers: (groupId) =>
      asking(async () => (await client.usergroups.users.list({ usergroup: groupId })).users ?? []),
    person: (userId) =>
      asking(async () => {
        const { user } = await client.users.info({ user: userId });
        return {
          bot: user?.is_bot === true,
          deactivated: user?.deleted === true,
          guest: user?.is_restricted === true || user?.is_ultra_restricted === true,
        };
      }),
  };
}
