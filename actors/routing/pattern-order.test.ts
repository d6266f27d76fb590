import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePattern, type ExtensionPattern } from './extension-pattern.ts';
import { bestMatch, comparePatterns } from './pattern-order.ts';

interface Named {
  readonly name: string;
  readonly pattern: ExtensionPattern;
}

function named(text: string, name: string = text): Named {
  const result = compilePattern(text);
  if (result.type === 'error') throw new Error(`test pattern ${text} rejected: ${result.reason}`);
  return { name, pattern: result.pattern };
}

function sorted(...texts: readonly string[]): readonly string[] {
  return texts.map((text) => named(text)).sort((left, right) => comparePatterns(left.pattern, right.pattern)).map((entry) => entry.name);
}

function order(left: string, right: string): number {
  return Math.sign(comparePatterns(named(left).pattern, named(right).pattern));
}

function best(dialed: string, ...texts: readonly string[]): string | undefined {
  return bestMatch(texts.map((text) => named(text)), dialed)?.name;
}

describe('comparePatterns: literals and patterns', () => {
  it('MUST sort every literal extension before every pattern', () => {
    assert.deepEqual(sorted('_1', '9999', '_X.', '1'), ['1', '9999', '_1', '_X.']);
  });

  it('MUST sort literals character by character, a prefix first', () => {
    assert.deepEqual(sorted('2', '1000', '100'), ['100', '1000', '2']);
  });

  it("MUST compare literals without their '-' separators", () => {
    assert.equal(order('10-01', '1001'), 0);
  });
});

describe('comparePatterns: the most constrained position first', () => {
  it('MUST sort a literal character before any class at the same position', () => {
    assert.deepEqual(sorted('_N', '_9', '_[89]'), ['_9', '_[89]', '_N']);
  });

  it("MUST sort 'N' (8 members) before 'Z' (9) before 'X' (10)", () => {
    assert.deepEqual(sorted('_X', '_Z', '_N'), ['_N', '_Z', '_X']);
  });

  it("MUST sort '[12]' before 'X' but 'X' before '[1-2a-z]' (fewer members first)", () => {
    assert.deepEqual(sorted('_[1-2a-z]', '_X', '_[12]'), ['_[12]', '_X', '_[1-2a-z]']);
  });

  it("MUST sort '[8-9]' before '[1-9]'", () => {
    assert.equal(order('_[8-9]', '_[1-9]'), -1);
  });

  it("MUST sort classes of equal size in ASCII order of their members ('_[234]X' before '_[345]X')", () => {
    assert.deepEqual(sorted('_[345]X', '_[234]X'), ['_[234]X', '_[345]X']);
  });

  it("MUST sort '.' after every class and '!' after '.'", () => {
    assert.deepEqual(sorted('_1!', '_1.', '_1[0-9a-zA-Z]'), ['_1[0-9a-zA-Z]', '_1.', '_1!']);
  });

  it("MUST sort the end of a pattern after '!', as Asterisk does ('_1!' before '_1')", () => {
    assert.equal(order('_1!', '_1'), -1);
  });

  it('MUST decide at the first position that differs', () => {
    assert.deepEqual(sorted('_6XX1', '_6.', '_64XX', '_640X'), ['_640X', '_64XX', '_6XX1', '_6.']);
  });

  it("MUST sort '_918.' before '_.' (the classic trap of sorting by ASCII)", () => {
    assert.deepEqual(sorted('_.', '_918.'), ['_918.', '_.']);
  });
});

describe('comparePatterns: equivalence', () => {
  it("MUST find 'X', 'x' and '[0-9]' equivalent", () => {
    assert.deepEqual([order('_X', '_[0-9]'), order('_x', '_X')], [0, 0]);
  });

  it('MUST find sets equivalent whatever the order of their members', () => {
    assert.equal(order('_[21]', '_[1-2]'), 0);
  });

  it('MUST be antisymmetric', () => {
    assert.deepEqual([order('_N', '_X'), order('_X', '_N')], [-1, 1]);
  });
});

describe('bestMatch', () => {
  it('MUST choose _640X for 6401 among _6XX1, _64XX, _640X and _6. (the Asterisk documentation example)', () => {
    assert.equal(best('6401', '_6XX1', '_64XX', '_640X', '_6.'), '_640X');
  });

  it('MUST skip better-sorted patterns that do not match (_64XX for 6411)', () => {
    assert.equal(best('6411', '_6XX1', '_64XX', '_640X', '_6.'), '_64XX');
  });

  it('MUST prefer an exact literal over any pattern', () => {
    assert.equal(best('1001', '_1XXX', '_X.', '1001'), '1001');
  });

  it('MUST choose _918. over _. for 9181234', () => {
    assert.equal(best('9181234', '_.', '_918.'), '_918.');
  });

  it('MUST return undefined when nothing matches', () => {
    assert.equal(best('12', '_XXXX', '3'), undefined);
  });

  it('MUST break ties between equivalent patterns with the tie-breaker, whatever the list order', () => {
    const first = named('_X', 'first');
    const second = named('_[0-9]', 'second');
    const byName = (left: Named, right: Named): number => (left.name < right.name ? -1 : 1);
    assert.deepEqual([bestMatch([second, first], '5', byName)?.name, bestMatch([first, second], '5', byName)?.name], ['first', 'first']);
  });
});
