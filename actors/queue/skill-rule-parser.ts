/**
 * Compiles skill rules (seed CC-08) into expression trees, or says precisely why not.
 *
 * @remarks
 * The reference platform does not check rules when they are saved: a bad rule only shows up as an
 * engine error when a call uses it (seed L1019). Here every rule is compiled when it is written, so
 * the API refuses it with the reason and the position at fault.
 *
 * Precedence is the seed's: comparisons first, then `&`, then `|` (lowest); parentheses change it.
 * A comparison is only `variable cmp_op constant`; `10 < english` (constant first), `10 < 11` and
 * `english < french` (a variable as second operand) are refused, as the seed says. A constant may
 * be negative (skill weights are any integer). Pure.
 */
import {
  DYNAMIC_VARIABLES,
  MAX_RULE_LENGTH,
  type ComparisonOperator,
  type RuleConstant,
  type RuleExpression,
  type RuleVariable,
  type SkillRule,
  type SkillRuleError,
  type SkillRuleErrorCode,
} from './skill-rule-syntax.ts';

type Token =
  | { readonly type: 'name' | 'meta'; readonly text: string; readonly position: number }
  | { readonly type: 'integer'; readonly value: number; readonly position: number }
  | { readonly type: 'operator'; readonly text: ComparisonOperator | '&' | '|' | '(' | ')' | ','; readonly position: number };

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const OPERATORS = new Set(['!', '=', '>', '<', '&', '|', '(', ')', ',']);
const COMPARISONS: ReadonlySet<string> = new Set(['!', '=', '>', '<']);

class RuleSyntaxError extends Error {
  readonly code: SkillRuleErrorCode;
  readonly reason: string;
  readonly position: number;

  constructor(code: SkillRuleErrorCode, reason: string, position: number) {
    super(reason);
    this.code = code;
    this.reason = reason;
    this.position = position;
  }
}

function fail(code: SkillRuleErrorCode, reason: string, position: number): never {
  throw new RuleSyntaxError(code, reason, position);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const readName = (start: number): string => {
    let end = start;
    while (end < text.length && NAME_PART.test(text[end] ?? '')) end += 1;
    return text.slice(start, end);
  };
  while (index < text.length) {
    const character = text[index] ?? '';
    if (character === ' ' || character === '\t') {
      index += 1;
    } else if (OPERATORS.has(character)) {
      tokens.push({ type: 'operator', text: character as Extract<Token, { type: 'operator' }>['text'], position: index });
      index += 1;
    } else if (character === '$') {
      const name = NAME_START.test(text[index + 1] ?? '') ? readName(index + 1) : '';
      if (name === '') fail('invalid-character', 'a $ must start a meta variable name such as $lang', index);
      tokens.push({ type: 'meta', text: name, position: index });
      index += 1 + name.length;
    } else if (NAME_START.test(character)) {
      const name = readName(index);
      tokens.push({ type: 'name', text: name, position: index });
      index += name.length;
    } else if (DIGIT.test(character) || (character === '-' && DIGIT.test(text[index + 1] ?? ''))) {
      let end = index + 1;
      while (end < text.length && DIGIT.test(text[end] ?? '')) end += 1;
      if (end < text.length && NAME_START.test(text[end] ?? '')) fail('invalid-character', `a name cannot start with a digit (${text.slice(index, end + 1)}…)`, index);
      const value = Number(text.slice(index, end));
      if (!Number.isSafeInteger(value)) fail('integer-out-of-range', `${text.slice(index, end)} is too large an integer`, index);
      tokens.push({ type: 'integer', value, position: index });
      index = end;
    } else {
      fail('invalid-character', `the character ${JSON.stringify(character)} has no meaning in a skill rule`, index);
    }
  }
  return tokens;
}

function describe(token: Token): string {
  if (token.type === 'integer') return String(token.value);
  return token.type === 'meta' ? `$${token.text}` : token.text;
}

/** A recursive-descent parser over one part's tokens. */
class PartParser {
  #index = 0;
  readonly tokens: readonly Token[];
  readonly endPosition: number;
  readonly part: 'dynamic' | 'skill';

  constructor(tokens: readonly Token[], endPosition: number, part: 'dynamic' | 'skill') {
    this.tokens = tokens;
    this.endPosition = endPosition;
    this.part = part;
  }

  parse(): RuleExpression {
    if (this.tokens.length === 0) fail('empty', `the ${this.part} part is empty`, this.endPosition);
    const expression = this.#or();
    const rest = this.tokens[this.#index];
    if (rest !== undefined) {
      if (rest.type === 'operator' && rest.text === ')') fail('unbalanced-parenthesis', 'a ")" closes no "("', rest.position);
      fail('unexpected-token', `${describe(rest)} cannot follow a complete expression (missing & or |?)`, rest.position);
    }
    return expression;
  }

  #peek(): Token | undefined {
    return this.tokens[this.#index];
  }

  #isOperator(token: Token | undefined, text: string): boolean {
    return token?.type === 'operator' && token.text === text;
  }

  #or(): RuleExpression {
    let left = this.#and();
    while (this.#isOperator(this.#peek(), '|')) {
      this.#index += 1;
      left = { type: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): RuleExpression {
    let left = this.#primary();
    while (this.#isOperator(this.#peek(), '&')) {
      this.#index += 1;
      left = { type: 'and', left, right: this.#primary() };
    }
    return left;
  }

  #primary(): RuleExpression {
    const token = this.#peek();
    if (token === undefined) fail('unexpected-end', `the ${this.part} part ends where an operand was expected`, this.endPosition);
    if (this.#isOperator(token, '(')) {
      this.#index += 1;
      const inner = this.#or();
      if (!this.#isOperator(this.#peek(), ')')) fail('unbalanced-parenthesis', 'a "(" is never closed', token.position);
      this.#index += 1;
      return inner;
    }
    return this.#comparison();
  }

  #comparison(): RuleExpression {
    const token = this.#peek();
    if (token === undefined) fail('unexpected-end', 'an operand is missing', this.endPosition);
    if (token.type === 'integer') fail('constant-first', `the first operand of a comparison must be a variable, not ${token.value} (write "english > 10", not "10 < english")`, token.position);
    if (token.type === 'operator') fail('unexpected-token', `"${token.text}" where a variable was expected`, token.position);
    const variable = this.#variable(token);
    this.#index += 1;
    const operator = this.#peek();
    if (operator?.type !== 'operator' || !COMPARISONS.has(operator.text)) return { type: 'truthy', variable };
    this.#index += 1;
    const constantToken = this.#peek();
    if (constantToken === undefined) fail('unexpected-end', `the comparison "${describe(token)} ${operator.text}" has no constant`, this.endPosition);
    this.#index += 1;
    return { type: 'compare', operator: operator.text as ComparisonOperator, variable, constant: this.#constant(constantToken) };
  }

  #variable(token: Extract<Token, { type: 'name' | 'meta' }>): RuleVariable {
    if (this.part === 'dynamic' && (token.type === 'meta' || !DYNAMIC_VARIABLES.has(token.text))) {
      fail('dynamic-variable', `the dynamic part knows only WT and EWT, not ${describe(token)}`, token.position);
    }
    return { type: token.type, name: token.text };
  }

  #constant(token: Token): RuleConstant {
    if (token.type === 'integer') return { type: 'integer', value: token.value };
    if (token.type === 'meta' && this.part === 'skill') return { type: 'meta', name: token.text };
    if (token.type === 'name' || token.type === 'meta') fail('constant-expected', `the second operand of a comparison must be an integer constant, not ${describe(token)}`, token.position);
    fail('unexpected-token', `"${token.text}" where an integer constant was expected`, token.position);
  }
}

/** The outcome of {@link compileSkillRule}. */
export type CompileSkillRuleResult = { readonly type: 'ok'; readonly rule: SkillRule } | SkillRuleError;

/** Compiles one rule, `[dynamic part ","] skill part`. */
export function compileSkillRule(text: string): CompileSkillRuleResult {
  try {
    if (text.length > MAX_RULE_LENGTH) fail('too-long', `a rule has at most ${MAX_RULE_LENGTH} characters`, MAX_RULE_LENGTH);
    if (text.trim() === '') fail('empty', 'the rule is empty', 0);
    const tokens = tokenize(text);
    const commas = tokens.filter((token) => token.type === 'operator' && token.text === ',');
    if (commas.length > 1) fail('too-many-parts', 'a rule has at most two parts: "dynamic part, skill part"', commas[1]?.position ?? 0);
    const comma = commas[0];
    if (comma === undefined) return { type: 'ok', rule: { text, skills: new PartParser(tokens, text.length, 'skill').parse() } };
    const split = tokens.indexOf(comma);
    const dynamic = new PartParser(tokens.slice(0, split), comma.position, 'dynamic').parse();
    const skills = new PartParser(tokens.slice(split + 1), text.length, 'skill').parse();
    return { type: 'ok', rule: { text, dynamic, skills } };
  } catch (error) {
    if (error instanceof RuleSyntaxError) return { type: 'error', code: error.code, reason: error.reason, position: error.position };
    throw error;
  }
}
