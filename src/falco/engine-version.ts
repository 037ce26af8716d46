/**
 * Which rules-engine version each Falco release has: what a rules file's `required_engine_version` is compared
 * with. Read from falcosecurity/falco `userspace/engine/falco_engine_version.h` at every release tag (the table
 * below lists the releases where the number changed; a release keeps the version of the last row at or before it).
 *
 * The engine version was a plain integer until 0.36 (`#define FALCO_ENGINE_VERSION (26)` at 0.36.2) and became a
 * semver `MAJOR.MINOR.PATCH` at 0.37.0 (`FALCO_ENGINE_VERSION_MINOR 31`), where an old integer requirement N reads
 * as `0.N.0` (`rule_loader_reader.h` `get_implicit_engine_version`). Patch releases did bump it twice: 0.29.1 (9)
 * and 0.32.1 (13), 0.34.1 (16).
 */
import { compareFalcoVersions, falcoVersion, type FalcoVersion } from './version.js';

/** An engine version: the integer of releases before 0.37, or a semver triple from 0.37 on. */
export type EngineVersion =
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'semver'; readonly major: number; readonly minor: number; readonly patch: number };

const int = (value: number): EngineVersion => ({ kind: 'integer', value });
const semver = (minor: number): EngineVersion => ({ kind: 'semver', major: 0, minor, patch: 0 });

/** [first release with this engine version, the version], oldest first. */
const ENGINE_VERSIONS: readonly (readonly [FalcoVersion, EngineVersion])[] = [
  [falcoVersion(0, 14), int(2)],
  [falcoVersion(0, 15), int(3)],
  [falcoVersion(0, 16), int(4)],
  [falcoVersion(0, 18), int(5)],
  [falcoVersion(0, 24), int(6)],
  [falcoVersion(0, 26), int(7)],
  [falcoVersion(0, 28), int(8)],
  [falcoVersion(0, 29, 1), int(9)],
  [falcoVersion(0, 31), int(11)],
  [falcoVersion(0, 32), int(12)],
  [falcoVersion(0, 32, 1), int(13)],
  [falcoVersion(0, 33), int(15)],
  [falcoVersion(0, 34, 1), int(16)],
  [falcoVersion(0, 35), int(17)],
  [falcoVersion(0, 36), int(26)],
  [falcoVersion(0, 37), semver(31)],
  [falcoVersion(0, 38), semver(40)],
  [falcoVersion(0, 39), semver(43)],
  [falcoVersion(0, 40), semver(46)],
  [falcoVersion(0, 41), semver(50)],
  [falcoVersion(0, 42), semver(57)],
  [falcoVersion(0, 43), semver(58)],
  [falcoVersion(0, 44), semver(62)],
];

/** The engine version of `release`; undefined before 0.14 (no engine version existed). */
export function engineVersionOf(release: FalcoVersion): EngineVersion | undefined {
  let found: EngineVersion | undefined;
  for (const [since, engine] of ENGINE_VERSIONS)
    if (compareFalcoVersions(release, since) >= 0) found = engine;
  return found;
}

/** As Falco prints it: `26`, `0.62.0`. */
export function formatEngineVersion(engine: EngineVersion): string {
  return engine.kind === 'integer' ? String(engine.value) : `${engine.major}.${engine.minor}.${engine.patch}`;
}
