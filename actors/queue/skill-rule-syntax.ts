/**
 * The syntax of skill rules (seed CC-08): tokens and the expression tree a rule compiles to.
 *
 * @remarks
 * A rule is `[dynamic part ","] skill part`; each part is an expression of comparisons joined by
 * `&` (and) and `|` (or), with parentheses. A comparison is always `variable cmp_op constant`
 * (`!` not equal, `=`, `>`, `<`); a variable alone means `variable ! 0`. Variables of the skill
 * part are skill names or `$meta` variables, replaced by the call's skill rule variables; the
 * dynamic part knows only `WT` and `EWT`. Pure data.
 */

/** The comparison operators: `!` is "is not equal". */
export type ComparisonOperator = '!' | '=' | '>' | '<';

/** A variable: a name (a skill, or WT / EWT in the dynamic part) or a `$meta` variable. */
export type RuleVariable =
  | { readonly type: 'name'; readonly name: string }
  | { readonly type: 'meta'; readonly name: string };

/** The constant of a comparison: an integer, or a `$meta` variable holding one. */
export type RuleConstant =
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'meta'; readonly name: string };

/** A rule part as a tree. */
export type RuleExpression =
  | { readonly type: 'compare'; readonly operator: ComparisonOperator; readonly variable: RuleVariable; readonly constant: RuleConstant }
  /** A variable alone in a boolean position: `english` is `english ! 0`. */
  | { readonly type: 'truthy'; readonly variable: RuleVariable }
  | { readonly type: 'and'; readonly left: RuleExpression; readonly right: RuleExpression }
  | { readonly type: 'or'; readonly left: RuleExpression; readonly right: RuleExpression };

/** One rule of a rule set, compiled. */
export interface SkillRule {
  /** The rule as written. */
  readonly text: string;
  /** When the rule may apply (WT, EWT); always when absent. */
  readonly dynamic?: RuleExpression;
  /** Which agents the rule selects. */
  readonly skills: RuleExpression;
}

/** Why a rule is not accepted. */
export type SkillRuleErrorCode =
  | 'empty'
  | 'too-long'
  | 'invalid-character'
  | 'unexpected-end'
  | 'unexpected-token'
  /** `10 < english`, `10 < 11`: the first operand of a comparison must be a variable. */
  | 'constant-first'
  /** `english < french`: the second operand of a comparison must be an integer constant. */
  | 'constant-expected'
  | 'unbalanced-parenthesis'
  /** The dynamic part names something other than WT and EWT, or a `$meta` variable. */
  | 'dynamic-variable'
  /** More than one comma. */
  | 'too-many-parts'
  | 'integer-out-of-range';

/** A rule that is not accepted: the code, a sentence for the API's 400, and where it went wrong. */
export interface SkillRuleError {
  readonly type: 'error';
  readonly code: SkillRuleErrorCode;
  readonly reason: string;
  /** Index in the rule's text of the character at fault. */
  readonly position: number;
}

/** The variables of the dynamic part (seed: EWT "has never fully worked", kept for compatibility). */
export const DYNAMIC_VARIABLES: ReadonlySet<string> = new Set(['WT', 'EWT']);

/** Longest rule accepted, in characters. */
export const MAX_RULE_LENGTH = 1024;

/** Writes an expression back as text, fully parenthesised where precedence needs it. */
export function formatExpression(expression: RuleExpression): string {
  const variable = (v: RuleVariable): string => (v.type === 'meta' ? `$${v.name}` : v.name);
  switch (expression.type) {
    case 'compare':
      return `${variable(expression.variable)} ${expression.operator} ${expression.constant.type === 'meta' ? `$${expression.constant.name}` : String(expression.constant.value)}`;
    case 'truthy':
      return variable(expression.variable);
    case 'and': {
      const side = (e: RuleExpression): string => (e.type === 'or' ? `(${formatExpression(e)})` : formatExpression(e));
      return `${side(expression.left)} & ${side(expression.right)}`;
    }
    case 'or':
      return `${formatExpression(expression.left)} | ${formatExpression(expression.right)}`;
  }
}
