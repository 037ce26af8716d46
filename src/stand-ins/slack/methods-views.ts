import { isRecord } from './block-kit-limits.js';
import { validateView } from './block-kit-validate.js';
import {
  fail,
  str,
  type Args,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
} from './method-context.js';
import { slackView, type StoredView, type Trigger } from './view-store.js';
import { err, type Result } from '../../result.js';
import { findUser } from './workspace.js';

/** Slack answers view problems with `invalid_arguments` and the details in `response_metadata.messages`. */
function checkView(args: Args): Record<string, unknown> | MethodResult {
  const view = args.view;
  if (typeof view === 'string') {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] failed to parse view as JSON [json-pointer:/view]'] },
    });
  }
  const problems = validateView(view);
  if (problems.length > 0 || !isRecord(view)) {
    return fail('invalid_arguments', {
      response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
    });
  }
  return view;
}

function isFailure(value: Record<string, unknown> | MethodResult): value is MethodResult {
  return value.ok === false;
}

const answer = (ctx: MethodContext, view: StoredView): MethodResult => ({
  ok: true,
  view: slackView(view, { teamId: ctx.ws.teamId, appId: ctx.ws.appId, botId: ctx.ws.botId }),
});

function trigger(ctx: MethodContext, args: Args): Result<Trigger, string> {
  const id = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  if (id === undefined) return err('invalid_arguments');
  return ctx.views.useTrigger(id, ctx.nowMs, ctx.triggerTtlMs);
}

const open: MethodHandler = (ctx, args) => {
  const view = checkView(args);
  if (isFailure(view)) return view;
  if (ctx.views.externalIdTaken(view.external_id)) return fail('duplicate_external_id');
  const used = trigger(ctx, args);
  if (!used.ok) return fail(used.error);
  return answer(ctx, ctx.views.open(used.value.userId, view, ctx.nowMs));
};

const push: MethodHandler = (ctx, args) => {
  const view = checkView(args);
  if (isFailure(view)) return view;
  if (ctx.views.externalIdTaken(view.external_id)) return fail('duplicate_external_id');
  const used = trigger(ctx, args);
  if (!used.ok) return fail(used.error);
  const pushed = ctx.views.push(used.value, view, ctx.nowMs);
  if (!pushed.ok) return fail(pushed.error);
  return answer(ctx, pushed.value);
};

const update: MethodHandler = (ctx, args) => {
  const viewId = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (viewId === undefined && externalId === undefined) return fail('invalid_arguments');
  const view = checkView(args);
  if (isFailure(view)) return view;
  const hash = str(args, 'hash');
  const target = viewId ?? [...ctx.views.all()].find((v) => v.definition.external_id === externalId)?.id;
  if (ctx.views.externalIdTaken(view.external_id, target)) return fail('duplicate_external_id');
  const updated = ctx.views.update(
    {
      ...(viewId !== undefined ? { viewId } : {}),
      ...(externalId !== undefined ? { externalId } : {}),
      ...(hash !== undefined ? { hash } : {}),
    },
    view,
    ctx.nowMs,
  );
  if (!updated.ok) return fail(updated.error);
  return answer(ctx, updated.value);
};

/** `views.publish`: a person's App Home (only `type: home`; the user must exist). */
const publish: MethodHandler = (ctx, args) => {
  const userId = str(args, 'user_id');
  if (userId === undefined || findUser(ctx.ws, userId) === undefined) return fail('user_not_found');
  const view = checkView(args);
  if (isFailure(view)) return view;
  if (view.type !== 'home') {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] must be home [json-pointer:/view/type]'] },
    });
  }
  const published = ctx.views.publishHome(userId, view, str(args, 'hash'));
  if (!published.ok) return fail(published.error);
  return {
    ok: true,
    view: {
      ...published.value.definition,
      id: published.value.id,
      hash: published.value.hash,
      team_id: ctx.ws.teamId,
    },
  };
};

export const VIEW_METHODS: Readonly<Record<string, MethodHandler>> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
