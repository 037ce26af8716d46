/**
 * Block Kit limits as Slack documents them, kept apart from the bot's own truncation code on purpose: the fake
 * must catch a message the bot got wrong, so it cannot share the bot's numbers.
 *
 * Sources: docs.slack.dev/reference/block-kit (blocks, block elements, composition objects), the JSDoc of
 * `@slack/types` 3.x (`block-kit/*.d.ts`, `views.d.ts`) and `../shared/reference/slack-platform.md` §3.
 * Where the two disagree (option `value`: 75 in `@slack/types`, 150 on docs.slack.dev) the current docs win.
 */
export const BLOCK_KIT_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  blockId: 255,
  actionId: 255,
  text: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  accessibilityLabel: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  optionGroupLabel: 75,
  selectOptions: 100,
  optionGroups: 100,
  checkboxOptions: 10,
  radioOptions: 10,
  overflowOptions: 5,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInputLength: 3000,
  imageAltText: 2000,
  markdownBlockText: 12000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  /** `chat.postMessage` text; longer messages answer `msg_too_long`. */
  messageText: 40000,
  /**
   * Undocumented cap on the text summed over all blocks of one message (`msg_blocks_too_long`, bolt-js#2509:
   * observed at about 13,200 characters). Slightly below the observation so a bot that passes here passes there.
   */
  messageBlocksTotalText: 13000,
} as const;

/** Collects problems as Slack words them: `<message> [json-pointer:/blocks/0/text/text]`. */
export class Problems {
  readonly list: string[] = [];

  add(pointer: string, message: string): void {
    this.list.push(`${message} [json-pointer:${pointer}]`);
  }

  maxLength(pointer: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(pointer, `must be less than ${max + 1} characters`);
    }
  }

  maxItems(pointer: string, value: unknown, max: number): void {
    if (Array.isArray(value) && value.length > max) this.add(pointer, `no more than ${max} items allowed`);
  }

  minItems(pointer: string, value: unknown, min: number): void {
    if (Array.isArray(value) && value.length < min) this.add(pointer, `must provide at least ${min} items`);
  }

  required(pointer: string, value: unknown): boolean {
    if (value === undefined || value === null) {
      this.add(pointer, 'must provide an object');
      return false;
    }
    return true;
  }

  stringField(pointer: string, value: unknown, max: number, opts: { required?: boolean } = {}): void {
    if (value === undefined) {
      if (opts.required === true) this.add(pointer, 'must provide a string');
      return;
    }
    if (typeof value !== 'string') {
      this.add(pointer, 'must be a string');
      return;
    }
    if (opts.required === true && value.length === 0) this.add(pointer, 'must be more than 0 characters');
    this.maxLength(pointer, value, max);
  }

  /**
   * A text composition object. `plainOnly` where Slack requires `plain_text` (headers, buttons, labels,
   * placeholders, view title/submit/close); `max` is the limit on its `text`.
   */
  textObject(pointer: string, value: unknown, max: number, opts: { plainOnly?: boolean } = {}): void {
    if (!isRecord(value)) {
      this.add(pointer, 'must provide an object');
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.add(`${pointer}/type`, 'must be one of the allowed values: plain_text, mrkdwn');
    } else if (opts.plainOnly === true && value.type !== 'plain_text') {
      this.add(`${pointer}/type`, 'must be plain_text');
    }
    if (typeof value.text !== 'string') {
      this.add(`${pointer}/text`, 'must provide a string');
      return;
    }
    if (value.text.length === 0) this.add(`${pointer}/text`, 'must be more than 0 characters');
    this.maxLength(`${pointer}/text`, value.text, max);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sum of the characters of every `text` string anywhere under `value` (Slack's undocumented payload cap). */
export function totalText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + totalText(item), 0);
  if (!isRecord(value)) return 0;
  let sum = 0;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'text' && typeof item === 'string') sum += item.length;
    else sum += totalText(item);
  }
  return sum;
}
