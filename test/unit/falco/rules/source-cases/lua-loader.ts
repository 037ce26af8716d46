/**
 * The Lua loader (before 0.32) and the first C++ loader (0.32) where they differ from today's: standalone
 * `enabled` items, the 0.28 to 0.30 rule check, how an undefined macro is named, the words of the unused
 * warnings, macros seeing only earlier macros.
 */
import { one, rule, type SourceCase } from './types.js';

const base = rule('r', 'evt.type = open');
const disable = '- rule: r\n  enabled: false\n';

export const LUA_LOADER_CASES: readonly SourceCase[] = [
  {
    id: 'lua before 0.28: a standalone enabled item misses its condition',
    falco: ['0.25.0', '0.27.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/rule_loader.lua L416-L422',
    files: [
      { name: 'a.yaml', content: base },
      { name: 'b.yaml', content: disable },
    ],
    expect: { errors: ['LOAD_ERR_YAML_VALIDATE: Rule must have property condition'] },
  },
  {
    id: 'lua 0.28 to 0.30: a rule item needs a condition or exceptions first of all',
    falco: ['0.28.0', '0.30.0'],
    source: 'falcosecurity/falco 0.28.0 userspace/engine/lua/rule_loader.lua L511-L513',
    files: [
      { name: 'a.yaml', content: base },
      { name: 'b.yaml', content: disable },
    ],
    expect: { errors: ['LOAD_ERR_YAML_VALIDATE: Rule must have exceptions or condition property'] },
  },
  {
    id: 'lua 0.31: a standalone enabled item disables the rule',
    falco: ['0.31.0', '0.31.1'],
    source: 'falcosecurity/falco 0.31.0 userspace/engine/lua/rule_loader.lua L699-L716 (commit eec2f506)',
    files: [
      { name: 'a.yaml', content: base },
      { name: 'b.yaml', content: disable },
    ],
    expect: { errors: [], enabled: { rule: 'r', value: false }, absentWarnings: ['LOAD_DEPRECATED_ITEM'] },
  },
  {
    id: 'lua 0.31: a missing property with enabled acts on an existing rule',
    falco: ['0.31.1'],
    source: 'falcosecurity/falco 0.31.0 userspace/engine/lua/rule_loader.lua L699-L716',
    files: one('- rule: nope\n  enabled: false\n'),
    expect: {
      errors: [
        "LOAD_ERR_VALIDATE: Rule nope has 'enabled' key only, but no rule by that name already exists",
      ],
    },
  },
  {
    id: '0.32: its own words for both cases',
    falco: ['0.32.0'],
    source:
      'falcosecurity/falco 0.32.0 userspace/engine/rule_reader.cpp L245-L256; 0.32.0 userspace/engine/rule_loader.cpp L512-L518',
    files: one(`- rule: nope\n  enabled: false\n- rule: x\n  desc: d\n`),
    expect: {
      errors: ["LOAD_ERR_VALIDATE: Rule nope has 'enabled' key but no rule by that name already exists"],
    },
  },
  {
    id: '0.32: a rule without its properties and without enabled',
    falco: ['0.32.0'],
    source: 'falcosecurity/falco 0.32.0 userspace/engine/rule_reader.cpp L245-L254',
    files: one('- rule: x\n  desc: d\n'),
    expect: {
      errors: [
        "LOAD_ERR_YAML_VALIDATE: Rule must have properties 'condition', 'output', 'desc', and 'priority'",
      ],
    },
  },
  {
    id: 'lua: an undefined macro on the right of and is named without quotes',
    falco: ['0.25.0', '0.31.1'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/compiler.lua L72-L90 (L85)',
    files: one(rule('r', 'evt.type = open and nope')),
    expect: { errors: ['LOAD_ERR_VALIDATE: Undefined macro nope used in filter.'] },
  },
  {
    id: 'lua: ... and with quotes on the left',
    falco: ['0.25.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/compiler.lua L74-L77',
    files: one(rule('r', 'nope and evt.type = open')),
    expect: { errors: ["LOAD_ERR_VALIDATE: Undefined macro 'nope' used in filter."] },
  },
  {
    id: 'lua: the right operand of the outer and is checked before the inner ones',
    falco: ['0.30.0'],
    source:
      'falcosecurity/falco 0.25.0 userspace/engine/lua/compiler.lua L72-L100; parser.lua L146-L153 (left fold)',
    files: one(rule('r', 'evt.type = open and first and second')),
    expect: { errors: ['LOAD_ERR_VALIDATE: Undefined macro second used in filter.'] },
  },
  {
    id: 'lua: a macro error carries the condition',
    falco: ['0.25.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/compiler.lua L194-L218',
    files: one(`- macro: m\n  condition: nope\n${rule('r', 'evt.type = open and m')}`),
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Compilation error when compiling "nope": Undefined macro \'nope\' used in filter.',
      ],
    },
  },
  {
    id: 'lua: a macro cannot use a macro that first appears after it',
    falco: ['0.25.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/rule_loader.lua L552-L569',
    files: one(
      `- macro: first\n  condition: second\n- macro: second\n  condition: evt.type = open\n${rule('r', 'first')}`,
    ),
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Compilation error when compiling "second": Undefined macro \'second\' used in filter.',
      ],
    },
  },
  {
    id: '0.32: a macro error carries the condition, quoted name',
    falco: ['0.32.0'],
    source: 'falcosecurity/falco 0.32.0 userspace/engine/rule_loader.cpp L304-L327, L581-L586',
    files: one(`- macro: m\n  condition: evt.type = open and nope\n${rule('r', 'm')}`),
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Compilation error when compiling "evt.type = open and nope": Undefined macro \'nope\' used in filter.',
      ],
    },
  },
  {
    id: 'unused macro and list in the words of each loader',
    falco: ['0.25.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/rule_loader.lua L728-L741',
    files: one(`- macro: m\n  condition: proc.name = cat\n- list: l\n  items: [a]\n${base}`),
    expect: {
      errors: [],
      warnings: [
        'Warning: macro m not refered to by any rule/macro',
        'Warning: list l not refered to by any rule/macro/list',
      ],
    },
  },
  {
    id: 'unused, Lua 0.28 to 0.31',
    falco: ['0.28.0', '0.31.1'],
    source: 'falcosecurity/falco 0.28.0 userspace/engine/lua/rule_loader.lua L1058-L1070',
    files: one(`- macro: m\n  condition: proc.name = cat\n- list: l\n  items: [a]\n${base}`),
    expect: {
      errors: [],
      warnings: ['macro m not refered to by any rule/macro', 'list l not refered to by any rule/macro/list'],
    },
  },
  {
    id: 'unused, 0.32',
    falco: ['0.32.0'],
    source: 'falcosecurity/falco 0.32.0 userspace/engine/rule_loader.cpp L733-L749',
    files: one(`- macro: m\n  condition: proc.name = cat\n- list: l\n  items: [a]\n${base}`),
    expect: {
      errors: [],
      warnings: [
        'macro m not referred to by any rule/macro',
        'list l not referred to by any rule/macro/list',
      ],
    },
  },
  {
    id: 'lua before 0.28: a list used only inside another list is unused',
    falco: ['0.25.0'],
    source:
      'falcosecurity/falco 0.25.0 userspace/engine/lua/rule_loader.lua L539-L547 (no used mark; added by commit 91bfa379 in 0.28.0)',
    files: one(
      `- list: inner\n  items: [a]\n- list: outer\n  items: [inner]\n${rule('r', 'evt.type = open and proc.name in (outer)')}`,
    ),
    expect: { errors: [], warnings: ['Warning: list inner not refered to by any rule/macro/list'] },
  },
  {
    id: 'lua: a list counts as used when its name is found anywhere, even inside a word',
    falco: ['0.28.0'],
    source: 'falcosecurity/falco 0.28.0 userspace/engine/lua/compiler.lua L156-L163',
    files: one(`- list: ash\n  items: [x]\n${rule('r', 'evt.type = open and proc.name = bash')}`),
    expect: { errors: [], absentWarnings: ['LOAD_UNUSED_LIST'] },
  },
];
