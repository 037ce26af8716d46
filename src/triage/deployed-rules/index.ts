/**
 * "The rules as deployed": the base rules files and the rules repository's custom rules file, loaded by the engine
 * for the target Falco version, cached per commit.
 * May import: ports, src/falco.
 */
export {
  createRulesContext,
  type CustomRulesNote,
  type DeployedRules,
  type RulesContext,
  type RulesUnavailable,
} from './rules-context.js';
