/**
 * What a change does to other rules, in Slack words, both directions always: the rules it also silences and the
 * rules it makes fire more (they use the list or macro without "not"). One wording for the modal, the proposal
 * message and the explanation, so an approver reads the same thing everywhere.
 */
import { escapeMrkdwn, truncate } from './block-kit.js';

function ruleCount(count: number): string {
  return `${count} other rule${count === 1 ? '' : 's'}`;
}

/** Lines starting with a newline: nothing to add when the change reaches no other rule (unless `sayNone`). */
export function reachText(
  silences: readonly string[],
  widens: readonly string[],
  options: { readonly sayNone?: boolean; readonly max?: number } = {},
): string {
  const max = options.max ?? 600;
  const lines: string[] = [];
  if (silences.length > 0)
    lines.push(
      `:warning: Also silences ${ruleCount(silences.length)}: ${escapeMrkdwn(truncate(silences.join(', '), max))}`,
    );
  if (widens.length > 0)
    lines.push(
      `:rotating_light: Makes ${ruleCount(widens.length)} fire *more* (${widens.length === 1 ? 'it uses' : 'they use'} it without "not"): ${escapeMrkdwn(truncate(widens.join(', '), max))}`,
    );
  if (lines.length === 0) return options.sayNone === true ? '\nChanges no other rule.' : '';
  return `\n${lines.join('\n')}`;
}

/** "also silences 2 other rules; makes 1 other rule fire MORE", or '' when the change reaches no other rule. */
export function reachPhrase(silences: readonly string[], widens: readonly string[]): string {
  return [
    ...(silences.length === 0 ? [] : [`also silences ${ruleCount(silences.length)}`]),
    ...(widens.length === 0 ? [] : [`makes ${ruleCount(widens.length)} fire MORE`]),
  ].join('; ');
}

/** The phrase in parentheses, for a strategy option: " (also silences 2 other rules)". */
export function reachTag(silences: readonly string[], widens: readonly string[]): string {
  const phrase = reachPhrase(silences, widens);
  return phrase === '' ? '' : ` (${phrase})`;
}
