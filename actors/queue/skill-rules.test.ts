/**
 * Skill rules (seed CC-08): the seed's examples, its rejected forms, its evaluation of undefined
 * skills, and its two distribution scenarios.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentMatches, applySkillRules, compileSkillRule, dynamicHolds, type SkillRule } from './index.ts';

function rule(text: string): SkillRule {
  const compiled = compileSkillRule(text);
  assert.equal(compiled.type, 'ok', compiled.type === 'error' ? `${text}: ${compiled.reason}` : '');
  return (compiled as { rule: SkillRule }).rule;
}

const skills = (entries: Record<string, number>): ReadonlyMap<string, number> => new Map(Object.entries(entries));

describe('skill rule syntax', () => {
  it("MUST accept the seed's rules: `WT < 60, english > 50`, `english > 0`, `technic ! 0 & ($os > 29 & $lang > 39 | $os > 39 & $lang > 19)`", () => {
    const first = rule('WT < 60, english > 50');
    assert.deepEqual(first.dynamic, { type: 'compare', operator: '<', variable: { type: 'name', name: 'WT' }, constant: { type: 'integer', value: 60 } });
    assert.deepEqual(rule('english > 0').dynamic, undefined);
    rule('technic ! 0 & ($os > 29 & $lang > 39 | $os > 39 & $lang > 19)');
  });

  for (const [text, code] of [
    ['10 < english', 'constant-first'],
    ['english < french', 'constant-expected'],
    ['10 < 11', 'constant-first'],
  ] as const) {
    it(`MUST refuse \`${text}\` (${code}), as the seed says`, () => {
      const compiled = compileSkillRule(text);
      assert.equal(compiled.type === 'error' ? compiled.code : 'ok', code);
    });
  }

  it('MUST refuse malformed rules with a code and the position at fault', () => {
    const cases: [string, string, number][] = [
      ['', 'empty', 0],
      ['english >', 'unexpected-end', 9],
      ['(english > 1', 'unbalanced-parenthesis', 0],
      ['english > 1)', 'unbalanced-parenthesis', 11],
      ['english > 1 french', 'unexpected-token', 12],
      ['english # 1', 'invalid-character', 8],
      ['WT < 60, WT < 10, english', 'too-many-parts', 16],
      ['english < 60, english', 'dynamic-variable', 0],
      ['$lang < 60, english', 'dynamic-variable', 0],
      [', english', 'empty', 0],
      ['WT < 60,', 'empty', 8],
      ['english > 99999999999999999999', 'integer-out-of-range', 10],
      ['english & | french', 'unexpected-token', 10],
      ['$ > 1', 'invalid-character', 0],
      ['x'.repeat(1025), 'too-long', 1024],
    ];
    for (const [text, code, position] of cases) {
      const compiled = compileSkillRule(text);
      assert.deepEqual(compiled.type === 'error' ? [compiled.code, compiled.position] : 'ok', [code, position], text);
    }
  });

  it('MUST give comparisons precedence over &, and & over | (| lowest), parentheses overriding', () => {
    const plain = rule('a > 0 | b > 0 & c > 0').skills;
    assert.equal(plain.type, 'or');
    const grouped = rule('(a > 0 | b > 0) & c > 0').skills;
    assert.equal(grouped.type, 'and');
    assert.equal(agentMatches(plain, skills({ a: 1 })), true);
    assert.equal(agentMatches(grouped, skills({ a: 1 })), false);
  });

  it('MUST accept negative constants (a skill weight is any integer)', () => {
    assert.equal(agentMatches(rule('english > -5').skills, skills({ english: -1 })), true);
  });
});

describe('skill rule evaluation', () => {
  it('MUST read `english | french` as `english ! 0 | french ! 0`', () => {
    const bare = rule('english | french').skills;
    const spelled = rule('english ! 0 | french ! 0').skills;
    for (const agent of [{}, { english: 0 }, { english: 3 }, { french: 0 }, { french: 7 }, { english: 0, french: 0 }]) {
      assert.equal(agentMatches(bare, skills(agent)), agentMatches(spelled, skills(agent)), JSON.stringify(agent));
    }
  });

  it('MUST make `english > 0 | english < 1` true for every agent with english (even at 0) and false for an agent without it', () => {
    const expression = rule('english > 0 | english < 1').skills;
    assert.equal(agentMatches(expression, skills({ english: 0 })), true);
    assert.equal(agentMatches(expression, skills({ english: 75 })), true);
    assert.equal(agentMatches(expression, skills({ french: 50 })), false);
  });

  it('MUST replace $meta variables with the call\'s skill rule variables, and leave a missing one undefined (false)', () => {
    const expression = rule('technic ! 0 & ($os > 29 & $lang > 39 | $os > 39 & $lang > 19)').skills;
    const agent = skills({ technic: 1, linux: 35, german: 45 });
    assert.equal(agentMatches(expression, agent, { os: 'linux', lang: 'german' }), true);
    assert.equal(agentMatches(expression, agent, { os: 'linux', lang: 'english' }), false);
    assert.equal(agentMatches(expression, agent, { os: 'linux' }), false);
    assert.equal(agentMatches(rule('english > $level').skills, skills({ english: 60 }), { level: '50' }), true);
    assert.equal(agentMatches(rule('english > $level').skills, skills({ english: 60 }), { level: 'high' }), false);
  });

  it('MUST evaluate the dynamic part on WT, with EWT undefined when the queue gives none', () => {
    assert.equal(dynamicHolds(rule('WT < 60, english').dynamic, { WT: 59 }), true);
    assert.equal(dynamicHolds(rule('WT < 60, english').dynamic, { WT: 60 }), false);
    assert.equal(dynamicHolds(rule('EWT < 60, english').dynamic, { WT: 0 }), false);
    assert.equal(dynamicHolds(rule('EWT < 60, english').dynamic, { WT: 0, EWT: 30 }), true);
    assert.equal(dynamicHolds(undefined, { WT: 1000 }), true);
  });
});

describe("the seed's rule set `WT < 60, english > 50` then `english > 0`, agents A (english 75) and B (english 25)", () => {
  const rules = [rule('WT < 60, english > 50'), rule('english > 0')];
  const agentA = { id: 'A', skills: skills({ english: 75 }) };
  const agentB = { id: 'B', skills: skills({ english: 25 }) };
  const call = (waitSeconds: number) => ({ dynamic: { WT: waitSeconds }, metaVariables: {} });

  it('scenario 1: a call entering with both logged in MUST select A only, by the first rule', () => {
    assert.deepEqual(applySkillRules(rules, call(0), [agentA, agentB]), { ruleIndex: 0, agents: ['A'] });
  });

  it('scenario 1: a second call waiting MUST stay on the first rule (A only) until 60 s, then select both by the second', () => {
    assert.deepEqual(applySkillRules(rules, call(59), [agentA, agentB]), { ruleIndex: 0, agents: ['A'] });
    assert.deepEqual(applySkillRules(rules, call(60), [agentA, agentB]), { ruleIndex: 1, agents: ['A', 'B'] });
  });

  it('scenario 2: with A logged out, the call MUST go to B at once (a rule no logged-in agent matches is skipped)', () => {
    assert.deepEqual(applySkillRules(rules, call(0), [agentB]), { ruleIndex: 1, agents: ['B'] });
  });

  it('MUST select no rule when no logged-in agent matches any', () => {
    assert.equal(applySkillRules(rules, call(0), [{ id: 'C', skills: skills({ french: 90 }) }]), undefined);
  });
});
