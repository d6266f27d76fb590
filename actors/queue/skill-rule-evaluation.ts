/**
 * Evaluates compiled skill rules (seed CC-08) and picks the rule that applies to a waiting call.
 *
 * @remarks
 * An agent without a skill is not an agent with that skill at 0: a comparison whose variable has no
 * value (a skill the agent lacks, a `$meta` variable the call does not set, a `$meta` constant that
 * is not an integer) is *undefined*, and undefined is false wherever a truth value is needed. So
 * `english > 0 | english < 1` holds for every agent with `english`, whatever its weight, and for no
 * other. A `$meta` variable in a variable position names a skill (`$lang` with `lang=german` is the
 * skill `german`); in a constant position it holds an integer.
 *
 * Rules are tried in order: one applies when its dynamic part holds (or it has none) and at least
 * one of the candidates (the logged-in agents of the queue) satisfies its skill part; otherwise the
 * next one is tried at once (seed scenario 2). Keeping a call on the rule it is already being
 * distributed with while one of its agents stays available (scenario 1) is the queue's business:
 * it asks again only for calls that are waiting. Pure.
 */
import type { RuleConstant, RuleExpression, RuleVariable, SkillRule } from './skill-rule-syntax.ts';

/** A skill name and an agent's weight for it. */
export type AgentSkills = ReadonlyMap<string, number>;

/** The call's skill rule variables (`skill_rule_variables` of its incall destination). */
export type MetaVariables = Readonly<Record<string, string>>;

/** What the dynamic part is evaluated against. */
export interface DynamicValues {
  /** Seconds since the call entered this queue. */
  readonly WT: number;
  /** The estimated waiting time, when the queue has one; EWT is undefined otherwise. */
  readonly EWT?: number;
}

const INTEGER = /^-?[0-9]+$/;

function metaValue(metaVariables: MetaVariables, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(metaVariables, name) ? metaVariables[name] : undefined;
}

function constantValue(constant: RuleConstant, metaVariables: MetaVariables): number | undefined {
  if (constant.type === 'integer') return constant.value;
  const text = metaValue(metaVariables, constant.name);
  if (text === undefined || !INTEGER.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return Number.isSafeInteger(value) ? value : undefined;
}

function compare(operator: '!' | '=' | '>' | '<', left: number | undefined, right: number | undefined): boolean | undefined {
  if (left === undefined || right === undefined) return undefined;
  switch (operator) {
    case '!':
      return left !== right;
    case '=':
      return left === right;
    case '>':
      return left > right;
    case '<':
      return left < right;
  }
}

function evaluate(expression: RuleExpression, lookup: (variable: RuleVariable) => number | undefined, metaVariables: MetaVariables): boolean {
  switch (expression.type) {
    case 'compare':
      return compare(expression.operator, lookup(expression.variable), constantValue(expression.constant, metaVariables)) === true;
    case 'truthy':
      return compare('!', lookup(expression.variable), 0) === true;
    case 'and':
      return evaluate(expression.left, lookup, metaVariables) && evaluate(expression.right, lookup, metaVariables);
    case 'or':
      return evaluate(expression.left, lookup, metaVariables) || evaluate(expression.right, lookup, metaVariables);
  }
}

/** Whether an agent with `skills` satisfies a skill part, given the call's meta variables. */
export function agentMatches(expression: RuleExpression, skills: AgentSkills, metaVariables: MetaVariables = {}): boolean {
  const lookup = (variable: RuleVariable): number | undefined => {
    const name = variable.type === 'name' ? variable.name : metaValue(metaVariables, variable.name);
    return name === undefined ? undefined : skills.get(name.trim());
  };
  return evaluate(expression, lookup, metaVariables);
}

/** Whether a dynamic part holds now. */
export function dynamicHolds(expression: RuleExpression | undefined, values: DynamicValues): boolean {
  if (expression === undefined) return true;
  const lookup = (variable: RuleVariable): number | undefined => (variable.type === 'name' && (variable.name === 'WT' || variable.name === 'EWT') ? values[variable.name] : undefined);
  return evaluate(expression, lookup, {});
}

/** A candidate agent of the queue. */
export interface SkillCandidate<Id> {
  readonly id: Id;
  readonly skills: AgentSkills;
}

/** The rule that applies to a waiting call and the candidates it selects. */
export interface AppliedSkillRule<Id> {
  readonly ruleIndex: number;
  readonly agents: readonly Id[];
}

/** The first rule that applies to the call, with the candidates it selects; none when no rule does. */
export function applySkillRules<Id>(
  rules: readonly SkillRule[],
  call: { readonly dynamic: DynamicValues; readonly metaVariables: MetaVariables },
  candidates: readonly SkillCandidate<Id>[],
): AppliedSkillRule<Id> | undefined {
  for (const [ruleIndex, rule] of rules.entries()) {
    if (!dynamicHolds(rule.dynamic, call.dynamic)) continue;
    const agents = candidates.filter((candidate) => agentMatches(rule.skills, candidate.skills, call.metaVariables)).map((candidate) => candidate.id);
    if (agents.length > 0) return { ruleIndex, agents };
  }
  return undefined;
}
