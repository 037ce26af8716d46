/**
 * Our own conformance table (./source-cases): what each Falco release does, every case citing the Falco (or libs)
 * tag, file and lines it mirrors. Each case runs at every release it names.
 */
import { describe, expect, it } from '@jest/globals';
import { parseFieldCatalog } from '../../../../src/falco/fields/catalog.js';
import { loadRules } from '../../../../src/falco/rules/load.js';
import type { LoadResult } from '../../../../src/falco/rules/model.js';
import { ENGINE_VERSION_CASES } from './source-cases/engine-version.js';
import { EVTTYPE_CASES } from './source-cases/evttypes.js';
import { EXCEPTION_CASES } from './source-cases/exceptions.js';
import { LOOP_CASES } from './source-cases/loops.js';
import { LUA_LOADER_CASES } from './source-cases/lua-loader.js';
import { PER_FILE_CASES } from './source-cases/per-file.js';
import type { SourceCase } from './source-cases/types.js';
import { readShared, version } from './fixtures.js';

const catalog = parseFieldCatalog(readShared('fixtures/falco/fields.json'));
if (!catalog.ok) throw new Error(catalog.error.message);
const fields = catalog.value;

const TABLES: readonly (readonly [string, readonly SourceCase[]])[] = [
  ['required_engine_version', ENGINE_VERSION_CASES],
  ['exceptions', EXCEPTION_CASES],
  ['evt.type', EVTTYPE_CASES],
  ['loops', LOOP_CASES],
  ['Lua and 0.32 loaders', LUA_LOADER_CASES],
  ['file by file', PER_FILE_CASES],
];

function fileLine(file: LoadResult['files'][number]): string {
  const codes = [...file.errors, ...file.warnings].map((d) => d.code);
  return [file.name, file.loaded ? 'loaded' : 'skipped', file.ok ? 'ok' : 'invalid', ...codes].join(' ');
}

function check(result: LoadResult, c: SourceCase): void {
  const e = c.expect;
  if (e.errors !== undefined) expect(result.errors.map((d) => `${d.code}: ${d.message}`)).toEqual(e.errors);
  for (const message of e.warnings ?? []) expect(result.warnings.map((w) => w.message)).toContain(message);
  for (const code of e.absentWarnings ?? []) expect(result.warnings.map((w) => w.code)).not.toContain(code);
  if (e.compiled !== undefined) {
    const rule = result.ruleset.rules.find((r) => r.name === e.compiled?.rule);
    expect(rule?.compiled?.text ?? null).toBe(e.compiled.text);
  }
  if (e.exceptions !== undefined) {
    const rule = result.ruleset.rules.find((r) => r.name === e.exceptions?.rule);
    expect(rule?.exceptions.map((x) => x.name)).toEqual(e.exceptions.names);
  }
  if (e.enabled !== undefined)
    expect(result.ruleset.rules.find((r) => r.name === e.enabled?.rule)?.enabled).toBe(e.enabled.value);
  if (e.files !== undefined) expect(result.files.map(fileLine)).toEqual(e.files);
}

describe.each(TABLES)('Falco source conformance: %s', (_table, cases) => {
  it.each(cases.flatMap((c) => c.falco.map((falco) => [`${c.id} @ ${falco}`, c, falco] as const)))(
    '%s',
    (_name, c, falco) => {
      expect(c.source).toMatch(/^falcosecurity\/(falco|libs) \S+ \S+/);
      const result = loadRules(c.files, {
        falcoVersion: version(falco),
        ...(c.catalog === true ? { fields } : {}),
      });
      check(result, c);
    },
  );
});
