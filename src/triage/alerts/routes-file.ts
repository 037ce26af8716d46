/**
 * The routes file (`ROUTES_FILE`): which alerts go to which Slack channels, which are only stored, which are
 * dropped. The `match` block follows Falco Talon's (`rules`, `priority`, `tags`, `output_fields`), which Falco
 * users already know, plus `source` and `hostnames`:
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
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { z } from 'zod';
import { PRIORITIES, parsePriority, type Priority } from '../../falco/alert/index.js';
import { err, ok, type Result } from '../../result.js';
import type { MessageStyle } from '../ports/index.js';
import { DEFAULT_MESSAGE_STYLE, messageStyleSchema, resolveMessageStyle } from './message-style.js';

export type Comparator = '<' | '<=' | '=' | '>=' | '>';

export interface FieldCondition {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

export interface RouteMatch {
  readonly rules?: readonly string[];
  readonly priority?: { readonly comparator: Comparator; readonly priority: Priority };
  /** Any of the sets; every tag of a set. */
  readonly tags?: readonly (readonly string[])[];
  readonly sources?: readonly string[];
  readonly hostnames?: readonly string[];
  /** Any of the sets; every condition of a set. */
  readonly outputFields?: readonly (readonly FieldCondition[])[];
}

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

export interface RoutesFileProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel ID such as C0123456789');
const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const priorityText = z.string().transform((text, ctx) => {
  const found = /^\s*(<=|>=|<|>|=)?\s*(\S+)\s*$/.exec(text);
  const priority = found?.[2] === undefined ? undefined : parsePriority(found[2]);
  if (found === null || priority === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected an optional comparator (<, <=, =, >=, >) and one of ${PRIORITIES.join(', ')}`,
    });
    return z.NEVER;
  }
  return { comparator: (found[1] ?? '>=') as Comparator, priority };
});

const fieldConditions = z.string().transform((text, ctx) => {
  const conditions: FieldCondition[] = [];
  for (const part of text.split(',')) {
    const found = /^\s*([^\s=!]+)\s*(!=|=)\s*(.*?)\s*$/.exec(part);
    if (found === null || found[1] === undefined || found[3] === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected field=value or field!=value, got "${part.trim()}"` });
      return z.NEVER;
    }
    conditions.push({ field: found[1], operator: found[2] === '!=' ? '!=' : '=', value: found[3] });
  }
  return conditions;
});

const matchSchema = z
  .strictObject({
    rules: stringOrList.optional(),
    priority: priorityText.optional(),
    tags: stringOrList.optional(),
    source: stringOrList.optional(),
    hostnames: stringOrList.optional(),
    output_fields: z.union([fieldConditions, z.array(fieldConditions).min(1)]).optional(),
  })
  .default({});

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

function asList(value: string | readonly string[] | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value;
}

function splitTags(entries: readonly string[]): readonly (readonly string[])[] {
  return entries.map((entry) =>
    entry
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
  );
}

/** Parses and validates a routes file; every problem is reported with its line and column. */
export function parseRoutesFile(text: string): Result<RoutesFile, RoutesFileProblem[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return err(
      doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return { line: pos.line, column: pos.col, message: error.message.split('\n')[0] ?? error.message };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  const input = Array.isArray(raw) ? { routes: raw } : (raw ?? {});
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) {
    const offset = Array.isArray(raw) ? 1 : 0; // a bare list has no "routes" key in its path
    return err(
      parsed.error.issues.map((issue) => {
        const path = issue.path.slice(offset) as (string | number)[];
        const pos = positionOf(doc, path, lineCounter);
        const where = issue.path.map(String).join('.');
        return { ...pos, message: where === '' ? issue.message : `${where}: ${issue.message}` };
      }),
    );
  }
  const file = parsed.data;
  const messageStyle = resolveMessageStyle(DEFAULT_MESSAGE_STYLE, file.message);
  return ok({
    messageStyle,
    routes: file.routes.map((route, index) => ({
      name: route.name ?? `route ${index + 1}`,
      match: {
        ...(route.match.rules === undefined ? {} : { rules: asList(route.match.rules) }),
        ...(route.match.priority === undefined ? {} : { priority: route.match.priority }),
        ...(route.match.tags === undefined ? {} : { tags: splitTags(asList(route.match.tags) ?? []) }),
        ...(route.match.source === undefined ? {} : { sources: asList(route.match.source) }),
        ...(route.match.hostnames === undefined ? {} : { hostnames: asList(route.match.hostnames) }),
        ...(route.match.output_fields === undefined
          ? {}
          : {
              outputFields: Array.isArray(route.match.output_fields[0])
                ? (route.match.output_fields as FieldCondition[][])
                : [route.match.output_fields as FieldCondition[]],
            }),
      },
      action:
        (route.action ?? 'post') === 'post'
          ? { kind: 'post' as const, channels: asList(route.channels) ?? [] }
          : { kind: route.action === 'store' ? ('store' as const) : ('drop' as const) },
      messageStyle: resolveMessageStyle(messageStyle, route.message),
    })),
    grouping: file.grouping.map((rule) => ({ rules: asList(rule.rules) ?? [], fields: rule.fields })),
  });
}

function positionOf(
  doc: Document,
  path: readonly (string | number)[],
  lineCounter: LineCounter,
): { line: number; column: number } {
  // The deepest node that exists on the path: a missing key is reported where its parent is.
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/** How the alert messages of `route` look (null or an unknown name: the file's own style). */
export function messageStyleOf(file: RoutesFile, route: string | null): MessageStyle {
  return file.routes.find((candidate) => candidate.name === route)?.messageStyle ?? file.messageStyle;
}
