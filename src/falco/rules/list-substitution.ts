/**
 * Lists are substituted into condition TEXT before parsing, exactly as Falco's `resolve_list` does
 * (`rule_loader_compiler.cpp`): a list name delimited by a blank, `(`, `)`, `,` or `=` (or the ends of the text) is
 * replaced by its items joined with `", "`, each quoted by `quote_item` when it holds a space. Lists apply in
 * definition order, with no visibility check, so `proc.name in shell_binaries` (no parentheses) becomes
 * `proc.name in  ash, bash ...` and fails to parse, as in Falco. Items holding `(),="'` are not escaped
 * (Falco's own TODO), which can break a condition; we reproduce that too.
 */
import type { NameReference } from './model.js';

const BLANKS = ' \t\n\r';
const DELIMS = `${BLANKS}(),=`;

/** `quote_item`: wrap in double quotes when the item holds a space and does not already start with a quote. */
export function quoteItem(item: string): string {
  return item.includes(' ') && !item.startsWith('"') && !item.startsWith("'") ? `"${item}"` : item;
}

/** `paren_item`: wrap in parentheses unless it already starts with one. */
export function parenItem(item: string): string {
  return item.startsWith('(') ? item : `(${item})`;
}

/** One replacement: `[start, oldEnd)` of the text before became `[start, newEnd)` of the text after. */
export interface TextEdit {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

export interface Substituted {
  readonly text: string;
  /** In the order applied; `mapBack` undoes them. */
  readonly edits: readonly TextEdit[];
  /** Names of the lists that were substituted (marks them used). */
  readonly used: readonly string[];
}

/** Maps an offset in the substituted text back to the text before substitution. */
export function mapBack(offset: number, edits: readonly TextEdit[]): number {
  let current = offset;
  for (let i = edits.length - 1; i >= 0; i--) {
    const edit = edits[i];
    if (edit === undefined) continue;
    if (current >= edit.newEnd) current = current - edit.newEnd + edit.oldEnd;
    else if (current >= edit.start) current = edit.start;
  }
  return current;
}

function isDelimiter(text: string, index: number): boolean {
  return index < 0 || index >= text.length || DELIMS.includes(text.charAt(index));
}

const DELIMITER_RUN = /[ \t\n\r(),=]+/;
const HAS_DELIMITER = /[ \t\n\r(),=]/;

export interface ListEntry {
  readonly name: string;
  /** The expanded items, quoted and joined with ", ". */
  readonly joined: string;
  readonly empty: boolean;
}

/**
 * The lists in definition order, indexed so that a condition only visits the lists it may mention: a name without
 * delimiters can only occur as one of the condition's maximal runs of non-delimiters (its tokens).
 */
export interface ListTable {
  readonly entries: readonly ListEntry[];
  readonly byName: ReadonlyMap<string, number>;
  /** Lists whose names hold a delimiter (invalid names Falco only warns about): always checked. */
  readonly unusual: readonly number[];
}

export function makeListTable(entries: readonly ListEntry[]): ListTable {
  const byName = new Map<string, number>();
  const unusual: number[] = [];
  entries.forEach((entry, index) => {
    if (HAS_DELIMITER.test(entry.name)) unusual.push(index);
    else if (!byName.has(entry.name)) byName.set(entry.name, index);
  });
  return { entries, byName, unusual };
}

/** Indices of the lists that may occur in `text`, ascending. */
function candidates(text: string, table: ListTable): number[] {
  const found = new Set<number>(table.unusual);
  for (const token of text.split(DELIMITER_RUN)) {
    const index = table.byName.get(token);
    if (index !== undefined) found.add(index);
  }
  return [...found].sort((a, b) => a - b);
}

/** Substitutes every list into `condition`, lists in definition order, as Falco's `parse_condition`. */
export function substituteLists(condition: string, table: ListTable): Substituted {
  let text = condition;
  const edits: TextEdit[] = [];
  const used: string[] = [];
  const pending = candidates(condition, table);
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const list = table.entries[next];
    if (list === undefined) continue;
    let found = false;
    let start = text.indexOf(list.name);
    while (start !== -1) {
      let end = start + list.name.length;
      if (isDelimiter(text, start - 1) && isDelimiter(text, end)) {
        while (start > 0 && BLANKS.includes(text.charAt(start - 1))) start--;
        while (end < text.length && BLANKS.includes(text.charAt(end))) end++;
        if (list.empty) {
          if (start > 0 && text.charAt(start - 1) === ',') start--;
          else if (end < text.length && text.charAt(end) === ',') end++;
        }
        const prefix = start > 0 ? `${text.slice(0, start)} ` : '';
        const replacement = `${list.joined} `;
        edits.push({ start, oldEnd: end, newEnd: prefix.length + replacement.length });
        text = prefix + replacement + text.slice(end);
        start += list.joined.length + 1;
        found = true;
      }
      start = text.indexOf(list.name, start + 1);
    }
    if (!found) continue;
    used.push(list.name);
    // Items may name lists that come later in definition order: Falco substitutes those too.
    const current = next;
    for (const index of candidates(list.joined, table))
      if (index > current && !pending.includes(index)) pending.push(index);
    pending.sort((a, b) => a - b);
  }
  return { text, edits, used };
}

/** Where list names appear in a condition as written, by the same delimiter rule (for "which rules use X"). */
export function findListReferences(condition: string, table: ListTable): NameReference[] {
  const references: NameReference[] = [];
  for (const index of candidates(condition, table)) {
    const name = table.entries[index]?.name ?? '';
    for (let start = condition.indexOf(name); start !== -1; start = condition.indexOf(name, start + 1)) {
      const end = start + name.length;
      if (isDelimiter(condition, start - 1) && isDelimiter(condition, end))
        references.push({ name, span: { start, end } });
    }
  }
  return references.sort((a, b) => a.span.start - b.span.start);
}

/**
 * `compile_list_infos`: an item naming a list whose first definition came before this list's latest change is
 * replaced by that list's items as written (one level: a name among those items is left for text substitution).
 * Lists that name each other in a loop therefore never expand without end: each side sees the other's items once
 * at most, and a name left over is substituted once more in the condition, or stays a plain value (falco 0.32.0
 * `rule_loader.cpp` L520-561, 0.44.1 `rule_loader_compiler.cpp` L298-324).
 *
 * The Lua loader (`lua`, before 0.32, `rule_loader.lua` `load_rules`) compiled lists in order of first appearance,
 * each seeing only lists compiled before it, and copied their already expanded items: nesting expands fully, and a
 * list can only name an earlier one, so loops cannot form.
 */
export function expandLists<
  T extends {
    readonly name: string;
    readonly items: readonly string[];
    readonly index: number;
    readonly visibility: number;
  },
>(lists: readonly T[], lua = false): Map<string, { readonly items: string[]; readonly nested: string[] }> {
  const byName = new Map(lists.map((list) => [list.name, list]));
  const out = new Map<string, { readonly items: string[]; readonly nested: string[] }>();
  for (const list of lists) {
    const items: string[] = [];
    const nested: string[] = [];
    const horizon = lua ? list.index : list.visibility;
    for (const item of list.items) {
      const ref = byName.get(item);
      if (ref !== undefined && ref.index < horizon) {
        nested.push(ref.name);
        items.push(...(lua ? (out.get(ref.name)?.items ?? ref.items) : ref.items));
      } else items.push(item);
    }
    out.set(list.name, { items, nested });
  }
  return out;
}
