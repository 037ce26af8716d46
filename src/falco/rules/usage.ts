/**
 * Which rules depend on each list and macro, directly or through macros and nested lists: what the explain step
 * needs to say "appending to hids_binaries would also silence these other rules".
 */
import type { NameUsage } from './model.js';

export interface UsageNode {
  readonly name: string;
  readonly lists: readonly string[];
  readonly macros: readonly string[];
}

function closure(start: Iterable<string>, next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const name = stack.pop();
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    stack.push(...next(name));
  }
  return seen;
}

function emptyUsage(): { directRules: string[]; rules: string[]; macros: string[]; lists: string[] } {
  return { directRules: [], rules: [], macros: [], lists: [] };
}

export function buildUsage(
  rules: readonly UsageNode[],
  macros: readonly UsageNode[],
  lists: readonly { readonly name: string; readonly nested: readonly string[] }[],
): { readonly listUsage: Map<string, NameUsage>; readonly macroUsage: Map<string, NameUsage> } {
  const macroByName = new Map(macros.map((macro) => [macro.name, macro]));
  const nestedByName = new Map(lists.map((list) => [list.name, list.nested]));
  const listUsage = new Map(lists.map((list) => [list.name, emptyUsage()]));
  const macroUsage = new Map(macros.map((macro) => [macro.name, emptyUsage()]));

  for (const list of lists) for (const nested of list.nested) listUsage.get(nested)?.lists.push(list.name);
  for (const macro of macros) {
    for (const name of new Set(macro.lists)) listUsage.get(name)?.macros.push(macro.name);
    for (const name of new Set(macro.macros)) macroUsage.get(name)?.macros.push(macro.name);
  }
  for (const rule of rules) {
    for (const name of new Set(rule.lists)) listUsage.get(name)?.directRules.push(rule.name);
    for (const name of new Set(rule.macros)) macroUsage.get(name)?.directRules.push(rule.name);
    const allMacros = closure(rule.macros, (name) => macroByName.get(name)?.macros ?? []);
    const directLists = [
      ...rule.lists,
      ...[...allMacros].flatMap((name) => macroByName.get(name)?.lists ?? []),
    ];
    const allLists = closure(directLists, (name) => nestedByName.get(name) ?? []);
    for (const name of allMacros) macroUsage.get(name)?.rules.push(rule.name);
    for (const name of allLists) listUsage.get(name)?.rules.push(rule.name);
  }
  return { listUsage, macroUsage };
}
