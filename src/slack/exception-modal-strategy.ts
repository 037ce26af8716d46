/**
 * The strategy part of the false-positive modal: each way to silence the alert with what else it changes, as radio
 * buttons or a menu grouped by reach, and the confirmation a change that makes other rules fire more requires.
 */
import type { StrategyOption } from '../triage/proposals/index.js';
import { LIMITS, truncate } from './block-kit.js';
import { FP_CONFIRM, FP_STRATEGY } from './exception-modal-state.js';
import { reachTag } from './rule-reach.js';

type Block = Record<string, unknown>;

function plain(text: string, max: number = LIMITS.optionText): Record<string, unknown> {
  return { type: 'plain_text', text: truncate(text, max), emoji: false };
}

export function strategyText(option: StrategyOption): string {
  const also = `${reachTag(option.alsoAffects, option.firesMore)}${option.uncertain === undefined ? '' : ' (may not stop this alert)'}`;
  switch (option.strategy) {
    case 'exception':
      return 'Rule exception: this rule only';
    case 'condition':
      return "Append to this rule's condition";
    case 'list':
      return `Add to list ${option.target}${also}`;
    case 'macro':
      return `Extend macro ${option.target}${also}`;
  }
}

/** Which group of the strategy menu an option sits in: what else it changes. */
function reachGroup(option: StrategyOption): 0 | 1 | 2 {
  return option.firesMore.length > 0 ? 2 : option.alsoAffects.length > 0 ? 1 : 0;
}

const REACH_GROUPS = ['Changes only this rule', 'Also silences other rules', 'Makes other rules fire more'];

/**
 * Radio buttons while every strategy fits (10); beyond that a menu grouped by what else each change does, so that
 * no strategy the engine offers is hidden (a list used by many rules is often the one people look for).
 */
export function strategyElement(
  offered: readonly StrategyOption[],
  current: StrategyOption | undefined,
): Block {
  const item = (option: StrategyOption) => ({ text: plain(strategyText(option)), value: option.id });
  const initial = current === undefined ? {} : { initial_option: item(current) };
  if (offered.length <= LIMITS.radioOptions)
    return { type: 'radio_buttons', action_id: FP_STRATEGY, options: offered.map(item), ...initial };
  const groups = REACH_GROUPS.map((label, index) => ({
    label: plain(label, LIMITS.optionGroupLabel),
    options: offered.filter((option) => reachGroup(option) === index).map(item),
  })).filter((group) => group.options.length > 0);
  return { type: 'static_select', action_id: FP_STRATEGY, option_groups: groups, ...initial };
}

/**
 * A change that makes other rules fire more needs an explicit yes (checked again on submission), naming them: the
 * person may have picked the list for its name without knowing it is also used positively.
 */
export function confirmBlock(firesMore: readonly string[]): Block {
  const names = truncate(firesMore.join(', '), 120);
  return {
    type: 'input',
    block_id: FP_CONFIRM,
    label: plain('Other rules will fire more', LIMITS.inputLabel),
    hint: plain('Pick another strategy above to avoid this.', 150),
    element: {
      type: 'checkboxes',
      action_id: FP_CONFIRM,
      options: [
        {
          text: plain(`I understand: ${names} will fire on more events`),
          value: 'yes',
        },
      ],
    },
  };
}
