/**
 * The links a route puts under its alert messages (runbook, Falcosidekick UI, Grafana or Loki at the alert's time),
 * built from URL templates the operator wrote (`message.links` in the routes file). Every value comes from the alert
 * and is the sender's text: it is URL-encoded, so it cannot end the URL or the Slack link (`|`, `>`) or add
 * parameters; a link whose placeholder has no value is left out, since a link to the wrong logs is worse than none.
 */
import { compileRuleGlob } from '../falco/alert/index.js';
import type { GroupView, MessageLink } from '../triage/ports/index.js';
import { fieldValueToText } from '../falco/alert/index.js';
import { isUnknown } from './alert-fields.js';

/** A longer address (an alert value can be long) is left out: Slack caps a context element's text at 3000. */
const MAX_URL_CHARS = 1800;

/** How far either side of the alert `{from_ms}`/`{to_ms}` reach. */
const AROUND_MS = 5 * 60_000;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function placeholderValue(view: GroupView, name: string): string | undefined {
  const ms = view.time?.epochMs ?? view.firstSeenMs;
  switch (name) {
    case 'rule':
      return view.rule;
    case 'rule_slug':
      return slug(view.rule);
    case 'priority':
      return view.priority;
    case 'source':
      return view.source;
    case 'hostname':
      return view.hostname;
    case 'fingerprint':
      return view.fingerprint;
    case 'time':
      return view.time?.iso ?? new Date(ms).toISOString();
    case 'time_ms':
      return String(ms);
    case 'time_s':
      return String(Math.floor(ms / 1000));
    case 'from_ms':
      return String(ms - AROUND_MS);
    case 'to_ms':
      return String(ms + AROUND_MS);
    case 'from':
      return new Date(ms - AROUND_MS).toISOString();
    case 'to':
      return new Date(ms + AROUND_MS).toISOString();
    default: {
      if (!name.startsWith('field:')) return undefined;
      const value = view.fields[name.slice('field:'.length)];
      return isUnknown(value) ? undefined : fieldValueToText(value);
    }
  }
}

/** The URL for `link`, or undefined when a placeholder has no value for this alert. */
export function linkUrl(view: GroupView, link: MessageLink): string | undefined {
  let missing = false;
  const url = link.url.replace(/\{([^{}]*)\}/g, (_whole, name: string) => {
    const value = placeholderValue(view, name);
    if (value === undefined || value === '') {
      missing = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  return missing ? undefined : url;
}

/** The route's links for this alert as mrkdwn (`<url|text>`), in the order written. */
export function messageLinks(view: GroupView): string[] {
  const links: string[] = [];
  for (const link of view.style?.links ?? []) {
    if (link.rules !== undefined && !link.rules.some((glob) => compileRuleGlob(glob)(view.rule))) continue;
    const url = linkUrl(view, link);
    // `&` is Slack's escape character, in a link's address too.
    if (url !== undefined && url.length <= MAX_URL_CHARS) {
      links.push(`<${url.replace(/&/g, '&amp;')}|${link.text}>`);
    }
  }
  return links;
}

/** The links as a context block (one element each: at most 5, each under Slack's 3000), or none. */
export function linksLine(view: GroupView): Record<string, unknown> | undefined {
  const links = messageLinks(view);
  if (links.length === 0) return undefined;
  return { type: 'context', elements: links.map((text) => ({ type: 'mrkdwn', text })) };
}
