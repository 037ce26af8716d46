/**
 * `required_engine_version` against each release's engine version (falco `userspace/engine/
 * falco_engine_version.h` at every tag: 6 at 0.25.0, 12 at 0.32.0, 13 at 0.32.1, 17 at 0.35.0, 26 at 0.36.x,
 * 0.31.0 at 0.37.0, 0.50.0 at 0.41.0, 0.57.0 at 0.42.0, 0.62.0 at 0.44.x).
 */
import { one, rule, type SourceCase } from './types.js';

const R = rule('r', 'evt.type = open');
const requires = (version: string): string => `- required_engine_version: ${version}\n${R}`;

export const ENGINE_VERSION_CASES: readonly SourceCase[] = [
  {
    id: 'lua: an integer above the engine fails',
    falco: ['0.25.0'],
    source: 'falcosecurity/falco 0.25.0 userspace/engine/lua/rule_loader.lua L287-L295',
    files: one(requires('7')),
    expect: { errors: ['LOAD_ERR_VALIDATE: Rules require engine version 7, but engine version is 6'] },
  },
  {
    id: 'lua: an integer at the engine loads',
    falco: ['0.26.0', '0.27.0'],
    source: 'falcosecurity/falco 0.26.0 userspace/engine/falco_engine_version.h L19 (engine 7)',
    files: one(requires('7')),
    expect: { errors: [], compiled: { rule: 'r', text: 'evt.type = open' } },
  },
  {
    id: 'lua: the patch release 0.29.1 bumped the engine to 9',
    falco: ['0.29.0'],
    source: 'falcosecurity/falco 0.29.1 userspace/engine/falco_engine_version.h L19 (9; 8 at 0.29.0 L19)',
    files: one(requires('9')),
    expect: { errors: ['LOAD_ERR_VALIDATE: Rules require engine version 9, but engine version is 8'] },
  },
  {
    id: 'lua: a semver string is not a number',
    falco: ['0.25.0', '0.31.1'],
    source: 'falcosecurity/falco 0.31.1 userspace/engine/lua/rule_loader.lua L420-L424',
    files: one(requires('0.57.0')),
    expect: { errors: ['LOAD_ERR_YAML_VALIDATE: Value of required_engine_version must be a number'] },
  },
  {
    id: 'lua: a quoted number is a string to lyaml',
    falco: ['0.30.0'],
    source: 'falcosecurity/falco 0.30.0 userspace/engine/lua/rule_loader.lua L420-L424',
    files: one(requires('"2"')),
    expect: { errors: ['LOAD_ERR_YAML_VALIDATE: Value of required_engine_version must be a number'] },
  },
  {
    id: '0.32: integers compared with engine 12, 13 from 0.32.1',
    falco: ['0.32.0'],
    source:
      'falcosecurity/falco 0.32.0 userspace/engine/rule_reader.cpp L165-L170; 0.32.0 userspace/engine/rule_loader.cpp L385-L390',
    files: one(requires('13')),
    expect: { errors: ['LOAD_ERR_VALIDATE: Rules require engine version 13, but engine version is 12'] },
  },
  {
    id: '0.32.1 has engine 13',
    falco: ['0.32.1', '0.32.2'],
    source: 'falcosecurity/falco 0.32.1 userspace/engine/falco_engine_version.h L19 (13)',
    files: one(requires('13')),
    expect: { errors: [] },
  },
  {
    id: '0.33 to 0.36: integers, LOAD_ERR_VALIDATE',
    falco: ['0.35.0', '0.35.1'],
    source: 'falcosecurity/falco 0.35.0 userspace/engine/rule_loader_collector.cpp L139-L144',
    files: one(requires('26')),
    expect: { errors: ['LOAD_ERR_VALIDATE: Rules require engine version 26, but engine version is 17'] },
  },
  {
    id: '0.33 to 0.36: a semver string does not decode as an integer',
    falco: ['0.33.0', '0.36.2'],
    source: 'falcosecurity/falco 0.36.2 userspace/engine/rule_loader_reader.cpp L43, L254-L259',
    files: one(requires('0.31.0')),
    expect: { errors: ["LOAD_ERR_YAML_VALIDATE: Can't decode YAML scalar value"] },
  },
  {
    id: '0.37+: an integer N is 0.N.0',
    falco: ['0.37.0', '0.44.1'],
    source: 'falcosecurity/falco 0.37.0 userspace/engine/rule_loader_reader.cpp L359-L372',
    files: one(requires('26')),
    expect: { errors: [] },
  },
  {
    id: '0.37+: a newer semver is refused with both versions',
    falco: ['0.37.0', '0.37.1'],
    source:
      'falcosecurity/falco 0.37.0 userspace/engine/rule_loader_collector.cpp L153-L158; falcosecurity/libs 0.14.2 userspace/libsinsp/version.h L110-L118',
    files: one(requires('0.40.0')),
    expect: {
      errors: ['LOAD_ERR_VALIDATE: Rules require engine version 0.40.0, but engine version is 0.31.0'],
    },
  },
  {
    id: "0.41: today's rules (0.57.0) need 0.42",
    falco: ['0.41.3'],
    source: 'falcosecurity/falco 0.41.0 userspace/engine/falco_engine_version.h L23 (minor 50)',
    files: one(requires('0.57.0')),
    expect: {
      errors: ['LOAD_ERR_VALIDATE: Rules require engine version 0.57.0, but engine version is 0.50.0'],
    },
  },
  {
    id: '0.44: the same engine, or older, loads',
    falco: ['0.44.0', '0.44.1'],
    source: 'falcosecurity/falco 0.44.1 userspace/engine/rule_loader_collector.cpp L155-L165',
    files: one(requires('0.62.0')),
    expect: { errors: [] },
  },
  {
    id: '0.44: a newer patch is refused',
    falco: ['0.44.1'],
    source: 'falcosecurity/libs 0.25.2 userspace/libsinsp/version.h L117-L123 (compatible_with)',
    files: one(requires('0.62.1')),
    expect: {
      errors: ['LOAD_ERR_VALIDATE: Rules require engine version 0.62.1, but engine version is 0.62.0'],
    },
  },
  {
    id: '0.44: another major version is incompatible even when older',
    falco: ['0.44.1'],
    source: 'falcosecurity/libs 0.25.2 userspace/libsinsp/version.h L117-L123 (same major required)',
    files: one(requires('1.0.0')),
    expect: {
      errors: ['LOAD_ERR_VALIDATE: Rules require engine version 1.0.0, but engine version is 0.62.0'],
    },
  },
  {
    id: '0.37+: text that is not x.y.z',
    falco: ['0.44.1'],
    source: 'falcosecurity/falco 0.37.0 userspace/engine/rule_loader_reader.cpp L373-L382',
    files: one(requires('0.57')),
    expect: {
      errors: [
        'LOAD_ERR_YAML_VALIDATE: Unable to parse engine version \'0.57\' as a semver string. Expected "x.y.z" semver format.',
      ],
    },
  },
];
