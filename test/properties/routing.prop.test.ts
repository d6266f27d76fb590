/**
 * Properties of the pure dialplan, for random dial plans built from the pattern grammar:
 * - routing is deterministic and does not depend on the order the configuration lists things in;
 * - pattern matching agrees with an independent model (each pattern translated to a RegExp);
 * - the extension chosen for a number matches it, and no matching extension sorts strictly before it;
 * - the order is a total preorder (antisymmetric, transitive) whose ties match the same strings;
 * - compiling any text returns a value and never throws.
 */
import '../support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  comparePatterns,
  compilePattern,
  findExtension,
  indexDialplan,
  matchPattern,
  route,
  type Caller,
  type Dialplan,
  type DialplanExtension,
  type DialplanUser,
  type ExtensionPattern,
} from '../../actors/routing/index.ts';
import { context, extension, user, userId } from '../../actors/routing/testing/dialplan-builder.ts';

const RUNS = 300;
const CONTEXT_NAMES = ['c0', 'c1', 'c2', 'c3'] as const;
const USER_COUNT = 4;

const digit = fc.constantFrom(...'0123456789');
const setItem = fc.oneof(
  fc.constantFrom(...'0123456789abc*#'),
  fc.tuple(digit, digit).map(([first, second]) => (first <= second ? `${first}-${second}` : `${second}-${first}`)),
);
const setText = fc.array(setItem, { minLength: 1, maxLength: 3 }).map((items) => `[${items.join('')}]`);
const elementText = fc.oneof(
  { arbitrary: fc.constantFrom(...'0123456789*#+'), weight: 4 },
  { arbitrary: fc.constantFrom('X', 'x', 'Z', 'z', 'N', 'n'), weight: 3 },
  { arbitrary: setText, weight: 2 },
  { arbitrary: fc.constant('-'), weight: 1 },
);
const patternText = fc
  .tuple(fc.array(elementText, { minLength: 0, maxLength: 4 }), fc.constantFrom('', '', '.', '!'))
  .map(([elements, tail]) => `_${elements.join('')}${tail}`);
const literalText = fc.array(fc.constantFrom(...'0123456789*#-'), { minLength: 1, maxLength: 5 }).map((characters) => characters.join(''));
const extensionText = fc.oneof({ arbitrary: patternText, weight: 3 }, { arbitrary: literalText, weight: 2 });
const dialedText = fc
  .array(fc.oneof({ arbitrary: digit, weight: 8 }, { arbitrary: fc.constantFrom(...'*#+abc-'), weight: 1 }), { maxLength: 6 })
  .map((characters) => characters.join(''));

/** Short numbers shared by extensions, forwards and dialed strings, so that routes often reach users. */
const shortNumber = fc.constantFrom('1', '2', '3', '11');
const routedText = fc.oneof({ arbitrary: shortNumber, weight: 3 }, { arbitrary: dialedText, weight: 1 });

function compiledOrUndefined(text: string): ExtensionPattern | undefined {
  const result = compilePattern(text);
  return result.type === 'ok' ? result.pattern : undefined;
}

const compiledPattern = extensionText.map(compiledOrUndefined).filter((pattern): pattern is ExtensionPattern => pattern !== undefined);

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const CLASS_SOURCES: Readonly<Record<string, string>> = { X: '[0-9]', Z: '[1-9]', N: '[2-9]', '.': '[\\s\\S]+', '!': '[\\s\\S]*' };

/** The reference model: the pattern syntax as a JavaScript regular expression. */
function referenceRegExp(text: string): RegExp {
  if (!text.startsWith('_')) return new RegExp(`^${escapeForRegExp(text.replaceAll('-', ''))}$`);
  let source = '';
  for (let index = 1; index < text.length; index += 1) {
    const character = text[index] ?? '';
    if (character === '-') continue;
    if (character === '[') {
      const end = text.indexOf(']', index);
      source += `[${text.slice(index + 1, end).replace(/[\\\]^]/g, '\\$&')}]`;
      index = end;
      continue;
    }
    source += CLASS_SOURCES[character.toUpperCase()] ?? escapeForRegExp(character);
  }
  return new RegExp(`^${source}$`);
}

function referenceMatches(text: string, dialed: string): boolean {
  return referenceRegExp(text).test(dialed.replaceAll('-', ''));
}

/** `value` four times out of five. */
const mostly = (value: boolean): fc.Arbitrary<boolean> => fc.oneof({ arbitrary: fc.constant(value), weight: 4 }, { arbitrary: fc.constant(!value), weight: 1 });

const forwardArbitrary = fc.option(routedText, { nil: undefined });
const userArbitrary = (id: number): fc.Arbitrary<DialplanUser> =>
  fc
    .record({
      enabled: mostly(true),
      dnd: mostly(false),
      context: fc.constantFrom(...CONTEXT_NAMES),
      busy: forwardArbitrary,
      unconditional: forwardArbitrary,
    })
    .map(({ busy, unconditional, ...rest }) => user(id, { ...rest, ...(busy === undefined ? {} : { busy }), ...(unconditional === undefined ? {} : { unconditional }) }));

const extensionSpec = fc.record({
  text: fc.oneof(extensionText, shortNumber),
  context: fc.constantFrom(...CONTEXT_NAMES),
  target: fc.option(fc.integer({ min: 1, max: USER_COUNT }), { nil: undefined }),
});

const dialplanArbitrary: fc.Arbitrary<Dialplan> = fc
  .record({
    includes: fc.tuple(...CONTEXT_NAMES.map(() => fc.subarray([...CONTEXT_NAMES]))),
    extensions: fc.array(extensionSpec, { minLength: 2, maxLength: 20 }),
    users: fc.tuple(...Array.from({ length: USER_COUNT }, (_, index) => userArbitrary(index + 1))),
  })
  .map(({ includes, extensions, users }) => ({
    contexts: CONTEXT_NAMES.map((name, index) => context(name, includes[index] ?? [])),
    extensions: extensions.map((spec, index): DialplanExtension => extension(index + 1, spec.text, spec.context, spec.target ?? { type: 'none' })),
    users,
  }));

const callerArbitrary: fc.Arbitrary<Caller> = fc.oneof(
  fc.integer({ min: 1, max: USER_COUNT }).map((id): Caller => ({ type: 'user', userId: userId(id) })),
  fc.constant<Caller>({ type: 'external', number: null }),
);

/** The same dialplan with every list in another order. */
const shuffledDialplan = (dialplan: Dialplan): fc.Arbitrary<Dialplan> =>
  fc
    .tuple(
      fc.shuffledSubarray([...dialplan.contexts], { minLength: dialplan.contexts.length }),
      fc.shuffledSubarray([...dialplan.extensions], { minLength: dialplan.extensions.length }),
      fc.shuffledSubarray([...dialplan.users], { minLength: dialplan.users.length }),
    )
    .map(([contexts, extensions, users]) => ({ contexts, extensions, users }));

describe('routing properties', () => {
  it('routing MUST be deterministic and independent of the order of the configuration lists', () => {
    const scenario = dialplanArbitrary.chain((dialplan) =>
      fc.record({ dialplan: fc.constant(dialplan), shuffled: shuffledDialplan(dialplan), from: fc.constantFrom(...CONTEXT_NAMES), dialed: routedText, caller: callerArbitrary }),
    );
    fc.assert(
      fc.property(scenario, ({ dialplan, shuffled, from, dialed, caller }) => {
        const request = { context: from, dialed, caller };
        const first = route(indexDialplan(dialplan).table, request);
        assert.deepEqual(route(indexDialplan(dialplan).table, request), first);
        assert.deepEqual(route(indexDialplan(shuffled).table, request), first);
      }),
      { numRuns: RUNS },
    );
  });

  it('matching MUST agree with the reference model of the pattern syntax', () => {
    const compiledText = extensionText.filter((text) => compilePattern(text).type === 'ok');
    fc.assert(
      fc.property(compiledText, dialedText, (text, dialed) => {
        const pattern = compiledOrUndefined(text);
        assert.ok(pattern !== undefined);
        assert.equal(matchPattern(pattern, dialed), referenceMatches(text, dialed));
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('the chosen extension MUST match, and no matching extension of the context MUST sort strictly before it', () => {
    const scenario = fc.record({ texts: fc.array(fc.oneof(extensionText, shortNumber), { maxLength: 12 }), dialed: routedText });
    fc.assert(
      fc.property(scenario, ({ texts, dialed }) => {
        const dialplan: Dialplan = { contexts: [context('c0')], extensions: texts.map((text, index) => extension(index + 1, text, 'c0', { type: 'none' })), users: [] };
        const chosen = findExtension(indexDialplan(dialplan).table, 'c0', dialed)?.found;
        const matching = texts.map(compiledOrUndefined).filter((pattern): pattern is ExtensionPattern => pattern !== undefined && matchPattern(pattern, dialed));
        assert.equal(chosen === undefined, matching.length === 0);
        if (chosen === undefined) return;
        assert.ok(matchPattern(chosen.pattern, dialed));
        assert.ok(matching.every((pattern) => comparePatterns(chosen.pattern, pattern) <= 0));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('comparePatterns MUST be antisymmetric and transitive, and equivalent patterns MUST match the same strings', () => {
    fc.assert(
      fc.property(compiledPattern, compiledPattern, compiledPattern, dialedText, (first, second, third, dialed) => {
        assert.equal(Math.sign(comparePatterns(first, second)) + Math.sign(comparePatterns(second, first)), 0);
        if (comparePatterns(first, second) <= 0 && comparePatterns(second, third) <= 0) assert.ok(comparePatterns(first, third) <= 0);
        if (comparePatterns(first, second) === 0) assert.equal(matchPattern(first, dialed), matchPattern(second, dialed));
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('compiling any text MUST return a value and never throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 90 }), fc.string({ maxLength: 10 }), (text, dialed) => {
        const result = compilePattern(text);
        if (result.type === 'ok') matchPattern(result.pattern, dialed);
      }),
      { numRuns: RUNS * 3 },
    );
  });
});
