/**
 * The effects model: which rules a rules change reaches, and in which direction.
 *
 * A rule is *silenced* by a change when the change can make it fire on fewer events (the new value makes a negated
 * part or an exception true), and *widened* when it can make it fire on more (the new value makes a positive part
 * true: `spawned_process and proc.name in (user_mgmt_binaries)` fires on every program appended to the list). The
 * direction of a use is its polarity (how many `not`s stand above it, through macros, nested lists and exceptions)
 * combined with how the changed name moves:
 * - a list that gains items makes `in`, `intersects`, `pmatch` and `anyof` checks true more often, an `allof` check
 *   less often, and a `oneof` check either way;
 * - a macro that gains `or (...)` is true more often.
 * A name used both ways in one rule is reported both ways. A rule that depends on the name where no use can be
 * seen (a condition that does not parse) is reported both ways too: the cautious reading.
 *
 * The reasoning is structural (monotonicity), so it holds for every event, not only for the stored alerts.
 */
import type { Modifier } from '../condition/index.js';
import type { Ruleset } from '../rules/index.js';
import type { FalcoVersion } from '../version.js';
import { ruleUses, type ListUseSite, type MacroUseSite } from './negated-uses.js';
import type { RulesChange } from './types.js';

/** How a list's items or a macro's truth move: `grows` (more items, true more often), `shrinks`, or `changes`. */
export type Movement = 'grows' | 'shrinks' | 'changes';

export interface NameChange {
  readonly kind: 'list' | 'macro';
  readonly name: string;
  readonly movement: Movement;
}

/** One rule a change reaches. */
export interface RuleEffect {
  readonly rule: string;
  readonly silenced: boolean;
  readonly widened: boolean;
  /** Where the first use sits when not in the rule's own condition: `macro system_procs`, `exception known_x`. */
  readonly via?: string;
}

export interface ChangeEffects {
  /** Every enabled rule the change reaches, by name (the alert's rule included). */
  readonly rules: readonly RuleEffect[];
  /** Rules that fire less, sorted. */
  readonly silenced: readonly string[];
  /** Rules that fire more, sorted. */
  readonly widened: readonly string[];
}

type Direction = 'up' | 'down' | 'both';

function flip(direction: Direction): Direction {
  return direction === 'up' ? 'down' : direction === 'down' ? 'up' : 'both';
}

function movementDirection(movement: Movement): Direction {
  return movement === 'grows' ? 'up' : movement === 'shrinks' ? 'down' : 'both';
}

/** How a list check's truth moves when the list grows. */
function listCheckDirection(modifier: Modifier | undefined): Direction {
  if (modifier === 'allof') return 'down';
  if (modifier === 'oneof') return 'both';
  return 'up';
}

function combine(a: Direction, b: Direction): Direction {
  if (a === 'both' || b === 'both') return 'both';
  return a === b ? 'up' : 'down';
}

/** The rule's firing moves `direction` when the site's check does (a negated site moves the other way). */
function siteEffect(check: Direction, negated: boolean): { silenced: boolean; widened: boolean } {
  const rule = negated ? flip(check) : check;
  return { silenced: rule !== 'up', widened: rule !== 'down' };
}

function viaOf(site: ListUseSite | MacroUseSite | undefined): { via?: string } {
  if (site === undefined) return {};
  if ('exception' in site && site.exception !== undefined) return { via: `exception ${site.exception}` };
  return site.via === undefined ? {} : { via: `macro ${site.via}` };
}

const sorted = (names: Iterable<string>): string[] =>
  [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The rules that change when `change` moves a list or a macro, with the direction of each. */
export function nameChangeEffects(
  ruleset: Ruleset,
  version: FalcoVersion,
  change: NameChange,
): ChangeEffects {
  const usage =
    change.kind === 'list' ? ruleset.listUsage.get(change.name) : ruleset.macroUsage.get(change.name);
  const dependents = new Set(usage?.rules ?? []);
  const moved = movementDirection(change.movement);
  const effects: RuleEffect[] = [];
  for (const rule of ruleset.rules) {
    if (!rule.enabled) continue;
    const uses = ruleUses(rule, ruleset, version);
    const sites: (ListUseSite | MacroUseSite)[] =
      change.kind === 'list'
        ? uses.lists.filter((site) => site.list === change.name)
        : uses.macros.filter((site) => site.macro === change.name);
    if (sites.length === 0) {
      // The loader says the rule depends on the name, but no use could be read: assume both directions.
      if (dependents.has(rule.name)) effects.push({ rule: rule.name, silenced: true, widened: true });
      continue;
    }
    let silenced = false;
    let widened = false;
    for (const site of sites) {
      const check = 'list' in site ? combine(moved, listCheckDirection(site.modifier)) : moved;
      const effect = siteEffect(check, site.negated);
      silenced ||= effect.silenced;
      widened ||= effect.widened;
    }
    effects.push({ rule: rule.name, silenced, widened, ...viaOf(sites[0]) });
  }
  return {
    rules: effects,
    silenced: sorted(effects.filter((effect) => effect.silenced).map((effect) => effect.rule)),
    widened: sorted(effects.filter((effect) => effect.widened).map((effect) => effect.rule)),
  };
}

/** The effects of a change the synthesiser writes: appends only, so lists and macros grow. */
export function changeEffects(change: RulesChange, ruleset: Ruleset, version: FalcoVersion): ChangeEffects {
  switch (change.kind) {
    case 'exception':
    case 'condition':
      return {
        rules: [{ rule: change.rule, silenced: true, widened: false }],
        silenced: [change.rule],
        widened: [],
      };
    case 'list':
      return nameChangeEffects(ruleset, version, { kind: 'list', name: change.list, movement: 'grows' });
    case 'macro':
      return nameChangeEffects(ruleset, version, { kind: 'macro', name: change.macro, movement: 'grows' });
  }
}

/** The effects on rules other than `rule` (the alert's), in the synthesis vocabulary. */
export function otherRuleEffects(
  effects: ChangeEffects,
  rule: string,
): { readonly alsoAffects: string[]; readonly firesMore: string[] } {
  return {
    alsoAffects: effects.silenced.filter((name) => name !== rule),
    firesMore: effects.widened.filter((name) => name !== rule),
  };
}
