/**
 * The triage settings of the configuration, parsed from their environment variables by src/config.ts (which stays
 * the only reader of the environment):
 *
 *   SLACK_REACTIONS   which reactions on an alert message do what: `name=action`, comma-separated; `none` turns
 *                     reactions off. Default: eyes=acknowledge,white_check_mark=resolve_benign,rotating_light=escalate
 *   ESCALATION_GROUPS whom Escalate mentions: `selector:usergroup`, comma-separated, the first match wins. A selector
 *                     is a priority with an optional comparator (`Critical` means >=Critical, `=Warning`, `<Error`),
 *                     a channel ID (alerts posted there, i.e. a route's channel), or `*`.
 *   RESPONDERS        Slack user IDs who may triage alerts (with RESPONDER_GROUP's members and the approvers);
 *   RESPONDER_GROUP   when neither is set, any full member of the workspace may (not guests, not bots).
 */
import { PRIORITIES, parsePriority, type Priority } from './falco/alert/index.js';

/** What a reaction can do (a true-positive resolution needs a note, so it has no reaction). */
export const REACTION_ACTIONS = ['acknowledge', 'resolve_benign', 'escalate', 'assign_self'] as const;
export type ReactionActionName = (typeof REACTION_ACTIONS)[number];

export const DEFAULT_REACTIONS = 'eyes=acknowledge,white_check_mark=resolve_benign,rotating_light=escalate';

export type EscalationSelector =
  | {
      readonly kind: 'priority';
      readonly comparator: '<' | '<=' | '=' | '>=' | '>';
      readonly priority: Priority;
    }
  | { readonly kind: 'channel'; readonly channel: string }
  | { readonly kind: 'any' };

export interface EscalationRuleConfig {
  readonly match: EscalationSelector;
  readonly usergroup: string;
}

export interface TriageConfig {
  /** Reaction name (without colons or skin tone) → action. Empty: reactions do nothing. */
  readonly reactions: Readonly<Record<string, ReactionActionName>>;
  readonly escalation: readonly EscalationRuleConfig[];
  readonly responders: readonly string[];
  readonly responderGroup: string | undefined;
}

export interface TriageEnvironment {
  readonly SLACK_REACTIONS?: string | undefined;
  readonly ESCALATION_GROUPS?: string | undefined;
  readonly RESPONDERS?: string | undefined;
  readonly RESPONDER_GROUP?: string | undefined;
}

type Need = (variable: string, message: string) => void;

const EMOJI = /^[a-z0-9_+'-]+$/;
const USERGROUP = /^S[A-Z0-9]{2,}$/;
const CHANNEL = /^[CG][A-Z0-9]{2,}$/;
const USER = /^[UW][A-Z0-9]{2,}$/;

function items(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseReactions(value: string | undefined, need: Need): Record<string, ReactionActionName> {
  const text = value?.trim() || DEFAULT_REACTIONS;
  if (text === 'none') return {};
  const map = new Map<string, ReactionActionName>();
  for (const item of items(text)) {
    const [rawName = '', action = '', ...rest] = item.split('=').map((part) => part.trim());
    const name = rawName.replace(/^:|:$/g, '');
    if (rest.length > 0 || !EMOJI.test(name)) {
      need('SLACK_REACTIONS', `"${item}" is not name=action (e.g. eyes=acknowledge)`);
    } else if (!(REACTION_ACTIONS as readonly string[]).includes(action)) {
      need(
        'SLACK_REACTIONS',
        action === 'resolve_true_positive'
          ? `"${item}": a true positive needs a note, so it is resolved with the Resolve button, not a reaction`
          : `"${item}": the action must be one of ${REACTION_ACTIONS.join(', ')}`,
      );
    } else if (map.has(name)) {
      need('SLACK_REACTIONS', `:${name}: is given twice`);
    } else {
      map.set(name, action as ReactionActionName);
    }
  }
  // Own properties only (a reaction may be called anything, `constructor` included): read with Object.hasOwn.
  return Object.fromEntries(map);
}

function parseSelector(text: string): EscalationSelector | undefined {
  if (text === '*') return { kind: 'any' };
  if (CHANNEL.test(text)) return { kind: 'channel', channel: text };
  const found = /^(<=|>=|<|>|=)?\s*(\S+)$/.exec(text);
  const priority = found?.[2] === undefined ? undefined : parsePriority(found[2]);
  if (priority === undefined) return undefined;
  return { kind: 'priority', comparator: (found?.[1] ?? '>=') as '>=', priority };
}

function parseEscalation(value: string | undefined, need: Need): EscalationRuleConfig[] {
  const rules: EscalationRuleConfig[] = [];
  for (const item of items(value ?? '')) {
    const at = item.lastIndexOf(':');
    const match = at === -1 ? undefined : parseSelector(item.slice(0, at).trim());
    const usergroup = item.slice(at + 1).trim();
    if (match === undefined) {
      need(
        'ESCALATION_GROUPS',
        `"${item}": expected selector:usergroup, the selector a priority (${PRIORITIES.join(', ')}, optionally after <, <=, =, >=, >), a channel ID or *`,
      );
    } else if (!USERGROUP.test(usergroup)) {
      need(
        'ESCALATION_GROUPS',
        `"${item}": "${usergroup}" is not a user group ID (expected e.g. S0123456789)`,
      );
    } else {
      rules.push({ match, usergroup });
    }
  }
  return rules;
}

export function buildTriageConfig(e: TriageEnvironment, need: Need): TriageConfig {
  const responders = items(e.RESPONDERS ?? '');
  for (const user of responders) {
    if (!USER.test(user)) need('RESPONDERS', `"${user}" is not a Slack user ID (expected e.g. U0123456789)`);
  }
  const responderGroup = e.RESPONDER_GROUP?.trim() || undefined;
  if (responderGroup !== undefined && !USERGROUP.test(responderGroup)) {
    need('RESPONDER_GROUP', 'expected a user group ID such as S0123456789');
  }
  return {
    reactions: parseReactions(e.SLACK_REACTIONS, need),
    escalation: parseEscalation(e.ESCALATION_GROUPS, need),
    responders,
    responderGroup,
  };
}
