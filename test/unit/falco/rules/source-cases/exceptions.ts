/**
 * Exceptions per release: field validation (Lua 0.28 on, C++ 0.32 on, wording by era), operator sets, appending
 * new or existing exceptions (values only in Lua 0.28 to 0.30, new names from Lua 0.31), duplicate names.
 */
import { one, rule, type SourceCase } from './types.js';

const exceptions = (body: string): string => `  exceptions:\n${body}`;
const base = (body: string): string => rule('r', 'evt.type = open', exceptions(body));
const withKnown = base('    - name: known\n      fields: [proc.name]\n      values: [[aide]]\n');
const append = (body: string): string => `- rule: r\n${exceptions(body)}  append: true\n`;

export const EXCEPTION_CASES: readonly SourceCase[] = [
  {
    id: 'lua 0.28: exception fields are checked, field before operator',
    falco: ['0.28.0', '0.30.0'],
    source: 'falcosecurity/falco 0.28.0 userspace/engine/lua/rule_loader.lua L313-L341, L331-L335',
    catalog: true,
    files: one(base('    - name: e\n      fields: [proc.nme]\n      comps: [bogus]\n')),
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Rule exception item e: field name proc.nme is not a supported filter field',
      ],
    },
  },
  {
    id: '0.32: operator checked before fields, same words as Lua',
    falco: ['0.32.0'],
    source: 'falcosecurity/falco 0.32.0 userspace/engine/rule_loader.cpp L103-L131',
    catalog: true,
    files: one(base('    - name: e\n      fields: [proc.nme]\n      comps: [bogus]\n')),
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Rule exception item e: comparison operator bogus is not a supported comparison operator',
      ],
    },
  },
  {
    id: '0.33 to 0.37: fields checked, shorter words',
    falco: ['0.33.0', '0.37.1'],
    source: 'falcosecurity/falco 0.33.0 userspace/engine/rule_loader_collector.cpp L79-L84',
    catalog: true,
    files: one(base('    - name: e\n      fields: [proc.nme]\n')),
    expect: { errors: ["LOAD_ERR_VALIDATE: 'proc.nme' is not a supported filter field"] },
  },
  {
    id: 'before 0.38 a transformer is not a field',
    falco: ['0.37.1'],
    source:
      'falcosecurity/falco 0.37.0 userspace/engine/rule_loader_collector.cpp L89-L93 (is_field_defined)',
    catalog: true,
    files: one(base('    - name: e\n      fields: [tolower(proc.name)]\n      values: [[x]]\n')),
    expect: { errors: ["LOAD_ERR_VALIDATE: 'tolower(proc.name)' is not a supported filter field"] },
  },
  {
    id: '0.38+: a transformer is a valid exception field',
    falco: ['0.38.0', '0.44.1'],
    source: 'falcosecurity/falco 0.38.0 userspace/engine/rule_loader_collector.cpp L91 (is_valid_lhs_field)',
    catalog: true,
    files: one(base('    - name: e\n      fields: [tolower(proc.name)]\n      values: [[x]]\n')),
    expect: { errors: [] },
  },
  {
    id: 'lua: bcontains is not an exception operator',
    falco: ['0.31.1'],
    source: 'falcosecurity/falco 0.31.0 userspace/engine/lua/rule_loader.lua L172-L188, L368-L372',
    files: one(base('    - name: e\n      fields: [proc.name]\n      comps: [bcontains]\n')),
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Rule exception item e: comparison operator bcontains is not a supported comparison operator',
      ],
    },
  },
  {
    id: 'lua and 0.32: a single field takes any operator',
    falco: ['0.31.1', '0.32.0'],
    source:
      'falcosecurity/falco 0.31.1 userspace/engine/lua/rule_loader.lua L375-L396; 0.32.0 userspace/engine/rule_loader.cpp L133-L148',
    // Without values nothing is added to the condition (with values, `proc.name startswith (x)` would not parse).
    files: one(base('    - name: e\n      fields: proc.name\n      comps: startswith\n')),
    expect: { errors: [], compiled: { rule: 'r', text: 'evt.type = open' } },
  },
  {
    id: '0.33+: a single field needs a list operator',
    falco: ['0.33.0', '0.43.0'],
    source: 'falcosecurity/falco 0.33.0 userspace/engine/rule_loader_collector.cpp L96-L98',
    files: one(base('    - name: e\n      fields: proc.name\n      comps: startswith\n')),
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: When fields is a single value, comps must be one of (in, pmatch, intersects)',
      ],
    },
  },
  {
    id: 'lua and 0.32: a definition without fields',
    falco: ['0.28.0', '0.31.1', '0.32.2'],
    source:
      'falcosecurity/falco 0.31.1 userspace/engine/lua/rule_loader.lua L569-L571; 0.32.0 userspace/engine/rule_loader.cpp L456-L459',
    files: one(base('    - name: e\n      values: [[x]]\n')),
    expect: {
      errors: ['LOAD_ERR_VALIDATE: Rule exception item e: must have fields property with a list of fields'],
    },
  },
  {
    id: 'lua and 0.32: an exception without a name',
    falco: ['0.28.0', '0.32.0'],
    source:
      'falcosecurity/falco 0.28.0 userspace/engine/lua/rule_loader.lua L559-L561; 0.32.0 userspace/engine/rule_reader.cpp L139-L140',
    files: one(base('    - fields: [proc.name]\n')),
    expect: { errors: ['LOAD_ERR_YAML_VALIDATE: Rule exception item must have name property'] },
  },
  {
    id: 'lua 0.28 to 0.30: appending an exception with fields fails',
    falco: ['0.28.0', '0.30.0'],
    source: 'falcosecurity/falco 0.28.0 userspace/engine/lua/rule_loader.lua L592-L595',
    files: [
      { name: 'a.yaml', content: withKnown },
      {
        name: 'b.yaml',
        content: append('    - name: mine\n      fields: [proc.name]\n      values: [[x]]\n'),
      },
    ],
    expect: { errors: ['LOAD_ERR_VALIDATE: Can not append exception fields to existing rule, only values'] },
  },
  {
    id: 'lua 0.28 to 0.30: values for an unknown name are dropped with a warning',
    falco: ['0.28.0', '0.30.0'],
    source: 'falcosecurity/falco 0.28.0 userspace/engine/lua/rule_loader.lua L601-L618',
    files: [
      { name: 'a.yaml', content: withKnown },
      { name: 'b.yaml', content: append('    - name: mine\n      values: [[x]]\n') },
    ],
    expect: {
      errors: [],
      warnings: ['Rule r with append=true: no set of fields matching name mine'],
      exceptions: { rule: 'r', names: ['known'] },
    },
  },
  {
    id: 'lua 0.28 to 0.30: an appended exception without fields adds values to a known name',
    falco: ['0.28.0', '0.30.0'],
    source: 'falcosecurity/falco 0.28.0 userspace/engine/lua/rule_loader.lua L601-L612',
    files: [
      { name: 'a.yaml', content: withKnown },
      { name: 'b.yaml', content: append('    - name: known\n      values: [[tripwire]]\n') },
    ],
    expect: {
      errors: [],
      compiled: { rule: 'r', text: '(evt.type = open and not (proc.name = aide or proc.name = tripwire))' },
    },
  },
  {
    id: 'lua 0.31: appending a new named exception works',
    falco: ['0.31.0', '0.31.1'],
    source: 'falcosecurity/falco 0.31.0 userspace/engine/lua/rule_loader.lua L624-L656 (commit 23706da7)',
    files: [
      { name: 'a.yaml', content: withKnown },
      {
        name: 'b.yaml',
        content: append('    - name: mine\n      fields: [fd.name]\n      values: [[/etc/shadow]]\n'),
      },
    ],
    expect: {
      errors: [],
      exceptions: { rule: 'r', names: ['known', 'mine'] },
      compiled: {
        rule: 'r',
        text: '(evt.type = open and not proc.name = aide and not fd.name = /etc/shadow)',
      },
    },
  },
  {
    id: 'lua 0.31: a new appended exception needs values',
    falco: ['0.31.0'],
    source: 'falcosecurity/falco 0.31.0 userspace/engine/lua/rule_loader.lua L640-L642',
    files: [
      { name: 'a.yaml', content: withKnown },
      { name: 'b.yaml', content: append('    - name: mine\n      fields: [fd.name]\n') },
    ],
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Rule exception new item mine: must have values property with a list of values',
      ],
    },
  },
  {
    id: 'lua 0.31: an appended exception without fields for a new name fails',
    falco: ['0.31.1'],
    source: 'falcosecurity/falco 0.31.0 userspace/engine/lua/rule_loader.lua L637-L639',
    files: [
      { name: 'a.yaml', content: withKnown },
      { name: 'b.yaml', content: append('    - name: mine\n      values: [[x]]\n') },
    ],
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Rule exception new item mine: must have fields property with a list of fields',
      ],
    },
  },
  {
    id: '0.32 says "fields" where it means values',
    falco: ['0.32.0'],
    source: 'falcosecurity/falco 0.32.0 userspace/engine/rule_loader.cpp L494-L495',
    files: [
      { name: 'a.yaml', content: withKnown },
      { name: 'b.yaml', content: append('    - name: mine\n      fields: [fd.name]\n') },
    ],
    expect: {
      errors: [
        'LOAD_ERR_VALIDATE: Rule exception new item mine: must have fields property with a list of values',
      ],
    },
  },
  {
    id: 'duplicate exception names are kept silently before 0.38',
    falco: ['0.32.0', '0.37.1'],
    source: 'falcosecurity/falco 0.37.0 userspace/engine/rule_loader_reader.cpp L265-L321 (no check)',
    files: one(base('    - name: e\n      fields: [proc.name]\n    - name: e\n      fields: [fd.name]\n')),
    expect: { errors: [], absentWarnings: ['LOAD_EXCEPTION_NAME_NOT_UNIQUE'] },
  },
  {
    id: 'duplicate exception names warn from 0.38',
    falco: ['0.38.0', '0.44.1'],
    source: 'falcosecurity/falco 0.38.0 userspace/engine/rule_loader_reader.cpp L324',
    files: one(base('    - name: e\n      fields: [proc.name]\n    - name: e\n      fields: [fd.name]\n')),
    expect: { errors: [], warnings: ["Multiple definitions of exception 'e' in the same rule"] },
  },
  {
    id: 'an appended exception without values warns from 0.38 only',
    falco: ['0.37.1'],
    source: 'falcosecurity/falco 0.38.0 userspace/engine/rule_loader_reader.cpp L350 (absent at 0.37.0)',
    files: [
      { name: 'a.yaml', content: withKnown },
      { name: 'b.yaml', content: append('    - name: known\n') },
    ],
    expect: { errors: [], absentWarnings: ['LOAD_APPEND_NO_VALUES'] },
  },
];
