/**
 * The edit inside a rules text (a plain rules file, or one Helm `customRules` entry): add the values row to our
 * existing exception when the text has it, otherwise append the new item at the end, separated the way the text
 * separates its items (a blank line, or none as in the original how-to's file).
 */
import { err, ok, type Result } from '../../result.js';
import { valuesRow, type Synthesis } from '../exceptions/index.js';
import { findException, findListAppend } from './find-exception.js';
import { yamlScalar } from '../exceptions/index.js';
import { lineEnd, type Insertion } from './insertions.js';

export type EditAction = 'appended-item' | 'added-values-row' | 'added-list-item';

export interface TextEdit {
  readonly insertions: readonly Insertion[];
  readonly action: EditAction;
}

export interface EditProblem {
  readonly code: 'exception_differs' | 'entry_unusable' | 'file_unusable' | 'edit_failed';
  readonly message: string;
}

/** What an edit needs from a synthesis (a stored proposal keeps exactly this). */
export type ChangeToApply = Pick<Synthesis, 'change' | 'yaml' | 'annotation'>;

/** Whether the text separates its top-level items with blank lines (default: yes, unless it clearly does not). */
function separatesWithBlankLines(text: string): boolean {
  if (/\n[ \t]*\n(?=[-#])/.test(text)) return true;
  const items = text.match(/^- /gm)?.length ?? 0;
  return items < 2;
}

/** The indentation of the text's top-level items (`- ` at the start of its first item line). */
function itemIndent(text: string): string {
  return /^( *)- /m.exec(text)?.[1] ?? '';
}

/** The insertion that appends `item` (ending with a newline) at the end of `text`, indented like its items. */
export function appendItem(text: string, unindented: string): Insertion {
  if (text.trim() === '') return { offset: text.length, text: unindented };
  const indent = itemIndent(text);
  const item = indent === '' ? unindented : unindented.replace(/^(?=.)/gm, indent);
  const blank = separatesWithBlankLines(text) ? '\n' : '';
  if (text.endsWith('\n')) {
    const alreadyBlank = /\n[ \t]*\n$/.test(text);
    return { offset: text.length, text: (alreadyBlank ? '' : blank) + item };
  }
  return { offset: text.length, text: `\n${blank}${item}` };
}

/** Plans the edit of one rules text, or says why our exception there cannot take the row. */
export function planTextEdit(text: string, apply: ChangeToApply): Result<TextEdit, EditProblem> {
  const change = apply.change;
  if (change.kind === 'exception') {
    const found = findException(text, change.rule, change.name, change.fields, change.comps);
    if (found.kind === 'different') {
      return err({
        code: 'exception_differs',
        message: `the file already has an exception "${change.name}" on rule "${change.rule}" with other fields or comparisons, or with values that are not a list; edit it by hand`,
      });
    }
    if (found.kind === 'found') {
      const place = found.place;
      if (place.kind === 'block') {
        const at = lineEnd(text, Math.max(place.lastItemEnd - 1, 0));
        const row = valuesRow(change.row, ' '.repeat(place.column), apply.annotation);
        return ok({
          insertions: [{ offset: at, text: `\n${row.replace(/\n$/, '')}` }],
          action: 'added-values-row',
        });
      }
      const row = valuesRow(change.row, '', undefined).replace(/^- /, '').replace(/\n$/, '');
      return ok({
        insertions: [{ offset: place.close, text: place.empty ? row : `, ${row}` }],
        action: 'added-values-row',
      });
    }
  }
  if (change.kind === 'list') {
    // A later item for the same list goes next to the earlier ones, in the item that already appends to it.
    const place = findListAppend(text, change.list);
    if (place !== undefined) {
      const items = change.items.map((item) => yamlScalar(item, place.kind === 'flow'));
      if (place.kind === 'flow')
        return ok({
          insertions: [{ offset: place.close, text: `${place.empty ? '' : ', '}${items.join(', ')}` }],
          action: 'added-list-item',
        });
      const at = lineEnd(text, Math.max(place.lastItemEnd - 1, 0));
      const indent = ' '.repeat(place.column);
      return ok({
        insertions: [{ offset: at, text: items.map((item) => `\n${indent}- ${item}`).join('') }],
        action: 'added-list-item',
      });
    }
  }
  return ok({ insertions: [appendItem(text, apply.yaml)], action: 'appended-item' });
}
