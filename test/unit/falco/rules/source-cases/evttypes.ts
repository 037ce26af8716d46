/**
 * `evt.type` per release: unknown names (an error everywhere; skippable from 0.36) and the no-evttype warnings
 * (Lua position heuristics before 0.31, a count of event types from 0.31), in each era's words.
 */
import { one, rule, type SourceCase } from './types.js';

const unknown = rule('r', 'evt.type = opn and proc.name = cat');

export const EVTTYPE_CASES: readonly SourceCase[] = [
  {
    id: 'lua before 0.31: an unknown event name aborts the load',
    falco: ['0.25.0', '0.30.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/sinsp_rule_utils.lua L124-L130',
    files: one(unknown),
    expect: {
      errors: [
        'LOAD_ERR_COMPILE_CONDITION: Unknown event/syscall "opn" in filter: evt.type = opn and proc.name = cat',
      ],
    },
  },
  {
    id: 'lua before 0.31: also inside a list, even with skip-if-unknown-filter',
    falco: ['0.28.0'],
    source: 'falcosecurity/falco 0.28.0 userspace/engine/lua/sinsp_rule_utils.lua L99-L108',
    files: one(rule('r', 'evt.type in (open, opn)', '  skip-if-unknown-filter: true\n')),
    expect: {
      errors: ['LOAD_ERR_COMPILE_CONDITION: Unknown event/syscall "opn" in filter: evt.type in (open, opn)'],
    },
  },
  {
    id: '0.31 and 0.32: the libs error behind the rule name',
    falco: ['0.31.0', '0.32.0'],
    source:
      'falcosecurity/libs 319368f1 userspace/libsinsp/filterchecks.cpp L3247-L3270; falcosecurity/falco 0.31.0 userspace/engine/lua/rule_loader.lua L1046-L1057; 0.32.0 userspace/engine/rule_loader.cpp L676-L689, evttype_index_ruleset.cpp L176-L179',
    files: one(unknown),
    expect: { errors: ['LOAD_ERR_COMPILE_CONDITION: Rule r: error unknown event type opn'] },
  },
  {
    id: '0.33+: LOAD_ERR_COMPILE_CONDITION with the libs words',
    falco: ['0.33.0', '0.44.1'],
    source:
      'falcosecurity/falco 0.44.1 userspace/engine/rule_loader_compiler.cpp L389-L406; falcosecurity/libs 0.25.2 userspace/libsinsp/sinsp_filtercheck_event.cpp L595-L626',
    files: one(unknown),
    expect: { errors: ['LOAD_ERR_COMPILE_CONDITION: unknown event type opn'] },
  },
  {
    id: 'an unknown event name inside a used macro is reported for the rule',
    falco: ['0.44.1'],
    source: 'falcosecurity/falco 0.44.1 userspace/engine/rule_loader_compiler.cpp L374-L406',
    files: one(`- macro: m\n  condition: evt.type = opn\n${rule('r', 'm and proc.name = cat')}`),
    expect: { errors: ['LOAD_ERR_COMPILE_CONDITION: unknown event type opn'] },
  },
  {
    id: '0.33 to 0.35: skip-if-unknown-filter does not cover event types',
    falco: ['0.35.1'],
    source: 'falcosecurity/falco 0.35.0 userspace/engine/rule_loader_compiler.cpp L462-L476',
    files: one(rule('r', 'evt.type = opn', '  skip-if-unknown-filter: true\n')),
    expect: { errors: ['LOAD_ERR_COMPILE_CONDITION: unknown event type opn'] },
  },
  {
    id: '0.36+: skip-if-unknown-filter skips the rule with LOAD_UNKNOWN_FILTER',
    falco: ['0.36.0', '0.44.1'],
    source:
      'falcosecurity/falco 0.36.0 userspace/engine/rule_loader_compiler.cpp L379-L384, L486-L492; falco_load_result.cpp L66',
    files: one(rule('r', 'evt.type = opn', '  skip-if-unknown-filter: true\n')),
    expect: { errors: [], warnings: ['unknown event type opn'], compiled: { rule: 'r', text: null } },
  },
  {
    id: 'lua before 0.31: no evt.type check at all',
    falco: ['0.25.0', '0.30.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/sinsp_rule_utils.lua L152-L158',
    files: one(rule('r', 'proc.name = cat')),
    expect: {
      errors: [],
      warnings: [
        'Rule r: warning (no-evttype): did not contain any evt.type restriction, meaning it will run for all event types. This has a significant performance penalty. Consider adding an evt.type restriction if possible.',
      ],
    },
  },
  {
    id: 'lua before 0.31: an evt.type check after a not',
    falco: ['0.25.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/sinsp_rule_utils.lua L85-L99, L164-L173',
    files: one(rule('r', 'not proc.name = cat and evt.type = open')),
    expect: {
      errors: [],
      warnings: [
        'Rule r: warning (trailing-evttype): does not have all evt.type restrictions at the beginning of the condition, or uses a negative match (i.e. "not"/"!=") for some evt.type restriction. This has a performance penalty, as the rule can not be limited to specific event types. Consider moving all evt.type restrictions to the beginning of the rule and/or replacing negative matches with positive matches if possible.',
      ],
    },
  },
  {
    id: 'lua before 0.31: evt.type first, then a not, is fine',
    falco: ['0.25.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/sinsp_rule_utils.lua L85-L99',
    files: one(rule('r', 'evt.type = open and not proc.name = cat')),
    expect: { errors: [], absentWarnings: ['LOAD_NO_EVTTYPE'] },
  },
  {
    id: 'lua before 0.31: warn_evttypes false silences it',
    falco: ['0.25.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/sinsp_rule_utils.lua L153, L165',
    files: one(rule('r', 'proc.name = cat', '  warn_evttypes: false\n')),
    expect: { errors: [], absentWarnings: ['LOAD_NO_EVTTYPE'] },
  },
  {
    id: '0.31 and 0.32: counted, in the Lua words',
    falco: ['0.31.1', '0.32.0'],
    source:
      'falcosecurity/falco 0.31.0 userspace/engine/lua/rule_loader.lua L1061-L1066; 0.32.0 userspace/engine/rule_loader.cpp L693-L705',
    files: one(rule('r', 'proc.name = cat')),
    expect: {
      errors: [],
      warnings: [
        'Rule r: warning (no-evttype): matches too many evt.type values. This has a significant performance penalty.',
      ],
    },
  },
  {
    id: '0.31+: a not before evt.type no longer matters',
    falco: ['0.31.1', '0.44.1'],
    source: 'falcosecurity/falco 0.31.0 userspace/engine/lua/rule_loader.lua L1061-L1066',
    files: one(rule('r', 'not proc.name = cat and evt.type = open')),
    expect: { errors: [], absentWarnings: ['LOAD_NO_EVTTYPE'] },
  },
  {
    id: '0.33+: LOAD_NO_EVTTYPE in the short words',
    falco: ['0.33.0', '0.44.1'],
    source: 'falcosecurity/falco 0.33.0 userspace/engine/rule_loader_compiler.cpp L483-L496',
    files: one(rule('r', 'proc.name = cat')),
    expect: {
      errors: [],
      warnings: ['Rule matches too many evt.type values. This has a significant performance penalty.'],
    },
  },
];
