/**
 * The routes file (`ROUTES_FILE`): which alerts go to which Slack channels, which are only stored, which are
 * dropped. The `match` block (alert-match.ts) follows Falco Talon's (`rules`, `priority`, `tags`,
 * `output_fields`), which Falco users already know, plus `source` and `hostnames`:
 *
 *   routes:
 *     - name: platform audit            # optional, shown in logs and metrics
 *       match:
 *         rules: ["Disallowed K8s User", "K8s *"]       # globs; any of them
 *         priority: ">=Warning"                          # <, <=, =, >=, > and a priority; "Warning" means >=
 *         tags: ["k8s, mitre_persistence", "container"]  # any entry; an entry's comma-separated tags all
 *         source: k8s_audit                              # one or a list
 *         hostnames: ["prod-*"]                          # globs
 *         output_fields: ["k8s.ns.name!=kube-system, k8s.ns.name!=falco"]  # any entry; all conditions of one
 *       channels: [C0123456789]                          # post to these channels
 *     - match: { priority: "<Notice" }
 *       action: store                                    # store without posting
 *     - match: { rules: ["Falco internal: *"] }
 *       action: drop                                     # neither store nor post
 *   grouping:                                            # optional: identity fields per rule (storm grouping)
 *     - rules: ["Terminal shell in container"]
 *       fields: [k8s.ns.name, k8s.pod.name]
 *
 * A `message:` block (top level, and per route over it) sets how alert messages look: see message-style.ts.
 *
 * Routes are tried in order; the first that matches decides. Alerts no route claims go to SLACK_DEFAULT_CHANNEL.
 * A file that is a bare YAML list is read as the `routes` list.
 */
import { z } from 'zod';
import { type Result } from '../../result.js';
import {
  asList,
  matchShape,
  stringOrList,
  toAlertMatch,
  type AlertMatch,
  type Comparator,
  type FieldCondition,
} from './alert-match.js';
import { parseYamlConfig, type YamlProblem } from './yaml-config.js';
import type { MessageStyle } from '../ports/index.js';
import { DEFAULT_MESSAGE_STYLE, messageStyleSchema, resolveMessageStyle } from './message-style.js';

export type { Comparator, FieldCondition };

/** A route's `match` block (alert-match.ts). */
export type RouteMatch = AlertMatch;

export type RouteAction =
  | { readonly kind: 'post'; readonly channels: readonly string[] }
  | { readonly kind: 'store' }
  | { readonly kind: 'drop' };

export interface Route {
  readonly name: string;
  readonly match: RouteMatch;
  readonly action: RouteAction;
  /** How its alert messages look: the file's `message:` with the route's own laid over it. */
  readonly messageStyle: MessageStyle;
}

export interface GroupingRule {
  readonly rules: readonly string[];
  readonly fields: readonly string[];
}

export interface RoutesFile {
  readonly routes: readonly Route[];
  readonly grouping: readonly GroupingRule[];
  /** The file's `message:` (alerts of the default channel and routes without their own). */
  readonly messageStyle: MessageStyle;
}

export type RoutesFileProblem = YamlProblem;

const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel ID such as C0123456789');

const matchSchema = z.strictObject(matchShape).default({});

const routeSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    match: matchSchema,
    channels: z.union([channelId, z.array(channelId).min(1)]).optional(),
    action: z.enum(['post', 'store', 'drop']).optional(),
    message: messageStyleSchema.optional(),
  })
  .superRefine((route, ctx) => {
    const action = route.action ?? (route.channels === undefined ? undefined : 'post');
    if (action === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'a route needs channels to post to, or action: store or drop',
      });
    } else if (action === 'post' && route.channels === undefined) {
      ctx.addIssue({ code: 'custom', path: ['action'], message: 'action post needs channels' });
    } else if (action !== 'post' && route.channels !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['channels'],
        message: `channels are not used with action ${action}`,
      });
    }
  });

const fileSchema = z.strictObject({
  message: messageStyleSchema.optional(),
  routes: z.array(routeSchema).default([]),
  grouping: z
    .array(z.strictObject({ rules: stringOrList, fields: z.array(z.string().min(1)).min(1) }))
    .default([]),
});

/** Parses and validates a routes file; every problem is reported with its line and column. */
export function parseRoutesFile(text: string): Result<RoutesFile, RoutesFileProblem[]> {
  const parsed = parseYamlConfig(text, fileSchema, 'routes');
  if (!parsed.ok) return parsed;
  const file = parsed.value;
  const messageStyle = resolveMessageStyle(DEFAULT_MESSAGE_STYLE, file.message);
  return {
    ok: true,
    value: {
      messageStyle,
      routes: file.routes.map((route, index) => ({
        name: route.name ?? `route ${index + 1}`,
        match: toAlertMatch(route.match),
        action:
          (route.action ?? 'post') === 'post'
            ? { kind: 'post' as const, channels: asList(route.channels) ?? [] }
            : { kind: route.action === 'store' ? ('store' as const) : ('drop' as const) },
        messageStyle: resolveMessageStyle(messageStyle, route.message),
      })),
      grouping: file.grouping.map((rule) => ({ rules: asList(rule.rules) ?? [], fields: rule.fields })),
    },
  };
}

/** How the alert messages of `route` look (null or an unknown name: the file's own style). */
export function messageStyleOf(file: RoutesFile, route: string | null): MessageStyle {
  return file.routes.find((candidate) => candidate.name === route)?.messageStyle ?? file.messageStyle;
}
