import { describe, expect, it } from '@jest/globals';
import {
  changeEffects,
  nameChangeEffects,
  suggestExceptions,
  synthesize,
} from '../../../../src/falco/exceptions/index.js';
import { loadRules, type Ruleset } from '../../../../src/falco/rules/index.js';
import { loadShared, TITANAGENT, version } from './helpers.js';

const V44 = version('0.44.1');

function ruleset(content: string, at = '0.44.1'): Ruleset {
  const result = loadRules([{ name: 'rules.yaml', content }], { falcoVersion: version(at) });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.ruleset;
}

const POLARITY = ruleset(`
- list: tools
  items: [tcpdump, nmap]
- list: more_tools
  items: [tools, socat]
- macro: spawned
  condition: evt.type = execve
- macro: tool_run
  condition: (spawned and proc.name in (tools))
- macro: user_known_tool_activities
  condition: (evt.num = 0)
- rule: Uses positively
  desc: d
  condition: tool_run
  output: o %proc.name
  priority: WARNING
- rule: Uses negated
  desc: d
  condition: spawned and not proc.name in (more_tools) and not user_known_tool_activities
  output: o %proc.name
  priority: WARNING
- rule: Uses both ways
  desc: d
  condition: spawned and proc.pname in (tools) and not proc.name in (tools)
  output: o %proc.name
  priority: WARNING
- rule: Double negation
  desc: d
  condition: spawned and not (fd.name startswith /etc and not proc.name in (more_tools))
  output: o %proc.name
  priority: WARNING
- rule: Through an exception
  desc: d
  condition: spawned
  output: o %proc.name
  priority: WARNING
  exceptions:
    - name: known
      fields: [proc.name]
      comps: [in]
      values:
        - [tools]
- rule: Allof check
  desc: d
  condition: spawned and proc.args startswith allof (tools)
  output: o %proc.name
  priority: WARNING
- rule: Oneof check
  desc: d
  condition: spawned and proc.args startswith oneof (tools)
  output: o %proc.name
  priority: WARNING
- rule: Disabled user
  desc: d
  condition: tool_run
  output: o %proc.name
  priority: WARNING
  enabled: false
- rule: Unrelated
  desc: d
  condition: spawned and proc.name = bash
  output: o %proc.name
  priority: WARNING
`);

describe('the effects model', () => {
  const grows = nameChangeEffects(POLARITY, V44, { kind: 'list', name: 'tools', movement: 'grows' });
  const effect = (rule: string) => grows.rules.find((candidate) => candidate.rule === rule);

  it('follows polarity through macros, nested lists, not, and exceptions', () => {
    expect(effect('Uses positively')).toEqual({
      rule: 'Uses positively',
      silenced: false,
      widened: true,
      via: 'macro tool_run',
    });
    expect(effect('Uses negated')).toMatchObject({ silenced: true, widened: false });
    expect(effect('Double negation')).toMatchObject({ silenced: false, widened: true });
    expect(effect('Through an exception')).toMatchObject({
      silenced: true,
      widened: false,
      via: 'exception known',
    });
  });

  it('reports a name used both ways in both directions', () => {
    expect(effect('Uses both ways')).toMatchObject({ silenced: true, widened: true });
  });

  it('reads modifiers: allof checks move against the list, oneof either way', () => {
    expect(effect('Allof check')).toMatchObject({ silenced: true, widened: false });
    expect(effect('Oneof check')).toMatchObject({ silenced: true, widened: true });
  });

  it('leaves out disabled rules and rules that do not use the name', () => {
    expect(effect('Disabled user')).toBeUndefined();
    expect(effect('Unrelated')).toBeUndefined();
  });

  it('turns around when the list shrinks, and says both when it is replaced', () => {
    const shrinks = nameChangeEffects(POLARITY, V44, { kind: 'list', name: 'tools', movement: 'shrinks' });
    expect(shrinks.widened).toEqual(
      expect.arrayContaining(['Uses negated', 'Through an exception', 'Allof check']),
    );
    expect(shrinks.silenced).toEqual(expect.arrayContaining(['Uses positively', 'Double negation']));
    const replaced = nameChangeEffects(POLARITY, V44, { kind: 'list', name: 'tools', movement: 'changes' });
    expect(replaced.silenced).toEqual(replaced.widened);
  });

  it('follows macros the same way', () => {
    const macro = nameChangeEffects(POLARITY, V44, {
      kind: 'macro',
      name: 'user_known_tool_activities',
      movement: 'grows',
    });
    expect(macro.silenced).toEqual(['Uses negated']);
    expect(macro.widened).toEqual([]);
    const spawned = changeEffects({ kind: 'macro', macro: 'spawned', condition: 'or (x)' }, POLARITY, V44);
    expect(spawned.widened).toContain('Unrelated');
  });

  it('a rule exception or condition reaches its own rule only', () => {
    const change = changeEffects(
      { kind: 'condition', rule: 'Unrelated', condition: 'and not (proc.name = x)' },
      POLARITY,
      V44,
    );
    expect(change).toEqual({
      rules: [{ rule: 'Unrelated', silenced: true, widened: false }],
      silenced: ['Unrelated'],
      widened: [],
    });
  });
});

describe('the how-to alert on Falco 0.25 rules', () => {
  const rules = loadShared(['falco_rules_0.25.0.yaml'], '0.25.0').ruleset;
  const suggestions = suggestExceptions({
    alert: TITANAGENT,
    ruleset: rules,
    falcoVersion: version('0.25.0'),
  });

  it('ranks first a change that reaches no other rule', () => {
    const [first] = suggestions;
    expect(first?.refused).toBeUndefined();
    expect(first?.alsoAffects).toEqual([]);
    expect(first?.firesMore).toEqual([]);
  });

  it('offers user_mgmt_binaries with the rules that will fire on titanagent', () => {
    const userMgmt = suggestions.find((s) => s.strategy === 'list' && s.target === 'user_mgmt_binaries');
    expect(userMgmt?.firesMore).toEqual(['System procs network activity', 'User mgmt binaries']);
    const index = suggestions.indexOf(userMgmt as (typeof suggestions)[number]);
    // Every change that widens no rule comes before it.
    expect(suggestions.slice(0, index).every((s) => s.firesMore.length === 0)).toBe(true);
  });

  it('says the same in the synthesis a proposal stores', () => {
    const synthesis = synthesize({
      strategy: 'list',
      target: 'user_mgmt_binaries',
      fields: ['proc.name'],
      alert: TITANAGENT,
      ruleset: rules,
      falcoVersion: version('0.25.0'),
    });
    expect(synthesis.ok && synthesis.value.firesMore).toEqual([
      'System procs network activity',
      'User mgmt binaries',
    ]);
  });
});
