/** Falco versions and the shared feature table. */
import { describe, expect, it } from '@jest/globals';
import {
  FEATURES,
  NEWEST_VERSION,
  compareFalcoVersions,
  describeUnsupported,
  falcoVersion,
  featureSince,
  formatFalcoVersion,
  isAtLeast,
  parseFalcoVersion,
  supports,
} from '../../../src/falco/version.js';

describe('FalcoVersion', () => {
  it.each([
    ['0.44.1', [0, 44, 1]],
    ['0.25.0', [0, 25, 0]],
    ['v0.37.1', [0, 37, 1]],
    ['0.38', [0, 38, 0]],
    ['0.44.1-rc1', [0, 44, 1]],
    [' 1.0.0 ', [1, 0, 0]],
  ])('parses %j', (text, [major, minor, patch]) => {
    expect(parseFalcoVersion(text)).toEqual({ ok: true, value: { major, minor, patch } });
  });

  it.each(['', 'latest', '0', '0.x.1', '0.44.1.2', '1..2'])('rejects %j with a message', (text) => {
    const parsed = parseFalcoVersion(text);
    expect(parsed).toEqual({
      ok: false,
      error: { code: 'falco_version_invalid', message: expect.stringContaining(`"${text}"`) },
    });
  });

  it('compares and formats', () => {
    expect(compareFalcoVersions(falcoVersion(0, 37, 1), falcoVersion(0, 38))).toBeLessThan(0);
    expect(compareFalcoVersions(falcoVersion(0, 38, 2), falcoVersion(0, 38, 10))).toBeLessThan(0);
    expect(compareFalcoVersions(falcoVersion(1, 0), NEWEST_VERSION)).toBeGreaterThan(0);
    expect(compareFalcoVersions(falcoVersion(0, 44, 1), NEWEST_VERSION)).toBe(0);
    expect(isAtLeast(falcoVersion(0, 44, 1), falcoVersion(0, 44))).toBe(true);
    expect(formatFalcoVersion(NEWEST_VERSION)).toBe('0.44.1');
  });
});

describe('feature table', () => {
  it('dates parser features by the libs release Falco bundled', () => {
    const since = (feature: keyof typeof FEATURES) => formatFalcoVersion(featureSince(feature));
    expect(since('iglob')).toBe('0.38.0');
    expect(since('case-transformers')).toBe('0.38.0');
    expect(since('field-comparison')).toBe('0.38.0');
    expect(since('basename')).toBe('0.39.0');
    expect(since('regex')).toBe('0.39.0');
    expect(since('len')).toBe('0.40.0');
    expect(since('join')).toBe('0.43.0');
    expect(since('concat')).toBe('0.43.0');
    expect(since('multivalue-transformers')).toBe('0.43.0');
    expect(since('getopt')).toBe('0.44.0');
    expect(since('modifiers')).toBe('0.44.0');
  });

  it('dates loader features', () => {
    expect(supports(falcoVersion(0, 36, 2), 'override')).toBe(false);
    expect(supports(falcoVersion(0, 37, 0), 'override')).toBe(true);
    expect(supports(falcoVersion(0, 27, 0), 'exceptions')).toBe(false);
    expect(supports(falcoVersion(0, 28, 0), 'exceptions')).toBe(true);
    // The Lua loader of 0.31.0 (rule_loader.lua `new_exception`, falco commit 23706da7), not the C++ one of 0.32.
    expect(supports(falcoVersion(0, 30, 0), 'exception-append-new-name')).toBe(false);
    expect(supports(falcoVersion(0, 31, 0), 'exception-append-new-name')).toBe(true);
    expect(supports(falcoVersion(0, 43, 0), 'unknown-key-warnings')).toBe(false);
    expect(supports(NEWEST_VERSION, 'unknown-key-warnings')).toBe(true);
  });

  it('names both versions when a feature is missing', () => {
    expect(describeUnsupported('override', falcoVersion(0, 36, 2))).toBe(
      "Falco 0.36.2 does not support the 'override' key (added in Falco 0.37.0)",
    );
  });

  it('supports every feature at the newest version', () => {
    for (const feature of Object.keys(FEATURES) as (keyof typeof FEATURES)[]) {
      expect(supports(NEWEST_VERSION, feature)).toBe(true);
    }
  });
});
