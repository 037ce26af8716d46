import { isRecord } from './block-kit-limits.js';
import { validateView } from './block-kit-validate.js';
import { interactiveElements } from './block-walk.js';
import type { StoredView, ViewStore } from './view-store.js';

/**
 * What Slack does with the app's answer to a `view_submission`: close the view (empty body), show inline errors,
 * replace the view, push one, or clear the whole modal. An invalid view or an error on a block that is not an input
 * block is what Slack shows the user as "We had some trouble connecting": `invalid`.
 */
export type ViewAckOutcome =
  | { readonly kind: 'closed' }
  | { readonly kind: 'cleared' }
  | { readonly kind: 'errors'; readonly errors: Record<string, string> }
  | { readonly kind: 'updated'; readonly view: StoredView }
  | { readonly kind: 'pushed'; readonly view: StoredView }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] };

const MAX_STACK = 3;

export function applyViewAck(
  views: ViewStore,
  view: StoredView,
  ack: unknown,
  nowMs: number,
): ViewAckOutcome {
  if (ack === undefined || ack === null || ack === '') {
    views.close(view.id, false);
    return { kind: 'closed' };
  }
  if (!isRecord(ack)) return { kind: 'invalid', problems: ['ack body is not a JSON object'] };
  switch (ack.response_action) {
    case 'clear':
      views.close(view.id, true);
      return { kind: 'cleared' };
    case 'errors':
      return errorsAck(view, ack.errors);
    case 'update':
    case 'push': {
      const problems = validateView(ack.view);
      if (problems.length > 0 || !isRecord(ack.view)) return { kind: 'invalid', problems };
      if (ack.response_action === 'update') {
        views.replace(view, ack.view, nowMs);
        return { kind: 'updated', view };
      }
      if (views.stack(view.rootViewId).length >= MAX_STACK) {
        return { kind: 'invalid', problems: ['push_limit_reached'] };
      }
      return { kind: 'pushed', view: pushOnto(views, view, ack.view, nowMs) };
    }
    default:
      return { kind: 'invalid', problems: [`unknown response_action: ${String(ack.response_action)}`] };
  }
}

function errorsAck(view: StoredView, errors: unknown): ViewAckOutcome {
  if (!isRecord(errors) || Object.keys(errors).length === 0) {
    return { kind: 'invalid', problems: ['response_action errors needs a non-empty errors object'] };
  }
  const inputBlocks = new Set(
    interactiveElements(view.definition.blocks as unknown[] | undefined)
      .filter((e) => e.blockType === 'input')
      .map((e) => e.blockId),
  );
  const unknown = Object.keys(errors).filter((blockId) => !inputBlocks.has(blockId));
  if (unknown.length > 0) {
    return {
      kind: 'invalid',
      problems: unknown.map((id) => `errors names a block that is not an input: ${id}`),
    };
  }
  const texts = Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
  view.errors = texts;
  return { kind: 'errors', errors: texts };
}

function pushOnto(
  views: ViewStore,
  from: StoredView,
  definition: Record<string, unknown>,
  nowMs: number,
): StoredView {
  const trigger = views.issueTrigger(from.userId, nowMs, from.id);
  const used = views.useTrigger(trigger, nowMs, Number.POSITIVE_INFINITY);
  if (!used.ok) throw new Error(`internal: fresh trigger refused (${used.error})`);
  const pushed = views.push(used.value, definition, nowMs);
  if (!pushed.ok) throw new Error(`internal: push refused (${pushed.error})`);
  return pushed.value;
}
