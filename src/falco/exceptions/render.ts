/**
 * The YAML of the items we add, in one fixed layout (the falco-website examples' and the original how-to's), so that
 * the same change always reads the same in a pull request. Values arrive already written for Falco (falco-token.ts)
 * and are only YAML-quoted here.
 */
import type { ChangeForm, RulesChange } from './types.js';
import { yamlFlowSeq, yamlScalar } from './yaml-scalar.js';

/** A one-line comment: no line breaks or controls, bounded. */
export function commentLine(annotation: string | undefined, indent: string): string {
  if (annotation === undefined) return '';
  const text = annotation
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .trim()
    .slice(0, 300);
  return text === '' ? '' : `${indent}# ${text}\n`;
}

/** `- [cat, /etc/shadow]` at `indent`. */
export function valuesRow(row: readonly string[], indent: string, annotation?: string): string {
  return `${commentLine(annotation, indent)}${indent}- ${yamlFlowSeq(row)}\n`;
}

function appendKey(form: ChangeForm): string {
  return form === 'append' ? '  append: true\n' : '';
}

function overrideBlock(form: ChangeForm, key: string): string {
  return form === 'override' ? `  override:\n    ${key}: append\n` : '';
}

/** The rules-file item for `change`, ending with a newline. */
export function renderItem(change: RulesChange, form: ChangeForm, annotation?: string): string {
  switch (change.kind) {
    case 'exception': {
      const definition = change.exists
        ? ''
        : `      fields: ${yamlFlowSeq(change.fields)}\n      comps: ${yamlFlowSeq(change.comps)}\n`;
      return (
        `- rule: ${yamlScalar(change.rule)}\n` +
        appendKey(form) +
        `  exceptions:\n` +
        `    - name: ${yamlScalar(change.name)}\n` +
        definition +
        `      values:\n` +
        valuesRow(change.row, '        ', annotation) +
        overrideBlock(form, 'exceptions')
      );
    }
    case 'list':
      return (
        commentLine(annotation, '') +
        `- list: ${yamlScalar(change.list)}\n` +
        appendKey(form) +
        `  items: ${yamlFlowSeq(change.items)}\n` +
        overrideBlock(form, 'items')
      );
    case 'macro':
      return (
        commentLine(annotation, '') +
        `- macro: ${yamlScalar(change.macro)}\n` +
        appendKey(form) +
        `  condition: ${yamlScalar(change.condition)}\n` +
        overrideBlock(form, 'condition')
      );
    case 'condition':
      return (
        commentLine(annotation, '') +
        `- rule: ${yamlScalar(change.rule)}\n` +
        appendKey(form) +
        `  condition: ${yamlScalar(change.condition)}\n` +
        overrideBlock(form, 'condition')
      );
  }
}
