import { BLOCK_KIT_LIMITS as L, isRecord, type Problems } from './block-kit-limits.js';

/** Elements Slack accepts inside `actions` blocks, `input` blocks and section accessories. */
const ELEMENT_TYPES = new Set([
  'button',
  'checkboxes',
  'radio_buttons',
  'overflow',
  'datepicker',
  'datetimepicker',
  'timepicker',
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
  'rich_text_input',
  'file_input',
  'image',
  'workflow_button',
]);

/** Element types that may only appear in `input` blocks. */
const INPUT_ONLY = new Set([
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
  'rich_text_input',
  'file_input',
]);

export type ElementPlace = 'actions' | 'input' | 'accessory';

/** Validates one interactive element at `pointer`; `actionIds` spots duplicates within the containing block. */
export function checkElement(
  p: Problems,
  pointer: string,
  element: unknown,
  place: ElementPlace,
  actionIds: Set<string>,
): void {
  if (!isRecord(element)) {
    p.add(pointer, 'must provide an object');
    return;
  }
  const type = element.type;
  if (typeof type !== 'string' || !ELEMENT_TYPES.has(type)) {
    p.add(`${pointer}/type`, `unsupported type: ${String(type)}`);
    return;
  }
  if (place !== 'input' && INPUT_ONLY.has(type)) {
    p.add(pointer, `${type} is only allowed in input blocks`);
  }
  if (type === 'image') {
    checkImage(p, pointer, element);
    return;
  }
  if (element.action_id !== undefined) {
    p.stringField(`${pointer}/action_id`, element.action_id, L.actionId, { required: true });
    if (typeof element.action_id === 'string') {
      if (actionIds.has(element.action_id)) {
        p.add(`${pointer}/action_id`, `duplicate action_id: ${element.action_id}`);
      }
      actionIds.add(element.action_id);
    }
  }
  if (element.placeholder !== undefined) {
    p.textObject(`${pointer}/placeholder`, element.placeholder, L.placeholder, { plainOnly: true });
  }
  if (element.confirm !== undefined) checkConfirm(p, `${pointer}/confirm`, element.confirm);
  switch (type) {
    case 'button':
    case 'workflow_button':
      p.textObject(`${pointer}/text`, element.text, L.buttonText, { plainOnly: true });
      p.stringField(`${pointer}/value`, element.value, L.buttonValue);
      p.stringField(`${pointer}/url`, element.url, L.url);
      p.stringField(`${pointer}/accessibility_label`, element.accessibility_label, L.accessibilityLabel);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
        p.add(`${pointer}/style`, 'must be one of the allowed values: primary, danger');
      }
      return;
    case 'checkboxes':
      checkOptionList(p, pointer, element, L.checkboxOptions, true);
      return;
    case 'radio_buttons':
      checkOptionList(p, pointer, element, L.radioOptions, false);
      return;
    case 'overflow':
      checkOptionList(p, pointer, element, L.overflowOptions, false);
      return;
    case 'static_select':
    case 'multi_static_select':
      checkSelect(p, pointer, element, type === 'multi_static_select');
      return;
    case 'plain_text_input':
      checkLength(p, `${pointer}/min_length`, element.min_length, 0);
      checkLength(p, `${pointer}/max_length`, element.max_length, 1);
      p.stringField(`${pointer}/initial_value`, element.initial_value, L.plainTextInputLength);
      return;
    case 'datepicker':
      if (
        element.initial_date !== undefined &&
        (typeof element.initial_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(element.initial_date))
      ) {
        p.add(`${pointer}/initial_date`, 'must match the format YYYY-MM-DD');
      }
      return;
    default:
      return;
  }
}

function checkLength(p: Problems, pointer: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > L.plainTextInputLength
  ) {
    p.add(pointer, `must be an integer between ${min} and ${L.plainTextInputLength}`);
  }
}

export function checkImage(p: Problems, pointer: string, image: Record<string, unknown>): void {
  if (image.image_url === undefined && image.slack_file === undefined) {
    p.add(pointer, 'must provide image_url or slack_file');
  }
  p.stringField(`${pointer}/image_url`, image.image_url, L.url);
  p.stringField(`${pointer}/alt_text`, image.alt_text, L.imageAltText, { required: true });
}

function checkConfirm(p: Problems, pointer: string, confirm: unknown): void {
  if (!isRecord(confirm)) {
    p.add(pointer, 'must provide an object');
    return;
  }
  p.textObject(`${pointer}/title`, confirm.title, L.confirmTitle, { plainOnly: true });
  p.textObject(`${pointer}/text`, confirm.text, L.confirmText);
  p.textObject(`${pointer}/confirm`, confirm.confirm, L.confirmButton, { plainOnly: true });
  p.textObject(`${pointer}/deny`, confirm.deny, L.confirmButton, { plainOnly: true });
}

function checkOption(
  p: Problems,
  pointer: string,
  option: unknown,
  mrkdwnAllowed: boolean,
): string | undefined {
  if (!isRecord(option)) {
    p.add(pointer, 'must provide an object');
    return undefined;
  }
  p.textObject(`${pointer}/text`, option.text, L.optionText, { plainOnly: !mrkdwnAllowed });
  p.stringField(`${pointer}/value`, option.value, L.optionValue, { required: true });
  if (option.description !== undefined) {
    p.textObject(`${pointer}/description`, option.description, L.optionDescription, {
      plainOnly: !mrkdwnAllowed,
    });
  }
  p.stringField(`${pointer}/url`, option.url, L.url);
  return typeof option.value === 'string' ? option.value : undefined;
}

/** Checkboxes, radio buttons and overflow menus: a flat `options` list plus optional initial choices. */
function checkOptionList(
  p: Problems,
  pointer: string,
  element: Record<string, unknown>,
  max: number,
  multi: boolean,
): void {
  if (!Array.isArray(element.options)) {
    p.add(`${pointer}/options`, 'must provide an array');
    return;
  }
  p.minItems(`${pointer}/options`, element.options, 1);
  p.maxItems(`${pointer}/options`, element.options, max);
  const mrkdwn = element.type !== 'overflow';
  const values = element.options.map((o: unknown, i) => checkOption(p, `${pointer}/options/${i}`, o, mrkdwn));
  checkInitial(p, pointer, element, values, multi);
}

function checkSelect(p: Problems, pointer: string, element: Record<string, unknown>, multi: boolean): void {
  const values: (string | undefined)[] = [];
  if (Array.isArray(element.options)) {
    p.maxItems(`${pointer}/options`, element.options, L.selectOptions);
    element.options.forEach((o: unknown, i) =>
      values.push(checkOption(p, `${pointer}/options/${i}`, o, false)),
    );
  } else if (Array.isArray(element.option_groups)) {
    p.maxItems(`${pointer}/option_groups`, element.option_groups, L.optionGroups);
    element.option_groups.forEach((g: unknown, gi) => {
      const gp = `${pointer}/option_groups/${gi}`;
      if (!isRecord(g) || !Array.isArray(g.options)) {
        p.add(gp, 'must provide an object with options');
        return;
      }
      p.textObject(`${gp}/label`, g.label, L.optionGroupLabel, { plainOnly: true });
      p.maxItems(`${gp}/options`, g.options, L.selectOptions);
      g.options.forEach((o: unknown, i) => values.push(checkOption(p, `${gp}/options/${i}`, o, false)));
    });
  } else {
    p.add(pointer, 'must provide either options or option_groups');
    return;
  }
  checkInitial(p, pointer, element, values, multi);
}

/** Slack refuses an initial option that is not one of the element's options (compared by value and text). */
function checkInitial(
  p: Problems,
  pointer: string,
  element: Record<string, unknown>,
  values: readonly (string | undefined)[],
  multi: boolean,
): void {
  const key = multi ? 'initial_options' : 'initial_option';
  const initial = element[key];
  if (initial === undefined) return;
  const chosen = multi ? (Array.isArray(initial) ? (initial as unknown[]) : [initial]) : [initial];
  chosen.forEach((option, i) => {
    const value = isRecord(option) ? option.value : undefined;
    if (typeof value !== 'string' || !values.includes(value)) {
      p.add(multi ? `${pointer}/${key}/${i}` : `${pointer}/${key}`, 'must match one of the provided options');
    }
  });
}
