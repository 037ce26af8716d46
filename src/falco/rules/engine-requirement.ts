/**
 * `- required_engine_version: X` against the chosen Falco's engine version (`../engine-version.ts`), read and
 * compared the way each loader did it:
 *
 * - Lua (before 0.32, `rule_loader.lua` `load_rules_doc`): X must be a YAML number ("Value of
 *   required_engine_version must be a number"), compared as a number with the integer engine version.
 * - 0.32 (`rule_reader.cpp` `read_item`, `rule_loader.cpp` `define(engine_version_info)`): X must convert to an
 *   unsigned integer, same message; compared as integers.
 * - 0.33 to 0.36 (`rule_loader_reader.cpp` `decode_val`, `rule_loader_collector.cpp` `define`): the generic decode
 *   errors ("Can't decode YAML scalar value" for `0.57.0`); compared as integers, LOAD_ERR_VALIDATE.
 * - 0.37 on: an unsigned integer N means `0.N.0`, anything else must parse as `x.y.z` ("Unable to parse engine
 *   version ..."); then libs' `sinsp_version::compatible_with`: same major and not newer than the engine.
 *
 * In every release a file that needs a newer engine fails with "Rules require engine version R, but engine
 * version is E", an error that stops reading the file.
 */
import { engineVersionOf, formatEngineVersion } from '../engine-version.js';
import { LEGACY_MSG, MSG, type LoadErrorCode } from './messages.js';
import type { LoaderFeatures } from './version-gates.js';
import { parseYamlCppUnsigned } from './yaml-access.js';

export type EngineTriple = readonly [number, number, number];

export type EngineRequirement =
  | { readonly ok: true; readonly required: EngineTriple }
  | {
      readonly ok: false;
      readonly code: LoadErrorCode;
      readonly message: string;
      /** Whether the problem is the value itself (decoding) rather than the comparison. */
      readonly atValue: boolean;
    };

/** What lyaml (the Lua loader's YAML reader) turns into a Lua number: a plain decimal, float or hex scalar. */
const LUA_NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^0x[0-9a-fA-F]+$/;
/** `sscanf("%u.%u.%u")`: three unsigned numbers, anything may follow. */
const SEMVER = /^\s*\+?(\d+)\.\+?(\d+)\.\+?(\d+)/;
const UINT32_MAX = 0xffffffff;

function tooOld(required: string, engine: string): EngineRequirement {
  return {
    ok: false,
    code: 'LOAD_ERR_VALIDATE',
    message: MSG.engineTooOld(required, engine),
    atValue: false,
  };
}

/** `atValue`: 0.33+ point decoding errors at the value; the Lua loader and 0.32 gave the item as context. */
function undecodable(code: LoadErrorCode, message: string, atValue = true): EngineRequirement {
  return { ok: false, code, message, atValue };
}

/**
 * @param text the scalar as written; `plain` false when it was quoted (lyaml then reads a string, not a number).
 */
export function checkEngineRequirement(
  text: string,
  plain: boolean,
  features: LoaderFeatures,
): EngineRequirement {
  const engine = engineVersionOf(features.version);
  if (features.generation === 'lua') {
    if (!plain || !LUA_NUMBER.test(text))
      return undecodable('LOAD_ERR_YAML_VALIDATE', LEGACY_MSG.luaEngineVersionNumber, false);
    const required = Number(text);
    if (engine?.kind === 'integer' && engine.value < required)
      return tooOld(String(required), formatEngineVersion(engine));
    return { ok: true, required: [0, Math.trunc(required), 0] };
  }
  const legacy = parseYamlCppUnsigned(text, UINT32_MAX);
  if (!features.semverEngineVersion) {
    if (legacy === undefined)
      return features.wording === 'cpp-0.32'
        ? undecodable('LOAD_ERR_YAML_VALIDATE', LEGACY_MSG.luaEngineVersionNumber, false)
        : undecodable('LOAD_ERR_YAML_VALIDATE', MSG.cantDecode);
    if (engine?.kind === 'integer' && engine.value < legacy)
      return tooOld(String(legacy), formatEngineVersion(engine));
    return { ok: true, required: [0, legacy, 0] };
  }
  let required: EngineTriple;
  if (legacy !== undefined) required = [0, legacy, 0];
  else {
    const semver = SEMVER.exec(text);
    if (semver === null) return undecodable('LOAD_ERR_YAML_VALIDATE', MSG.engineVersion(text));
    required = [Number(semver[1]), Number(semver[2]), Number(semver[3])];
  }
  if (engine?.kind === 'semver' && !compatible([engine.major, engine.minor, engine.patch], required))
    return tooOld(required.join('.'), formatEngineVersion(engine));
  return { ok: true, required };
}

/** libs `sinsp_version::compatible_with`: the same major version, and the engine is not older. */
function compatible(engine: EngineTriple, required: EngineTriple): boolean {
  if (engine[0] !== required[0]) return false;
  for (let i = 1; i < 3; i++) if (engine[i] !== required[i]) return (engine[i] ?? 0) > (required[i] ?? 0);
  return true;
}
