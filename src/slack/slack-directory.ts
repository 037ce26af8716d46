import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { err, ok } from '../result.js';
import type { ApproverDirectory } from '../triage/proposals/index.js';

/** Errors meaning "this workspace or token cannot list user groups": the policy falls back to APPROVERS. */
const UNSUPPORTED = new Set([
  'paid_teams_only',
  'plan_upgrade_required',
  'not_allowed_token_type',
  'missing_scope',
  'no_such_subteam',
  'subteam_not_found',
]);

/** User group membership from Slack (`usergroups.users.list`, needs the usergroups:read scope). */
export function createSlackDirectory(client: WebClient): ApproverDirectory {
  return {
    async groupMembers(groupId) {
      try {
        const result = await client.usergroups.users.list({ usergroup: groupId });
        return ok(result.users ?? []);
      } catch (error) {
        if (error instanceof WebAPIPlatformError) {
          const code = error.data.error;
          return err({ kind: UNSUPPORTED.has(code) ? 'unsupported' : 'unavailable', detail: code });
        }
        return err({ kind: 'unavailable', detail: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}
