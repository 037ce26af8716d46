/**
 * An explanation as a terminal report: the rule, why it fired, the fields, the condition with ✓ ✗ ? marks, the
 * existing exceptions, the exception points with what else each silences, and the suggestions with their YAML.
 * Plain text (no colours), lines kept short; long lists are abbreviated (the JSON output has everything).
 */
import { fieldValueToText } from '../alert/index.js';
import type { Truth } from '../eval/index.js';
import type { ExplainReport } from './alert-explainer.js';
import type { ExceptionPoint } from './exception-points.js';
import type { ExplainNode } from './tree.js';

const MARK: Readonly<Record<Truth, string>> = { true: '✓', false: '✗', unknown: '?' };
const MAX_RULE_NAMES = 6;
const MAX_TEXT = 110;

export function formatExplainText(report: ExplainReport): string {
  const { explanation } = report;
  const out: string[] = [];
  const best = report.candidates[0];
  out.push(`Rule: ${report.rule}`);
  const { reading } = report;
  out.push(
    `  priority ${explanation.priority}` +
      (report.priority === explanation.priority ? '' : ` (the alert says ${report.priority})`) +
      (reading?.header === 'none' ? ' (the text has none)' : '') +
      `, source ${explanation.source}` +
      (explanation.enabled ? '' : ', disabled') +
      (best === undefined ? '' : `, matched by ${describeMatch(best.match)} (score ${best.score})`),
  );
  // Other alerts were on the line: said before anything else, as the report is about one of them.
  if (reading?.notice !== undefined) out.push(`  ! ${sentence(reading.notice)}`);
  const others = report.candidates.slice(1);
  if (others.length > 0)
    out.push(`  other candidates: ${others.map((c) => `${c.rule} (${c.score})`).join(', ')}`);
  if (explanation.tags.length > 0) out.push(`  tags: ${explanation.tags.join(', ')}`);
  if (explanation.desc !== '') out.push(`  ${explanation.desc.replace(/\s+/g, ' ')}`);
  out.push('', 'Why', `  ${explanation.summary}`);
  out.push('', 'Fields', ...formatFields(report));
  out.push(
    '',
    'Condition as written',
    ...explanation.condition.split('\n').map((line) => `  ${line.trim()}`),
  );
  out.push('', 'Condition evaluated (✓ true, ✗ false, ? unknown from this alert)');
  formatNode(explanation.tree, 1, out);
  if (explanation.exceptions.length > 0) {
    out.push('', 'Existing exceptions');
    for (const exception of explanation.exceptions)
      out.push(
        `  ${MARK[exception.matches]} ${exception.name} (${exception.fields.join(', ')}; ${exception.values} value row${exception.values === 1 ? '' : 's'}): ` +
          (exception.matches === 'true'
            ? 'matches this alert'
            : exception.matches === 'false'
              ? 'does not match'
              : 'cannot tell'),
      );
  }
  out.push('', 'Exception points (extending one stops this alert; lists and macros also change other rules)');
  if (report.exceptionPoints.length === 0)
    out.push('  none: the rule has no negated lists, user_* macros or exceptions');
  for (const point of report.exceptionPoints) out.push(...formatPoint(point));
  out.push('', 'Suggestions (best first)');
  const usable = report.suggestions.filter((s) => s.refused === undefined);
  if (usable.length === 0) out.push('  none could be built safely for this alert');
  usable.forEach((suggestion, index) => {
    const affects = describeReach(suggestion.alsoAffects, suggestion.firesMore, 'changes no other rule');
    out.push(
      `  ${index + 1}. ${suggestion.strategy} ${suggestion.target} (${suggestion.fields.join(', ')}): ${affects}`,
    );
    if (suggestion.uncertain !== undefined) out.push(`       (${suggestion.uncertain})`);
    for (const line of suggestion.yaml.trimEnd().split('\n')) out.push(`       ${line}`);
  });
  const refused = report.suggestions.filter((s) => s.refused !== undefined);
  for (const suggestion of refused)
    out.push(`  not offered: ${suggestion.strategy} ${suggestion.target}: ${suggestion.refused ?? ''}`);
  const notes = report.notes.filter((note) => note !== reading?.notice);
  if (notes.length > 0) out.push('', 'Notes', ...notes.map((note) => `  - ${note}`));
  return `${out.join('\n')}\n`;
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function describeMatch(match: string): string {
  switch (match) {
    case 'rule-name':
      return 'rule name';
    case 'title':
      return 'output title only';
    case 'reworded-title':
      return 'reworded output title and its labels';
    default:
      return `output template (${match})`;
  }
}

function formatFields(report: ExplainReport): string[] {
  const keys = Object.keys(report.fields);
  if (keys.length === 0) return ['  (none)'];
  const width = Math.min(32, Math.max(...keys.map((key) => key.length)));
  return keys.map((key) => {
    const source = report.sources[key];
    const from =
      source === undefined || source === 'output_fields' || source === 'template' ? '' : `  (${source})`;
    return `  ${key.padEnd(width)}  ${clip(fieldValueToText(report.fields[key]), MAX_TEXT)}${from}`;
  });
}

function formatNode(node: ExplainNode, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  switch (node.type) {
    case 'and':
    case 'or':
      out.push(`${indent}${MARK[node.result]} ${node.type}`);
      for (const child of node.children) formatNode(child, depth + 1, out);
      return;
    case 'not':
      out.push(`${indent}${MARK[node.result]} not`);
      formatNode(node.child, depth + 1, out);
      return;
    case 'macro': {
      const collapsed = node.collapsed === undefined ? '' : ` (not expanded: ${node.collapsed})`;
      out.push(`${indent}${MARK[node.result]} ${node.name}${collapsed}`);
      if (node.child !== undefined) formatNode(node.child, depth + 1, out);
      return;
    }
    case 'check': {
      const reads = node.reads
        .map((read) =>
          read.value === undefined
            ? `${read.field} not in the alert`
            : `${read.field}=${clip(fieldValueToText(read.value), 60)}`,
        )
        .join(', ');
      const held = (node.lists ?? []).filter((list) => list.matched === true).map((list) => list.name);
      const lists =
        node.lists === undefined || node.lists.length === 0
          ? ''
          : held.length > 0
            ? `; in ${held.join(', ')}`
            : node.lists.every((list) => list.matched === false)
              ? `; in none of its ${node.lists.length} list${node.lists.length === 1 ? '' : 's'}`
              : '';
      const detail = reads === '' && lists === '' ? '' : `   [${reads}${lists}]`;
      out.push(`${indent}${MARK[node.result]} ${clip(node.text.replace(/\s+/g, ' '), MAX_TEXT)}${detail}`);
      return;
    }
    case 'unresolved':
      out.push(`${indent}? ${node.name} (not a macro of the loaded rules)`);
      return;
    case 'more':
      out.push(
        `${indent}${node.text} (${node.results.true} ✓, ${node.results.false} ✗, ${node.results.unknown} ?; see --json)`,
      );
  }
}

function formatPoint(point: ExceptionPoint): string[] {
  const on =
    point.field === null
      ? point.fields.length > 0
        ? ` on ${point.fields.join(', ')}`
        : ''
      : ` on ${point.field}`;
  const size =
    point.size === undefined
      ? ''
      : point.kind === 'list'
        ? `, ${point.size} items`
        : `, ${point.size} value rows`;
  const where = [
    point.via.length > 0 ? `inside ${point.via.join(' → ')}` : '',
    point.partOf === undefined ? '' : `part of ${point.partOf}`,
  ]
    .filter((text) => text !== '')
    .join(', ');
  const stops =
    point.silencesAlert === 'true'
      ? ''
      : point.silencesAlert === 'false'
        ? ' (would not stop this alert)'
        : ' (may not stop this alert)';
  const affects =
    point.kind === 'exception'
      ? 'this rule only'
      : describeReach(point.silences, point.widens, 'no other rule uses it');
  return [
    `  ${point.kind} ${point.name}${on}${size}${where === '' ? '' : ` (${where})`}${stops}: ${affects}`,
  ];
}

/** "also silences A, B; makes C fire more (it uses it without "not")", both directions always told. */
function describeReach(silences: readonly string[], widens: readonly string[], none: string): string {
  const parts = [
    ...(silences.length === 0 ? [] : [`also silences ${names(silences)}`]),
    ...(widens.length === 0
      ? []
      : [
          `makes ${names(widens)} fire more (${widens.length === 1 ? 'it uses' : 'they use'} it without "not")`,
        ]),
  ];
  return parts.length === 0 ? none : parts.join('; ');
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, MAX_RULE_NAMES).join(', ');
  return list.length > MAX_RULE_NAMES ? `${shown} and ${list.length - MAX_RULE_NAMES} more` : shown;
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
