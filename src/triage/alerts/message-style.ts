/**
 * How a route's alert messages look (`message:` in the routes file, at the top for every route and per route):
 *
 *   message:
 *     form: compact                  # compact: 3 to 4 lines; full (default): every field, in sections
 *     fields: [k8s.ns.name, k8s.pod.name, proc.cmdline]   # which fields, in this order (default: all, ranked)
 *     hide_unknown: true             # leave out <NA> and empty values (always in the compact form)
 *     show_fingerprint: true         # the fingerprint in the context line (default: out of sight)
 *     links:                         # buttons-free links under the alert; placeholders are filled from it
 *       - text: Runbook
 *         url: https://runbooks.example.com/falco/{rule_slug}
 *         rules: ["Terminal shell*"] # optional: only on these rules (globs)
 *       - text: Logs
 *         url: https://grafana.example.com/explore?from={from_ms}&to={to_ms}&host={hostname}&pod={field:k8s.pod.name}
 *
 * A route's block is laid over the top-level one key by key. Placeholders: {rule}, {rule_slug}, {priority},
 * {source}, {hostname}, {fingerprint}, {time} (RFC 3339, nanoseconds kept), {time_ms}, {time_s}, {from_ms} and
 * {to_ms} (five minutes either side), {from} and {to} (RFC 3339), {field:<output field>}. Values are URL-encoded;
 * a link whose placeholder has no value (a field the alert lacks, or <NA>) is left out rather than shown wrong.
 */
import { z } from 'zod';
import { LINK_PLACEHOLDERS, type MessageStyle } from '../ports/index.js';

export const DEFAULT_MESSAGE_STYLE: MessageStyle = {
  form: 'full',
  hideUnknown: false,
  showFingerprint: false,
  links: [],
};

const PLACEHOLDER = /\{([^{}]*)\}/g;

function placeholderProblem(url: string): string | undefined {
  for (const [, name = ''] of url.matchAll(PLACEHOLDER)) {
    if (name.startsWith('field:') && name.length > 'field:'.length) continue;
    if (!(LINK_PLACEHOLDERS as readonly string[]).includes(name)) {
      return `unknown placeholder {${name}}: use ${LINK_PLACEHOLDERS.map((known) => `{${known}}`).join(', ')} or {field:<output field>}`;
    }
  }
  return undefined;
}

const linkSchema = z.strictObject({
  // Slack shows the text inside <url|text>: no markup characters in it.
  text: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[^<>|&*_~`]+$/, 'link text: plain words only (no < > | & * _ ~ `)'),
  url: z
    .string()
    .max(1500)
    .regex(/^https?:\/\/[^\s<>|]+$/, 'expected an http(s) URL without spaces, <, > or |')
    .superRefine((url, ctx) => {
      const problem = placeholderProblem(url);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    }),
  rules: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
});

/** The `message:` block as written (every key optional, so a route's block can override only some). */
export const messageStyleSchema = z.strictObject({
  form: z.enum(['full', 'compact']).optional(),
  fields: z.array(z.string().min(1)).min(1).max(40).optional(),
  hide_unknown: z.boolean().optional(),
  show_fingerprint: z.boolean().optional(),
  links: z.array(linkSchema).max(5).optional(),
});

export type MessageStyleInput = z.infer<typeof messageStyleSchema>;

/** `over` laid over `base` key by key. */
export function resolveMessageStyle(base: MessageStyle, over: MessageStyleInput | undefined): MessageStyle {
  if (over === undefined) return base;
  const fields = over.fields ?? base.fields;
  return {
    form: over.form ?? base.form,
    ...(fields === undefined ? {} : { fields }),
    hideUnknown: over.hide_unknown ?? base.hideUnknown,
    showFingerprint: over.show_fingerprint ?? base.showFingerprint,
    links:
      over.links?.map((link) => ({
        text: link.text,
        url: link.url,
        ...(link.rules === undefined
          ? {}
          : { rules: typeof link.rules === 'string' ? [link.rules] : link.rules }),
      })) ?? base.links,
  };
}
