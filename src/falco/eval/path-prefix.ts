import { err, ok, type Result } from '../../result.js';
import { compileGlob, type GlobMatcher } from './glob.js';

/**
 * `pmatch`: libs' `path_prefix_search` (prefix_search.h). A value matches when one of the listed paths is a prefix of
 * it component by component: `/etc` matches `/etc` and `/etc/shadow`, not `/etcx` nor `/`. Paths are split on `/`
 * with empty components dropped (so `/etc/`, `//etc` and `etc` are the same path), and a list item whose component
 * contains `?`, `*` or `[` matches that component as a glob (fnmatch, no flags).
 *
 * libs walks its glob entries with an iterator it advances inside the loop, so two glob siblings that both match a
 * component can be tried against the wrong component; the intended semantics (any listed path is a prefix) is used
 * here.
 */
export type PathPrefixMatcher = (path: string) => boolean;

type Component = string | GlobMatcher;

export function compilePathPrefixes(paths: readonly string[]): Result<PathPrefixMatcher, string> {
  const prefixes: Component[][] = [];
  for (const path of paths) {
    const components: Component[] = [];
    for (const part of splitPath(path)) {
      if (!/[?*[]/.test(part)) {
        components.push(part);
        continue;
      }
      const glob = compileGlob(part, false);
      if (!glob.ok) return err(glob.error);
      components.push(glob.value);
    }
    prefixes.push(components);
  }
  return ok((path: string) => {
    const parts = splitPath(path);
    return prefixes.some(
      (prefix) =>
        prefix.length <= parts.length &&
        prefix.every((component, i) => {
          const part = parts[i] ?? '';
          return typeof component === 'string' ? component === part : component(part);
        }),
    );
  });
}

function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part.length > 0);
}
