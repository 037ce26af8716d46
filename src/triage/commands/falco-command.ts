/**
 * The `/falco` slash command's grammar:
 *
 *   /falco help
 *   /falco explain <alert: a text line (with or without its time and priority) or JSON, optionally in ``` fences>
 *   /falco <alert>                                                  the same, when the text is recognisably an alert
 *   /falco status [target]
 *   /falco mute <rule name or fingerprint> <duration> [reason]     duration: 30m, 2h, 1d, 1w (at most 90d)
 *   /falco unmute <rule name or fingerprint>
 *
 * `target=<name>` anywhere in a mute or unmute limits it to one target (Falco deployment) of TARGETS_FILE.
 *
 * Rule names contain spaces, so the duration is the first token after the target that looks like one; a target in
 * quotes is taken literally. A 16-hex-digit target is a fingerprint (on alert messages of routes with
 * `show_fingerprint`).
 */
import { parsePriority } from '../../falco/alert/index.js';

export type FalcoCommand =
  | { readonly kind: 'help'; readonly unknown?: string }
  | { readonly kind: 'explain'; readonly text: string }
  | { readonly kind: 'status'; readonly target?: string }
  | {
      readonly kind: 'mute';
      readonly target: MuteTarget;
      readonly durationMs: number;
      readonly durationText: string;
      readonly reason: string | null;
    }
  | { readonly kind: 'unmute'; readonly target: MuteTarget }
  | { readonly kind: 'invalid'; readonly problem: CommandProblem };

/** What is wrong with a `/falco mute` or `/falco unmute` command line. */
export type CommandProblem =
  | { readonly code: 'mute_without_duration' }
  | { readonly code: 'mute_without_target' }
  /** `duration`: the word that is not a duration, as typed. */
  | { readonly code: 'mute_bad_duration'; readonly duration: string }
  | { readonly code: 'mute_too_long'; readonly maxDays: number }
  | { readonly code: 'unmute_without_target' };

export interface MuteTarget {
  readonly kind: 'rule' | 'fingerprint';
  readonly value: string;
  /** Only this target's alerts (Falco deployment); absent: every target's. */
  readonly falcoTarget?: string;
}

const TARGET_OPTION = /(?:^|\s)target=(\S+)(?=\s|$)/;

/** `target=<name>` taken out of a mute or unmute command line. */
function targetOption(rest: string): { readonly rest: string; readonly falcoTarget?: string } {
  const found = TARGET_OPTION.exec(rest);
  if (found?.[1] === undefined) return { rest };
  return {
    rest: `${rest.slice(0, found.index)} ${rest.slice(found.index + found[0].length)}`.trim(),
    falcoTarget: found[1],
  };
}

function withTarget(command: FalcoCommand, falcoTarget: string | undefined): FalcoCommand {
  if (falcoTarget === undefined || (command.kind !== 'mute' && command.kind !== 'unmute')) return command;
  return { ...command, target: { ...command.target, falcoTarget } };
}

const DURATION = /^(\d{1,5})(s|m|h|d|w)$/i;
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const MAX_MUTE_DAYS = 90;
export const MAX_MUTE_MS = MAX_MUTE_DAYS * 86_400_000;
const FINGERPRINT = /^[0-9a-f]{16}$/;

/** Slack escapes &, < and > in command text. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function durationMs(token: string): number | undefined {
  const match = DURATION.exec(token);
  if (match === null) return undefined;
  return Number(match[1]) * (UNIT_MS[(match[2] ?? '').toLowerCase()] ?? 0);
}

function target(text: string): MuteTarget {
  const value = text.trim().replace(/^["“](.*)["”]$/s, '$1');
  return FINGERPRINT.test(value) ? { kind: 'fingerprint', value } : { kind: 'rule', value };
}

function parseMute(rest: string): FalcoCommand {
  const quoted = /^["“]([^"”]+)["”]\s*(.*)$/s.exec(rest);
  let targetText: string;
  let tail: string[];
  if (quoted !== null) {
    targetText = quoted[1] ?? '';
    tail = (quoted[2] ?? '').split(/\s+/).filter((token) => token !== '');
  } else {
    const tokens = rest.split(/\s+/).filter((token) => token !== '');
    const at = tokens.findIndex((token, index) => index > 0 && durationMs(token) !== undefined);
    if (at === -1) return { kind: 'invalid', problem: { code: 'mute_without_duration' } };
    targetText = tokens.slice(0, at).join(' ');
    tail = tokens.slice(at);
  }
  const [durationText = '', ...reasonWords] = tail;
  const ms = durationMs(durationText);
  if (targetText.trim() === '') return { kind: 'invalid', problem: { code: 'mute_without_target' } };
  if (ms === undefined || ms === 0)
    return { kind: 'invalid', problem: { code: 'mute_bad_duration', duration: durationText } };
  if (ms > MAX_MUTE_MS)
    return { kind: 'invalid', problem: { code: 'mute_too_long', maxDays: MAX_MUTE_DAYS } };
  const reason = reasonWords.join(' ').trim();
  return {
    kind: 'mute',
    target: target(targetText),
    durationMs: ms,
    durationText,
    reason: reason === '' ? null : reason,
  };
}

/**
 * JSON, a fenced paste, a line with its time, or an output alone as Slack shows alerts: a priority word first
 * (`Warning Sensitive file opened …`) or several words with `key=value` labels after `(` or `|`.
 */
function looksLikeAlert(text: string, firstWord: string): boolean {
  if (text.startsWith('{') || text.startsWith('```') || /^\d{2}:\d{2}:\d{2}/.test(text)) return true;
  if (parsePriority(firstWord.replace(/^\[|\]?:?$/g, '')) !== undefined && /\s\S/.test(text)) return true;
  return /^[^(|]*\s[^(|]*[(|][^=]*\S=/.test(text);
}

export function parseFalcoCommand(raw: string): FalcoCommand {
  const text = unescapeSlackText(raw).trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  if (match === null) return { kind: 'help' };
  const verb = (match[1] ?? '').toLowerCase();
  const rest = (match[2] ?? '').trim();
  switch (verb) {
    case 'help':
      return { kind: 'help' };
    case 'explain':
      return { kind: 'explain', text: rest };
    case 'status':
      return rest === '' ? { kind: 'status' } : { kind: 'status', target: rest };
    case 'mute': {
      const option = targetOption(rest);
      return withTarget(parseMute(option.rest), option.falcoTarget);
    }
    case 'unmute': {
      const option = targetOption(rest);
      return option.rest === ''
        ? { kind: 'invalid', problem: { code: 'unmute_without_target' } }
        : withTarget({ kind: 'unmute', target: target(option.rest) }, option.falcoTarget);
    }
    default:
      // A pasted alert without the word "explain" is the most likely intent.
      if (looksLikeAlert(text, verb)) return { kind: 'explain', text };
      return { kind: 'help', unknown: verb };
  }
}
