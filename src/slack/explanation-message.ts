/**
 * An explanation in Slack: which rule fired and why (its condition expanded and evaluated, ✓ ✗ ?), where it can be
 * excepted and what else each change would silence, and the engine's suggestions. Used for the alert message's
 * Explain button (a thread reply) and for `/falco explain` (an ephemeral answer with a Propose exception button).
 */
import { fieldValueToText } from '../falco/alert/index.js';
import type { ExplainNode, ExplainReport } from '../falco/explain/index.js';
import type { SlackMessage } from './alert-message.js';
import { reachPhrase, reachText } from './rule-reach.js';
import { LIMITS, codeBlock, codeSpan, escapeMrkdwn, truncate } from './block-kit.js';
import type { ExplainedWith } from '../triage/ports/index.js';

export const ACTION_EXPLAIN_PROPOSE = 'explain_propose';

const MARK = { true: '✓', false: '✗', unknown: '?' } as const;
const MAX_TREE_LINES = 40;

function treeLines(node: ExplainNode, depth: number, lines: string[]): void {
  if (lines.length >= MAX_TREE_LINES) return;
  const pad = '  '.repeat(depth);
  switch (node.type) {
    case 'and':
    case 'or':
      lines.push(`${pad}${MARK[node.result]} ${node.type}`);
      for (const child of node.children) treeLines(child, depth + 1, lines);
      return;
    case 'not':
      lines.push(`${pad}${MARK[node.result]} not`);
      treeLines(node.child, depth + 1, lines);
      return;
    case 'macro':
      lines.push(`${pad}${MARK[node.result]} ${node.name}${node.collapsed === undefined ? '' : ' (…)'}`);
      if (node.child !== undefined && depth < 4) treeLines(node.child, depth + 1, lines);
      return;
    case 'check': {
      const reads = node.reads
        .filter((read) => read.value !== undefined)
        .map((read) => `${read.field}=${truncate(fieldValueToText(read.value), 60)}`)
        .join(', ');
      lines.push(
        `${pad}${MARK[node.result]} ${truncate(node.text, 120)}${reads === '' ? '' : `   [${reads}]`}`,
      );
      return;
    }
    case 'unresolved':
      lines.push(`${pad}? ${node.name} (unknown macro)`);
      return;
    case 'more':
      lines.push(`${pad}${node.text}`);
      return;
  }
}

function section(text: string): Record<string, unknown> {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The explanation blocks; `proposeAlertId` adds a Propose exception button for that stored alert. */
/** Whose rules explain the alert: its target's, or a stand-in's when it matched no target. */
function rulesBlock(rules: ExplainedWith): Record<string, unknown> {
  const whose = `*${escapeMrkdwn(rules.target.name)}* (Falco ${escapeMrkdwn(rules.target.falcoVersion)})`;
  const text = rules.matched
    ? `Explained with the rules of target ${whose}.`
    : `:warning: This alert matches no target: explained with the rules of target ${whose}.`;
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

export function explanationMessage(
  report: ExplainReport,
  options: { proposeAlertId?: string; rules?: ExplainedWith } = {},
): SlackMessage {
  const { explanation } = report;
  const lines: string[] = [];
  treeLines(explanation.tree, 0, lines);
  // Safest first: the points that make no other rule fire more, then those that silence the fewest other rules.
  const ranked = [...report.exceptionPoints].sort(
    (a, b) =>
      Number(a.widens.length > 0) - Number(b.widens.length > 0) ||
      a.silences.length - b.silences.length ||
      a.widens.length - b.widens.length,
  );
  const points = ranked.slice(0, 12).map((point) => {
    const others = reachPhrase(point.silences, point.widens) || 'only this rule';
    const value =
      point.value === undefined
        ? ''
        : ` (${point.field ?? ''}=${codeSpan(fieldValueToText(point.value), 80)})`;
    return `• ${point.kind} *${escapeMrkdwn(point.name)}*${value}: ${escapeMrkdwn(others)}`;
  });
  // The engine ranks suggestions (what else each change does first); the best one is shown.
  const suggestion = report.suggestions.find((candidate) => candidate.refused === undefined);
  const { reading } = report;
  // A pasted output alone carries no priority: the one shown is the rule's.
  const priority =
    reading !== undefined && reading.header === 'none' ? `${report.priority} from the rule` : report.priority;
  const blocks: Record<string, unknown>[] = [
    section(
      `:mag: *${escapeMrkdwn(report.rule)}* (${priority}, source ${escapeMrkdwn(explanation.source)})\n${escapeMrkdwn(truncate(explanation.desc.trim(), 600))}`,
    ),
    ...(options.rules === undefined ? [] : [rulesBlock(options.rules)]),
    // Other alerts were on the line: the on-call person must see that this answer is about one of them.
    ...(reading?.notice === undefined
      ? []
      : [section(`:warning: ${escapeMrkdwn(sentence(reading.notice))}`)]),
    section(`*Why it fired*\n${escapeMrkdwn(truncate(explanation.summary, 1200))}`),
    section(codeBlock(lines.join('\n'), 2800)),
  ];
  if (points.length > 0) {
    blocks.push(section(`*Where it can be excepted*\n${points.join('\n')}`));
  }
  if (suggestion !== undefined) {
    blocks.push(
      section(
        `*Suggested:* ${suggestion.strategy} on *${escapeMrkdwn(suggestion.target)}*${reachText(suggestion.alsoAffects, suggestion.firesMore, { sayNone: true, max: 300 })}\n${codeBlock(suggestion.yaml, 1500)}`,
      ),
    );
  }
  const missing = explanation.missingFields.length;
  const notes = [
    ...report.notes.filter((note) => note !== reading?.notice),
    ...(missing === 0
      ? []
      : [`${missing} field(s) the condition reads are not in the alert, so some checks show ?`]),
  ];
  if (notes.length > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(escapeMrkdwn(notes.join(' · ')), LIMITS.sectionText) }],
    });
  }
  if (options.proposeAlertId !== undefined) {
    blocks.push({
      type: 'actions',
      block_id: 'explain_actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION_EXPLAIN_PROPOSE,
          style: 'primary',
          text: { type: 'plain_text', text: 'Propose exception' },
          value: options.proposeAlertId,
        },
      ],
    });
  }
  return { text: truncate(`Why ${report.rule} fired`, LIMITS.fallbackText), blocks };
}
