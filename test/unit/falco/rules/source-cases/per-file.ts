/**
 * `falco -V a -V b`: each file is read, then everything loaded so far is compiled, and the file's result holds
 * its own read problems and that compile's findings. Before 0.33 validation stops at the first failing file.
 * Expectations: `name loaded|skipped ok|invalid CODES...`.
 */
import { rule, type SourceCase } from './types.js';

const defines = '- list: shared_binaries\n  items: [cat]\n';
const uses = rule('r', 'evt.type = open and proc.name in (shared_binaries)');
const broken = rule('b', 'evt.type = open and nope');
const fine = rule('f', 'evt.type = open');

export const PER_FILE_CASES: readonly SourceCase[] = [
  {
    id: 'a list is unused for the file that defines it, used after the file that uses it',
    falco: ['0.33.0', '0.44.1'],
    source:
      'falcosecurity/falco 0.44.1 userspace/falco/app/actions/validate_rules_files.cpp L79-L103; 0.44.1 userspace/engine/falco_engine.cpp L172-L186; 0.44.1 userspace/engine/rule_loader_compiler.cpp L580-L594',
    files: [
      { name: 'a.yaml', content: defines },
      { name: 'b.yaml', content: uses },
    ],
    expect: { errors: [], files: ['a.yaml loaded ok LOAD_UNUSED_LIST', 'b.yaml loaded ok'] },
  },
  {
    id: 'from 0.33 every file is validated; an earlier broken rule fails each later compile',
    falco: ['0.33.0', '0.44.1'],
    source: 'falcosecurity/falco 0.33.0 userspace/falco/app_actions/validate_rules_files.cpp L78-L113',
    files: [
      { name: 'a.yaml', content: broken },
      { name: 'b.yaml', content: fine },
    ],
    expect: {
      errors: ["LOAD_ERR_VALIDATE: Undefined macro 'nope' used in filter."],
      files: ['a.yaml loaded invalid LOAD_ERR_VALIDATE', 'b.yaml loaded invalid LOAD_ERR_VALIDATE'],
    },
  },
  {
    id: 'before 0.33 validation stops at the first failing file',
    falco: ['0.25.0', '0.32.0'],
    source:
      'falcosecurity/falco 0.32.0 userspace/falco/app_actions/validate_rules_files.cpp L30-L42; 0.25.0 userspace/falco/falco.cpp L773-L794',
    files: [
      { name: 'a.yaml', content: broken },
      { name: 'b.yaml', content: fine },
    ],
    expect: { files: ['a.yaml loaded invalid LOAD_ERR_VALIDATE', 'b.yaml skipped ok'] },
  },
  {
    id: 'a file that fails to read is not compiled; the next file compiles what was collected',
    falco: ['0.44.1'],
    source: 'falcosecurity/falco 0.44.1 userspace/engine/falco_engine.cpp L178-L186',
    files: [
      { name: 'a.yaml', content: `${defines}- rule: bad\n  priority: nope\n` },
      { name: 'b.yaml', content: fine },
    ],
    expect: {
      files: ['a.yaml loaded invalid LOAD_ERR_YAML_VALIDATE', 'b.yaml loaded ok LOAD_UNUSED_LIST'],
    },
  },
  {
    id: '0.33 to 0.35 call the skipped-rule warning LOAD_UNKNOWN_FIELD',
    falco: ['0.33.0', '0.35.1'],
    source:
      'falcosecurity/falco 0.35.0 userspace/engine/falco_load_result.cpp L65; rule_loader_compiler.cpp L462-L476',
    catalog: true,
    files: [
      {
        name: 'a.yaml',
        content: rule('r', 'evt.type = open and fd.nam = x', '  skip-if-unknown-filter: true\n'),
      },
    ],
    expect: { errors: [], files: ['a.yaml loaded ok LOAD_UNKNOWN_FIELD'] },
  },
];
