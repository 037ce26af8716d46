/**
 * Falco and chart versions the generated workflow is pinned to. The Falco version in CI must be the one in the
 * cluster: the same rules can load on one version and fail on another (`override:` needs 0.37, for example).
 */

/** The newest Falco release this build knows, and the falcosecurity/falco chart release that ships it. */
export const DEFAULT_FALCO_VERSION = '0.44.1';
export const DEFAULT_CHART_VERSION = '9.1.0';

/**
 * The oldest Falco whose `falco -V` prints `{"falco_load_results": [...]}` with `-o json_output=true` (the
 * structured rule loader results), which the workflow parses to fail on warnings.
 */
export const MIN_FALCO_VERSION = '0.35.0';

/** Falco versions that chart releases deploy by default (their appVersion), for a warning on mismatch. */
export const CHART_APP_VERSIONS: Readonly<Record<string, string>> = { '9.1.0': '0.44.1' };

/** Since Falco 0.40 `falcosecurity/falco` is the small distroless image; before, `falco-no-driver` was. */
const DISTROLESS_SINCE = '0.40.0';

export type Version = readonly [number, number, number];

export function parseVersion(text: string): Version | undefined {
  const match = /^(\d{1,4})\.(\d{1,4})\.(\d{1,4})$/.exec(text);
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function atLeast(version: string, minimum: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(minimum);
  return a !== undefined && b !== undefined && compareVersions(a, b) >= 0;
}

/** The image CI validates with: the driverless variant, since validation loads rules and never opens a driver. */
export function falcoImage(falcoVersion: string): string {
  const repository = atLeast(falcoVersion, DISTROLESS_SINCE)
    ? 'falcosecurity/falco'
    : 'falcosecurity/falco-no-driver';
  return `docker.io/${repository}:${falcoVersion}`;
}

/**
 * A sentence for the user when the chart release is known to deploy another Falco version than the one asked for,
 * or undefined when they agree or the chart release is not in the table.
 */
export function chartMismatch(chartVersion: string, falcoVersion: string): string | undefined {
  const appVersion = CHART_APP_VERSIONS[chartVersion];
  if (appVersion === undefined || appVersion === falcoVersion) return undefined;
  return (
    `chart ${chartVersion} ships Falco ${appVersion}, not ${falcoVersion}: the values file pins image.tag to ` +
    `${falcoVersion}; prefer the chart release made for Falco ${falcoVersion} (--chart-version), since a chart ` +
    'can set configuration keys that an older Falco rejects'
  );
}
