/**
 * Block Kit limits and the text helpers that keep messages inside them. Slack refuses a message that breaks a
 * limit (`invalid_blocks`), which would lose the alert's post; so every builder truncates, visibly, instead.
 * Numbers: docs.slack.dev/reference/block-kit (see ../shared/reference/slack-platform.md §3).
 */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  homeBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  modalTitle: 24,
  privateMetadata: 3000,
  optionText: 75,
  checkboxOptions: 10,
  /** Radio buttons take at most 10 options; a static select 100 (in at most 100 groups). */
  radioOptions: 10,
  selectOptions: 100,
  optionGroupLabel: 75,
  inputLabel: 2000,
  /** Slack's undocumented cap on the total text across a message's blocks (`msg_blocks_too_long`, bolt-js#2509). */
  messageTotalText: 11000,
  /** The `text` fallback of a message (notifications, screen readers). */
  fallbackText: 3000,
} as const;

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` characters (code points are not split), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ELLIPSIS.length);
  // Do not split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

/**
 * Escapes text for mrkdwn: Slack reads `&`, `<` and `>` as control characters (links, mentions). Values from alerts
 * are attacker-controlled: without this, a process name like `<!channel>` would ping a whole channel.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Inline code for an untrusted value: escaped, backticks replaced (a backtick would end the code span), and
 * truncated to `max` characters. Empty values show as `""` so they are visible.
 */
export function codeSpan(value: string, max: number): string {
  if (value === '') return '`""`';
  const safe = escapeMrkdwn(value.replace(/`/g, 'ˋ').replace(/\r?\n/g, '⏎'));
  return `\`${truncateEscaped(safe, max - 2)}\``;
}

/** A code block for multi-line untrusted text. */
export function codeBlock(value: string, max: number): string {
  const safe = escapeMrkdwn(value.replace(/```/g, 'ˋˋˋ'));
  return `\`\`\`${truncateEscaped(safe, max - 6)}\`\`\``;
}

/** Truncates escaped text without cutting an entity such as `&amp;` in half. */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = truncate(text, max);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = `${cut.slice(0, amp)}${ELLIPSIS}`;
  return cut;
}

/** The total characters of text in a list of blocks (what `msg_blocks_too_long` counts, approximately). */
export function blocksTextLength(blocks: readonly unknown[]): number {
  let total = 0;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') total += value.length;
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(blocks);
  return total;
}
