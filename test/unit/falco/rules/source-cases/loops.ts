/**
 * Lists and macros that refer to each other in a loop. Lists: Falco expands a nested list one level when it
 * compiles lists and substitutes each list once into the condition text, so a loop never expands without end; the
 * name left over is compiled as a plain value, with no error or warning. Macros: a reference loop is an error from
 * 0.34, crashed 0.32 and 0.33 (no loop detection), and cannot form in the Lua loader, where a macro only sees
 * macros that first appeared before it.
 */
import { one, rule, type SourceCase } from './types.js';

const listLoop = `- list: list_a\n  items: [list_b]\n- list: list_b\n  items: [list_a]\n${rule('r', 'evt.type = open and proc.name in (list_a)')}`;
const selfAppend = `- list: list_a\n  items: [x]\n- list: list_a\n  items: [list_a]\n  append: true\n${rule('r', 'evt.type = open and proc.name in (list_a)')}`;
const macroLoop = `- macro: a\n  condition: evt.type = open\n- macro: b\n  condition: a\n- macro: a\n  condition: b\n${rule('r', 'a')}`;

export const LOOP_CASES: readonly SourceCase[] = [
  {
    id: 'two lists naming each other compile silently to the leftover name',
    falco: ['0.32.0', '0.37.0', '0.44.1'],
    source:
      'falcosecurity/falco 0.44.1 userspace/engine/rule_loader_compiler.cpp L298-L324 (one level), L182-L238 and L276-L283 (each list substituted once); 0.32.0 userspace/engine/rule_loader.cpp L520-L561',
    files: one(listLoop),
    expect: {
      errors: [],
      absentWarnings: ['LOAD_UNUSED_LIST'],
      compiled: { rule: 'r', text: '(evt.type = open and proc.name in (list_b))' },
    },
  },
  {
    id: 'a list appended to itself expands once',
    falco: ['0.44.1'],
    source: 'falcosecurity/falco 0.44.1 userspace/engine/rule_loader_compiler.cpp L298-L324, L232-L235',
    files: one(selfAppend),
    expect: {
      errors: [],
      compiled: { rule: 'r', text: '(evt.type = open and proc.name in (x, x, list_a))' },
    },
  },
  {
    id: 'lua: a list only sees lists that appeared before it, fully expanded',
    falco: ['0.25.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/rule_loader.lua L524-L545',
    files: one(
      `- list: inner\n  items: [a]\n- list: middle\n  items: [inner, b]\n- list: outer\n  items: [middle, c]\n${rule('r', 'evt.type = open and proc.name in (outer)')}`,
    ),
    expect: { errors: [], compiled: { rule: 'r', text: '(evt.type = open and proc.name in (a, b, c))' } },
  },
  {
    id: '0.34+: a macro reference loop is an error',
    falco: ['0.34.0', '0.44.1'],
    source:
      'falcosecurity/falco 0.34.0 userspace/engine/filter_macro_resolver.cpp L136-L148 (commit 35dd0fc1); 0.44.1 userspace/engine/rule_loader_compiler.cpp L240-L268',
    files: one(macroLoop),
    expect: { errors: ["LOAD_ERR_VALIDATE: reference loop in macro 'b'"] },
  },
  {
    id: '0.32 and 0.33 recurse without end: Falco crashes',
    falco: ['0.33.1'],
    source: 'falcosecurity/falco 0.33.0 userspace/engine/filter_macro_resolver.cpp L127-L151 (no path check)',
    files: one(macroLoop),
    expect: {
      errors: [
        "TRIAGE_FALCO_CRASH: reference loop in macro 'b': Falco 0.33.1 has no loop detection (added in Falco 0.34.0), resolving this macro recurses without end and crashes Falco while loading the rules",
      ],
    },
  },
  {
    id: 'lua: the redefined macro cannot see the later one',
    falco: ['0.31.1'],
    source:
      'falcosecurity/falco 0.31.1 userspace/engine/lua/rule_loader.lua L948-L959; userspace/engine/lua/modules/compiler.lua L194-L218',
    files: one(macroLoop),
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Compilation error when compiling "b": Undefined macro \'b\' used in filter.',
      ],
    },
  },
];
