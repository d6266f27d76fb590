import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePattern, matchPattern, MAX_EXTENSION_LENGTH, missingPatternPrefix, type ExtensionPattern } from './extension-pattern.ts';

function compiled(text: string): ExtensionPattern {
  const result = compilePattern(text);
  if (result.type === 'error') throw new Error(`test pattern ${text} rejected: ${result.reason}`);
  return result.pattern;
}

function matches(text: string, dialed: string): boolean {
  return matchPattern(compiled(text), dialed);
}

function errorCode(text: string): string | undefined {
  const result = compilePattern(text);
  return result.type === 'error' ? result.code : undefined;
}

describe('compilePattern', () => {
  it('MUST compile a text without a leading _ as a literal extension', () => {
    assert.equal(compiled('1001').type, 'literal');
  });

  it('MUST compile a text with a leading _ as a pattern', () => {
    assert.equal(compiled('_1001').type, 'pattern');
  });

  it("MUST reject an unclosed set such as '_[12' with code 'unclosed-set'", () => {
    assert.equal(errorCode('_[12'), 'unclosed-set');
  });

  it("MUST reject an empty set '[]' with code 'empty-set'", () => {
    assert.equal(errorCode('_1[]'), 'empty-set');
  });

  it("MUST reject a backwards range such as '[5-1]' with code 'reversed-range'", () => {
    assert.equal(errorCode('_[5-1]X'), 'reversed-range');
  });

  it("MUST reject anything after '.' or '!' with code 'wildcard-not-last'", () => {
    assert.deepEqual([errorCode('_1.2'), errorCode('_1!X')], ['wildcard-not-last', 'wildcard-not-last']);
  });

  it("MUST reject '_' alone and a pattern of separators only with code 'empty'", () => {
    assert.deepEqual([errorCode('_'), errorCode('_--')], ['empty', 'empty']);
  });

  it("MUST reject an empty literal with code 'empty'", () => {
    assert.equal(errorCode(''), 'empty');
  });

  it("MUST reject spaces, control characters, non-ASCII and the caller-id separator '/' with code 'invalid-character'", () => {
    const codes = ['10 01', '10\u000001', '10\u00e901', '_X./1001'].map(errorCode);
    assert.deepEqual(codes, ['invalid-character', 'invalid-character', 'invalid-character', 'invalid-character']);
  });

  it(`MUST reject a text longer than ${MAX_EXTENSION_LENGTH} characters with code 'too-long'`, () => {
    assert.equal(errorCode(`_${'X'.repeat(MAX_EXTENSION_LENGTH)}`), 'too-long');
  });

  it('MUST return an error value, not throw, for any hostile text', () => {
    assert.doesNotThrow(() => ['_[', '_]', '_[-]', '_[--]', '_[[]', '_\uffff', '_\ud800'].forEach(compilePattern));
  });
});

describe('matchPattern: literal extensions', () => {
  it('MUST match exactly the same string', () => {
    assert.deepEqual([matches('1001', '1001'), matches('1001', '10010'), matches('1001', '100')], [true, false, false]);
  });

  it("MUST treat X, N and Z in a literal as the letters themselves ('s', 'XN')", () => {
    assert.deepEqual([matches('XN', 'XN'), matches('XN', '52')], [true, false]);
  });

  it("MUST ignore '-' separators in the extension and in the dialed string", () => {
    assert.deepEqual([matches('555-1212', '5551212'), matches('5551212', '555-12-12')], [true, true]);
  });
});

describe('matchPattern: character classes', () => {
  it("MUST match 'X' with any digit 0-9 and nothing else", () => {
    assert.deepEqual(['0', '9', 'a', '*'].map((digit) => matches('_X', digit)), [true, true, false, false]);
  });

  it("MUST match 'Z' with 1-9 but not 0", () => {
    assert.deepEqual(['1', '9', '0'].map((digit) => matches('_Z', digit)), [true, true, false]);
  });

  it("MUST match 'N' with 2-9 but not 0 or 1", () => {
    assert.deepEqual(['2', '9', '0', '1'].map((digit) => matches('_N', digit)), [true, true, false, false]);
  });

  it("MUST accept 'x', 'z' and 'n' as the same classes as 'X', 'Z' and 'N'", () => {
    assert.deepEqual([matches('_nxz', '201'), matches('_nxz', '200')], [true, false]);
  });

  it("MUST match a set with a range '[1-5]' with each member and nothing else", () => {
    assert.deepEqual(['1', '3', '5', '6', '0'].map((digit) => matches('_[1-5]', digit)), [true, true, true, false, false]);
  });

  it("MUST match a set mixing single characters and ranges '[13-5]' (1, 3, 4, 5)", () => {
    assert.deepEqual(['1', '2', '3', '4', '5'].map((digit) => matches('_[13-5]', digit)), [true, false, true, true, true]);
  });

  it("MUST read '[1-468]' as one digit from 1-4, 6 or 8, not as the number 1 to 468", () => {
    assert.deepEqual(['4', '5', '6', '8', '468'].map((digit) => matches('_[1-468]', digit)), [true, false, true, true, false]);
  });

  it('MUST match letters in a set, case-sensitively', () => {
    assert.deepEqual(['a', 'c', 'A'].map((letter) => matches('_[a-c]', letter)), [true, true, false]);
  });

  it("MUST treat a '-' at the start or end of a set as a member, not a range", () => {
    assert.equal(compilePattern('_[-5]').type, 'ok');
  });

  it("MUST match '*', '#', '+' and digits outside classes literally", () => {
    assert.deepEqual([matches('_*2#+1', '*2#+1'), matches('_*2#+1', '*2#+2')], [true, false]);
  });

  it("MUST ignore '-' separators outside sets in a pattern", () => {
    assert.equal(matches('_555-XXXX', '5551234'), true);
  });
});

describe('matchPattern: wildcards', () => {
  it("MUST match '.' with one or more characters of any kind", () => {
    assert.deepEqual(['41', '418', '41abc#'].map((dialed) => matches('_41.', dialed)), [false, true, true]);
  });

  it("MUST match '!' with zero or more characters", () => {
    assert.deepEqual(['41', '418', '4'].map((dialed) => matches('_41!', dialed)), [true, true, false]);
  });

  it("MUST match a lone '_!' with the empty string", () => {
    assert.equal(matches('_!', ''), true);
  });
});

describe('matchPattern: the examples of the configuration guide', () => {
  it("'_XXXX' MUST match four digits exactly", () => {
    assert.deepEqual(['1234', '123', '12345', '12a4'].map((dialed) => matches('_XXXX', dialed)), [true, false, false, false]);
  });

  it("'_X.' MUST match a digit followed by at least one character", () => {
    assert.deepEqual(['0', '01', '0123456789'].map((dialed) => matches('_X.', dialed)), [false, true, true]);
  });

  it("'_*99.' MUST match a '*99' prefix followed by at least one character", () => {
    assert.deepEqual(['*99101', '*99', '**99101'].map((dialed) => matches('_*99.', dialed)), [true, false, false]);
  });

  it("'_**99.' MUST match the '**99' prefix the guide's text describes (strip 4 digits, dial **99101)", () => {
    assert.equal(matches('_**99.', '**99101'), true);
  });

  it("'418.' without '_' MUST be a literal that matches only the text '418.'", () => {
    assert.deepEqual([matches('418.', '4185551234'), matches('418.', '418.')], [false, true]);
  });

  it("'_418.' MUST match numbers beginning with 418", () => {
    assert.deepEqual([matches('_418.', '4185551234'), matches('_418.', '418')], [true, false]);
  });
});

describe('missingPatternPrefix', () => {
  it("MUST flag '418.' as a pattern written without its '_'", () => {
    assert.equal(missingPatternPrefix('418.'), true);
  });

  it("MUST NOT flag plain literals ('1001', '*21', 's') or real patterns ('_418.')", () => {
    assert.deepEqual(['1001', '*21', 's', '_418.'].map(missingPatternPrefix), [false, false, false, false]);
  });
});
