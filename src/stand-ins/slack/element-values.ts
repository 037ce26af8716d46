import { isRecord } from './block-kit-limits.js';
import { interactiveElements, type FoundElement } from './block-walk.js';
import type { StateValues } from './view-store.js';

/**
 * What a user enters in an element, as a test states it: text for text inputs, one option value for selects and
 * radio buttons, several for checkboxes and multi-selects, a user/channel id for pickers, `YYYY-MM-DD` for dates,
 * `null` to clear.
 */
export type UserInput = string | readonly string[] | null;

/**
 * Inputs for a view, keyed `blockId → actionId → input`, or directly `actionId → input` when the action id is unique
 * in the view.
 */
export type ViewInputs = Readonly<Record<string, UserInput | Readonly<Record<string, UserInput>>>>;

function optionsOf(element: Record<string, unknown>): Record<string, unknown>[] {
  const flat: unknown[] = Array.isArray(element.options) ? (element.options as unknown[]) : [];
  const groups: unknown[] = Array.isArray(element.option_groups) ? (element.option_groups as unknown[]) : [];
  const grouped = groups.flatMap((g): unknown[] =>
    isRecord(g) && Array.isArray(g.options) ? (g.options as unknown[]) : [],
  );
  return [...flat, ...grouped].filter(isRecord);
}

function pickOption(el: FoundElement, value: string): Record<string, unknown> {
  const option = optionsOf(el.element).find((o) => o.value === value);
  if (option === undefined) {
    throw new Error(
      `FakeSlack: ${el.blockId}/${el.actionId} has no option with value ${JSON.stringify(value)}`,
    );
  }
  const { text, value: v, description } = option;
  return { text, value: v, ...(description !== undefined ? { description } : {}) };
}

const asList = (input: UserInput): readonly string[] =>
  input === null ? [] : typeof input === 'string' ? [input] : input;
const asOne = (input: UserInput): string | null =>
  input === null ? null : typeof input === 'string' ? input : (input[0] ?? null);

/** The `view.state.values` entry Slack reports for an element holding `input`. */
export function stateEntry(el: FoundElement, input: UserInput): Record<string, unknown> {
  const type = String(el.element.type);
  switch (type) {
    case 'checkboxes':
    case 'multi_static_select':
    case 'multi_external_select':
      return { type, selected_options: asList(input).map((v) => pickOption(el, v)) };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
    case 'overflow': {
      const one = asOne(input);
      return { type, selected_option: one === null ? null : pickOption(el, one) };
    }
    case 'datepicker':
      return { type, selected_date: asOne(input) };
    case 'timepicker':
      return { type, selected_time: asOne(input) };
    case 'users_select':
      return { type, selected_user: asOne(input) };
    case 'multi_users_select':
      return { type, selected_users: asList(input) };
    case 'conversations_select':
      return { type, selected_conversation: asOne(input) };
    case 'multi_conversations_select':
      return { type, selected_conversations: asList(input) };
    case 'channels_select':
      return { type, selected_channel: asOne(input) };
    case 'multi_channels_select':
      return { type, selected_channels: asList(input) };
    default:
      // plain_text_input, number_input, email_text_input, url_text_input: Slack sends null for an empty input.
      return { type, value: asOne(input) === '' ? null : asOne(input) };
  }
}

/** The entry an untouched element reports: its `initial_*` value, or empty. */
function initialEntry(el: FoundElement): Record<string, unknown> {
  const e = el.element;
  if (Array.isArray(e.initial_options)) {
    return stateEntry(
      el,
      e.initial_options.filter(isRecord).map((o) => String(o.value)),
    );
  }
  if (isRecord(e.initial_option)) return stateEntry(el, String(e.initial_option.value));
  for (const key of [
    'initial_value',
    'initial_date',
    'initial_time',
    'initial_user',
    'initial_conversation',
    'initial_channel',
  ]) {
    if (typeof e[key] === 'string') return stateEntry(el, e[key]);
  }
  for (const key of ['initial_users', 'initial_conversations', 'initial_channels']) {
    if (Array.isArray(e[key])) return stateEntry(el, (e[key] as unknown[]).map(String));
  }
  return stateEntry(el, null);
}

/** Finds the element an input key refers to (`blockId` + `actionId`, or a unique `actionId`). */
export function findElement(
  blocks: readonly unknown[] | undefined,
  blockId: string | undefined,
  actionId: string,
): FoundElement {
  const matches = interactiveElements(blocks).filter(
    (e) => e.actionId === actionId && (blockId === undefined || e.blockId === blockId),
  );
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  const where = blockId !== undefined ? `${blockId}/${actionId}` : actionId;
  throw new Error(
    matches.length === 0
      ? `FakeSlack: no element ${where} in these blocks (a user could not use it)`
      : `FakeSlack: action_id ${actionId} is not unique; give the block_id`,
  );
}

/**
 * The full `view.state.values` Slack sends on submission: every input element, starting from what the user entered
 * earlier (`previous`), else the element's initial value, overridden by `inputs`.
 */
export function buildStateValues(
  blocks: readonly unknown[] | undefined,
  previous: StateValues,
  inputs: ViewInputs,
): StateValues {
  const values: StateValues = {};
  for (const el of interactiveElements(blocks)) {
    if (
      el.blockType !== 'input' &&
      !['checkboxes', 'radio_buttons', 'static_select', 'datepicker'].includes(String(el.element.type))
    )
      continue;
    const entry = previous[el.blockId]?.[el.actionId] ?? initialEntry(el);
    (values[el.blockId] ??= {})[el.actionId] = entry;
  }
  for (const [key, input] of Object.entries(inputs)) {
    const nested = isRecord(input) && !Array.isArray(input);
    const pairs: [string | undefined, string, UserInput][] = nested
      ? Object.entries(input as Record<string, UserInput>).map(([actionId, v]) => [key, actionId, v])
      : [[undefined, key, input as UserInput]];
    for (const [blockId, actionId, value] of pairs) {
      const el = findElement(blocks, blockId, actionId);
      (values[el.blockId] ??= {})[el.actionId] = stateEntry(el, value);
    }
  }
  return values;
}
