/**
 * Wiring of triage states: the responder policy (over Slack's directory and the approvers), the escalation rules,
 * the service the buttons and the form use, and reactions as actions. Configuration comes from src/config.ts
 * (SLACK_REACTIONS, ESCALATION_GROUPS, RESPONDERS, RESPONDER_GROUP).
 */
import type { Config } from '../config.js';
import type { TriageActionHandlers } from '../slack/triage-actions.js';
import type { ReactionHandlers } from '../slack/reaction-events.js';
import {
  createGroupTriage,
  createReactionTriage,
  createResponderPolicy,
  escalationTarget,
  type PeopleDirectory,
} from '../triage/group-states/index.js';
import type { Priority } from '../falco/alert/index.js';
import type { Clock, TriageStore } from '../triage/ports/index.js';
import type { ApproverPolicy } from '../triage/proposals/index.js';

export interface TriageWiring {
  /** For the Slack app: the triage controls and reactions. */
  readonly handlers: TriageActionHandlers & ReactionHandlers;
  /** For the delivery worker's views: whom an escalation of an alert would mention. */
  readonly escalationFor: (priority: Priority, channel: string) => string | undefined;
}

export function wireTriage(deps: {
  readonly config: Config;
  readonly store: TriageStore;
  readonly clock: Clock;
  readonly directory: PeopleDirectory;
  readonly approvers: ApproverPolicy;
}): TriageWiring {
  const { config, store, clock } = deps;
  const rules = config.triage.escalation;
  const triage = createGroupTriage({
    store,
    clock,
    escalation: rules,
    policy: createResponderPolicy({
      responders: config.triage.responders,
      group: config.triage.responderGroup,
      approvers: deps.approvers,
      directory: deps.directory,
      clock,
    }),
  });
  const reactions = createReactionTriage({ store, clock, triage });
  return {
    handlers: {
      apply: (request) => triage.apply(request),
      ruleOf: async (groupId) => (await store.groups.get(groupId))?.rule,
      react: (event) => reactions.react(event),
    },
    escalationFor: (priority, channel) => escalationTarget(rules, priority, channel),
  };
}
