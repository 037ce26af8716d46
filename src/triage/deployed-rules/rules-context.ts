/**
 * "The rules as deployed": the base rules files (FALCO_RULES, read at start-up) followed by the custom rules file of
 * the rules repository (RULES_FILE on the base branch), loaded by the engine at the configured Falco version.
 * Loading the current rules takes about 100 ms, so the result is cached per custom-file version; the custom file is
 * re-read from GitHub at most every `refreshMs`, and the last good copy is kept when GitHub is unreachable.
 */
import type { FieldCatalog } from '../../falco/fields/index.js';
import { loadRules, type LoadResult, type RulesFileInput } from '../../falco/rules/index.js';
import type { FalcoVersion } from '../../falco/version.js';
import { err, ok, type Result } from '../../result.js';
import type { Clock, Unavailable } from '../ports/index.js';
import type { RepoFile, RepoPort } from '../ports/index.js';

/** FALCO_RULES is not set: there is nothing to load. */
export type RulesUnavailable = Extract<Unavailable, { readonly code: 'rules_not_configured' }>;

/** Why the custom rules file is missing or stale; `detail` is GitHub's account of the failed read. */
export type CustomRulesNote =
  /** Never read: the base rules are used alone. */
  | { readonly code: 'custom_rules_unread'; readonly file: string; readonly detail: string }
  /** Not refreshed: the copy read earlier is used. */
  | { readonly code: 'custom_rules_stale'; readonly file: string; readonly detail: string };

export interface DeployedRules {
  readonly load: LoadResult;
  readonly base: readonly RulesFileInput[];
  /** The custom rules file as on the base branch; undefined without GitHub (or when the file does not exist yet). */
  readonly custom: RepoFile | undefined;
  readonly customPath: string | undefined;
  readonly falcoVersion: FalcoVersion;
  readonly fields: FieldCatalog | undefined;
  /** Why the custom file is missing or stale (the modal mentions it). */
  readonly note: CustomRulesNote | undefined;
  /**
   * The target these rules are deployed to, when alerts are recorded by target: an exception in them silences only
   * that target's alerts (the impact preview counts those). Undefined: every stored alert.
   */
  readonly alertsOf: string | undefined;
}

export interface RulesContext {
  /** Undefined when the bot has rules to work with; otherwise why not (FALCO_RULES unset). */
  readonly unavailable: RulesUnavailable | undefined;
  readonly falcoVersion: FalcoVersion;
  current(): Promise<Result<DeployedRules, RulesUnavailable>>;
  /** Forget the cached custom file (after a merge). */
  invalidate(): void;
  /**
   * The rules with the custom file as it is at one commit (`undefined`: absent there, so the base rules alone), not
   * as last read from the base branch: re-applying an exception on a moved base must see exactly that base.
   */
  withCustomFile(file: RepoFile | undefined): Result<DeployedRules, RulesUnavailable>;
}

export function createRulesContext(options: {
  readonly base: readonly RulesFileInput[];
  readonly falcoVersion: FalcoVersion;
  readonly fields: FieldCatalog | undefined;
  readonly repo: RepoPort | undefined;
  readonly rulesFile: string | undefined;
  readonly clock: Clock;
  readonly refreshMs?: number;
  /** See `DeployedRules.alertsOf`. */
  readonly alertsOf?: string;
}): RulesContext {
  const refreshMs = options.refreshMs ?? 60_000;
  const loads = new Map<string, LoadResult>();
  let custom: { readonly file: RepoFile | undefined; readonly at: number } | undefined;
  const unavailable: RulesUnavailable | undefined =
    options.base.length === 0 ? { code: 'rules_not_configured' } : undefined;

  function load(file: RepoFile | undefined, path: string | undefined): LoadResult {
    const key = file?.sha ?? '';
    let result = loads.get(key);
    if (result === undefined) {
      const files =
        file === undefined || path === undefined
          ? options.base
          : [...options.base, { name: path, content: file.content }];
      result = loadRules(files, {
        falcoVersion: options.falcoVersion,
        ...(options.fields === undefined ? {} : { fields: options.fields }),
      });
      if (loads.size > 8) loads.clear();
      loads.set(key, result);
    }
    return result;
  }

  function deployed(file: RepoFile | undefined, note: CustomRulesNote | undefined): DeployedRules {
    return {
      load: load(file, options.rulesFile),
      base: options.base,
      custom: file,
      customPath: options.rulesFile,
      falcoVersion: options.falcoVersion,
      fields: options.fields,
      note,
      alertsOf: options.alertsOf,
    };
  }

  return {
    unavailable,
    falcoVersion: options.falcoVersion,
    invalidate() {
      custom = undefined;
    },
    withCustomFile(file) {
      return unavailable === undefined ? ok(deployed(file, undefined)) : err(unavailable);
    },
    async current() {
      if (unavailable !== undefined) return err(unavailable);
      const { repo, rulesFile } = options;
      let note: CustomRulesNote | undefined;
      if (repo !== undefined && rulesFile !== undefined) {
        const now = options.clock.now().getTime();
        if (custom === undefined || now - custom.at > refreshMs) {
          const read = await repo.readFile(rulesFile, repo.baseBranch);
          if (read.ok) custom = { file: read.value, at: now };
          else {
            const code = custom === undefined ? 'custom_rules_unread' : 'custom_rules_stale';
            note = { code, file: rulesFile, detail: read.error.message };
          }
        }
      }
      return ok(deployed(custom?.file, note));
    },
  };
}
