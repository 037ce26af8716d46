import { randomBytes } from 'node:crypto';
import { interactiveElements, withGeneratedIds } from './block-walk.js';
import { isRecord } from './block-kit-limits.js';
import { err, ok, type Result } from '../../result.js';

/** Modal stacks hold at most three views (docs.slack.dev/surfaces/modals). */
const MAX_STACK = 3;

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface StoredView {
  readonly id: string;
  readonly userId: string;
  readonly rootViewId: string;
  readonly previousViewId: string | null;
  /** The view as the app last sent it (with Slack-generated block and action ids filled in). */
  definition: Record<string, unknown>;
  hash: string;
  /** What the user has entered so far, in `view.state.values` shape. */
  state: StateValues;
  open: boolean;
  /** Earlier definitions, oldest first (one per `views.update` or `response_action: update`). */
  readonly history: Record<string, unknown>[];
  /** The inline errors of the last `response_action: errors` ack, if any. */
  errors?: Record<string, string>;
}

export interface Trigger {
  readonly issuedMs: number;
  readonly userId: string;
  /** The view the interaction happened in (a trigger from a modal may push onto its stack). */
  readonly viewId?: string;
  used: boolean;
}

export type TriggerError = 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id';

/** A person's App Home as the app last published it (`views.publish`). */
export interface HomeView {
  readonly id: string;
  readonly userId: string;
  readonly definition: Record<string, unknown>;
  readonly hash: string;
  /** Every published definition, oldest first. */
  readonly history: Record<string, unknown>[];
}

export class ViewStore {
  private readonly views = new Map<string, StoredView>();
  private readonly homes = new Map<string, HomeView>();

  /** Publishes `definition` as `userId`'s home; a stale `hash` answers `hash_conflict`, as on Slack. */
  publishHome(
    userId: string,
    definition: Record<string, unknown>,
    hash: string | undefined,
  ): Result<HomeView, 'hash_conflict'> {
    const previous = this.homes.get(userId);
    if (hash !== undefined && previous !== undefined && previous.hash !== hash) return err('hash_conflict');
    const home: HomeView = {
      id: previous?.id ?? this.newId(),
      userId,
      definition: structuredClone(definition),
      hash: randomBytes(8).toString('hex'),
      history: [...(previous?.history ?? []), structuredClone(definition)],
    };
    this.homes.set(userId, home);
    return ok(home);
  }

  home(userId: string): HomeView | undefined {
    return this.homes.get(userId);
  }
  private readonly triggers = new Map<string, Trigger>();
  private seq = 0;

  /** A trigger id like Slack's (`<digits>.<digits>.<hex>`), valid for `ttlMs` and for one use. */
  issueTrigger(userId: string, nowMs: number, viewId?: string): string {
    const id = `${Math.floor(nowMs)}${++this.seq}.${1000 + this.seq}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, {
      issuedMs: nowMs,
      userId,
      ...(viewId !== undefined ? { viewId } : {}),
      used: false,
    });
    return id;
  }

  /** Spends a trigger: unknown → `invalid_trigger_id`, used → `exchanged_trigger_id`, old → `expired_trigger_id`. */
  useTrigger(id: string, nowMs: number, ttlMs: number): Result<Trigger, TriggerError> {
    const trigger = this.triggers.get(id);
    if (trigger === undefined) return err('invalid_trigger_id');
    if (trigger.used) return err('exchanged_trigger_id');
    if (nowMs - trigger.issuedMs > ttlMs) return err('expired_trigger_id');
    trigger.used = true;
    return ok(trigger);
  }

  open(userId: string, definition: Record<string, unknown>, nowMs: number): StoredView {
    const id = this.newId();
    return this.store({ id, userId, rootViewId: id, previousViewId: null, definition, nowMs });
  }

  /** Pushes onto the stack of the view the trigger came from. */
  push(trigger: Trigger, definition: Record<string, unknown>, nowMs: number): Result<StoredView, string> {
    const from = trigger.viewId !== undefined ? this.views.get(trigger.viewId) : undefined;
    // A trigger from a message (not from inside a modal) has no stack to push onto.
    if (from === undefined || !from.open) return err('invalid_trigger_id');
    const stack = this.stack(from.rootViewId);
    if (stack.length >= MAX_STACK) return err('push_limit_reached');
    const top = stack.at(-1) ?? from;
    const id = this.newId();
    return ok(
      this.store({
        id,
        userId: trigger.userId,
        rootViewId: from.rootViewId,
        previousViewId: top.id,
        definition,
        nowMs,
      }),
    );
  }

  /** `views.update` semantics: by id or external id; a stale `hash` answers `hash_conflict`. */
  update(
    ref: { viewId?: string; externalId?: string; hash?: string },
    definition: Record<string, unknown>,
    nowMs: number,
  ): Result<StoredView, 'not_found' | 'hash_conflict'> {
    const view =
      ref.viewId !== undefined
        ? this.views.get(ref.viewId)
        : [...this.views.values()].find((v) => v.definition.external_id === ref.externalId);
    if (view === undefined) return err('not_found');
    if (ref.hash !== undefined && ref.hash !== view.hash) return err('hash_conflict');
    this.replace(view, definition, nowMs);
    return ok(view);
  }

  /** Replaces a view's content; input the user typed survives where the block and action ids are unchanged. */
  replace(view: StoredView, definition: Record<string, unknown>, nowMs: number): void {
    view.history.push(view.definition);
    view.definition = normalise(definition);
    view.hash = newHash(nowMs);
    const kept: StateValues = {};
    for (const el of interactiveElements(view.definition.blocks as unknown[] | undefined)) {
      const value = view.state[el.blockId]?.[el.actionId];
      if (value !== undefined) (kept[el.blockId] ??= {})[el.actionId] = value;
    }
    view.state = kept;
    delete view.errors;
  }

  externalIdTaken(externalId: unknown, exceptViewId?: string): boolean {
    if (typeof externalId !== 'string') return false;
    return [...this.views.values()].some(
      (v) => v.id !== exceptViewId && v.definition.external_id === externalId,
    );
  }

  find(id: string): StoredView | undefined {
    return this.views.get(id);
  }

  /** Open views of one modal, bottom first. */
  stack(rootViewId: string): StoredView[] {
    return [...this.views.values()].filter((v) => v.rootViewId === rootViewId && v.open);
  }

  /** Closes one view, or its whole stack (`clear`). */
  close(viewId: string, whole: boolean): void {
    const view = this.views.get(viewId);
    if (view === undefined) return;
    const targets = whole ? this.stack(view.rootViewId) : [view];
    for (const v of targets) v.open = false;
  }

  all(): StoredView[] {
    return [...this.views.values()];
  }

  clear(): void {
    this.views.clear();
    this.triggers.clear();
  }

  private store(v: {
    id: string;
    userId: string;
    rootViewId: string;
    previousViewId: string | null;
    definition: Record<string, unknown>;
    nowMs: number;
  }): StoredView {
    const view: StoredView = {
      id: v.id,
      userId: v.userId,
      rootViewId: v.rootViewId,
      previousViewId: v.previousViewId,
      definition: normalise(v.definition),
      hash: newHash(v.nowMs),
      state: {},
      open: true,
      history: [],
    };
    this.views.set(view.id, view);
    return view;
  }

  private newId(): string {
    return `V${(++this.seq).toString(36).toUpperCase().padStart(9, '0')}`;
  }
}

function normalise(definition: Record<string, unknown>): Record<string, unknown> {
  const blocks = Array.isArray(definition.blocks) ? withGeneratedIds(definition.blocks) : [];
  return { ...structuredClone(definition), blocks };
}

function newHash(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)}.${randomBytes(4).toString('hex')}`;
}

/** The view object Slack returns from `views.*` and puts in `view_submission`/`block_actions` payloads. */
export function slackView(
  v: StoredView,
  ids: { teamId: string; appId: string; botId: string },
): Record<string, unknown> {
  const d = v.definition;
  const flag = (key: string): boolean => d[key] === true;
  return {
    id: v.id,
    team_id: ids.teamId,
    type: d.type,
    blocks: d.blocks,
    private_metadata: typeof d.private_metadata === 'string' ? d.private_metadata : '',
    callback_id: typeof d.callback_id === 'string' ? d.callback_id : '',
    state: { values: v.state },
    hash: v.hash,
    title: d.title,
    clear_on_close: flag('clear_on_close'),
    notify_on_close: flag('notify_on_close'),
    close: isRecord(d.close) ? d.close : null,
    submit: isRecord(d.submit) ? d.submit : null,
    previous_view_id: v.previousViewId,
    root_view_id: v.rootViewId,
    app_id: ids.appId,
    external_id: typeof d.external_id === 'string' ? d.external_id : '',
    app_installed_team_id: ids.teamId,
    bot_id: ids.botId,
  };
}
