/**
 * Skill rules, properties: any rule written from a random expression compiles back to that
 * expression, and a comparison on a skill the agent lacks is never true (an undefined skill is not 0).
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { queue } from '../../actors/index.ts';

const skillName = fc.constantFrom('english', 'french', 'technic', 'linux', 'bank_2', '_x');
const variable = fc.oneof(
  skillName.map((name) => ({ type: 'name' as const, name })),
  fc.constantFrom('lang', 'os').map((name) => ({ type: 'meta' as const, name })),
);
const constant = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map((value) => ({ type: 'integer' as const, value })),
  fc.constant({ type: 'meta' as const, name: 'level' }),
);
const operator = fc.constantFrom('!' as const, '=' as const, '>' as const, '<' as const);

const { expression } = fc.letrec<{ expression: queue.RuleExpression }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('compare' as const), operator, variable, constant }, { noNullPrototype: true }),
    fc.record({ type: fc.constant('truthy' as const), variable }, { noNullPrototype: true }),
    fc.record({ type: fc.constant('and' as const), left: tie('expression'), right: tie('expression') }, { noNullPrototype: true }),
    fc.record({ type: fc.constant('or' as const), left: tie('expression'), right: tie('expression') }, { noNullPrototype: true }),
  ),
}));

/** The tree with and/or chains re-associated to the left, as the parser builds them. */
function leftAssociated(tree: queue.RuleExpression): queue.RuleExpression {
  if (tree.type !== 'and' && tree.type !== 'or') return tree;
  const operands: queue.RuleExpression[] = [];
  const collect = (node: queue.RuleExpression): void => {
    if (node.type === tree.type) {
      collect((node as { left: queue.RuleExpression }).left);
      collect((node as { right: queue.RuleExpression }).right);
    } else operands.push(leftAssociated(node));
  };
  collect(tree);
  return operands.slice(1).reduce((left, right) => ({ type: tree.type, left, right }) as queue.RuleExpression, operands[0] as queue.RuleExpression);
}

describe('skill rules (properties)', () => {
  it('MUST compile any written expression back to the same expression (and and or associate to the left)', () => {
    fc.assert(
      fc.property(expression, fc.boolean(), (tree, withDynamic) => {
        const text = `${withDynamic ? 'WT < 60, ' : ''}${queue.formatExpression(tree)}`;
        const compiled = queue.compileSkillRule(text);
        assert.equal(compiled.type, 'ok', text);
        if (compiled.type === 'ok') assert.deepEqual(compiled.rule.skills, leftAssociated(tree), text);
      }),
    );
  });

  it('MUST never make a comparison on a skill the agent lacks true, whatever the operator and constant', () => {
    fc.assert(
      fc.property(skillName, operator, fc.integer({ min: -1000, max: 1000 }), fc.dictionary(skillName, fc.integer({ min: -100, max: 100 })), (skill, op, value, weights) => {
        const agent = new Map(Object.entries(weights).filter(([name]) => name !== skill));
        const compiled = queue.compileSkillRule(`${skill} ${op} ${value}`);
        assert.ok(compiled.type === 'ok');
        assert.equal(queue.agentMatches(compiled.rule.skills, agent), false);
        const has = new Map([...agent, [skill, value]]);
        const either = queue.compileSkillRule(`${skill} > ${value} | ${skill} < ${value + 1}`);
        assert.ok(either.type === 'ok');
        assert.equal(queue.agentMatches(either.rule.skills, has), true);
      }),
    );
  });
});
