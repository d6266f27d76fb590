import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dialplan } from './dialplan.ts';
import { findExtension, indexDialplan, MAX_INCLUDE_DEPTH } from './routing-table.ts';
import { context, extension, user } from './testing/dialplan-builder.ts';

function found(dialplan: Dialplan, from: string, dialed: string): string | undefined {
  const lookup = findExtension(indexDialplan(dialplan).table, from, dialed);
  return lookup === undefined ? undefined : `${lookup.found.extension.exten}@${lookup.context}`;
}

const NO_DESTINATION = { type: 'none' } as const;

describe('indexDialplan', () => {
  it('MUST report an invalid pattern and leave the rest of the dialplan usable', () => {
    const dialplan: Dialplan = {
      contexts: [context('default')],
      extensions: [extension(1, '_[12', 'default', NO_DESTINATION), extension(2, '1001', 'default', NO_DESTINATION)],
      users: [],
    };
    const indexed = indexDialplan(dialplan);
    assert.deepEqual([indexed.problems.map((problem) => problem.type), indexed.table.extensionsByContext.get('default')?.length], [['invalid-pattern'], 1]);
  });

  it('MUST report an extension in an unknown context', () => {
    const indexed = indexDialplan({ contexts: [], extensions: [extension(1, '1001', 'nowhere', NO_DESTINATION)], users: [] });
    assert.deepEqual(indexed.problems.map((problem) => problem.type), ['unknown-context']);
  });

  it('MUST report an extension leading to an unknown user', () => {
    const indexed = indexDialplan({ contexts: [context('default')], extensions: [extension(1, '1001', 'default', 7)], users: [] });
    assert.deepEqual(indexed.problems.map((problem) => problem.type), ['unknown-user']);
  });

  it('MUST keep the lower id of two equivalent extensions in one context and report the other', () => {
    const dialplan: Dialplan = {
      contexts: [context('default')],
      extensions: [extension(9, '_[0-9]', 'default', NO_DESTINATION), extension(3, '_X', 'default', NO_DESTINATION)],
      users: [],
    };
    const indexed = indexDialplan(dialplan);
    assert.deepEqual(indexed.problems, [{ type: 'duplicate-extension', extension: dialplan.extensions[0], keptId: 3 }]);
  });

  it('MUST report an include of an unknown context', () => {
    const indexed = indexDialplan({ contexts: [context('default', ['ghost'])], extensions: [], users: [] });
    assert.deepEqual(indexed.problems, [{ type: 'unknown-include', context: 'default', include: 'ghost' }]);
  });

  it('MUST report a context defined twice', () => {
    const indexed = indexDialplan({ contexts: [context('default'), context('default', ['other'])], extensions: [], users: [] });
    assert.deepEqual(indexed.problems.map((problem) => problem.type), ['duplicate-context']);
  });

  it('MUST report a user defined twice', () => {
    const indexed = indexDialplan({ contexts: [], extensions: [], users: [user(1), user(1)] });
    assert.deepEqual(indexed.problems.map((problem) => problem.type), ['duplicate-user']);
  });
});

describe('findExtension: includes', () => {
  const dialplan: Dialplan = {
    contexts: [context('default', ['to-extern', 'xivo-extrafeatures']), context('to-extern'), context('xivo-extrafeatures'), context('from-extern')],
    extensions: [
      extension(1, '1001', 'default', 1),
      extension(2, '_X.', 'to-extern', NO_DESTINATION),
      extension(3, '*98', 'xivo-extrafeatures', NO_DESTINATION),
      extension(4, '_0X.', 'xivo-extrafeatures', NO_DESTINATION),
    ],
    users: [user(1)],
  };

  it("MUST find a number in the context's own extensions", () => {
    assert.equal(found(dialplan, 'default', '1001'), '1001@default');
  });

  it('MUST search included contexts after its own extensions', () => {
    assert.equal(found(dialplan, 'default', '0123456'), '_X.@to-extern');
  });

  it('MUST search includes in the order they are listed (the first include that matches wins)', () => {
    assert.equal(found(dialplan, 'default', '0987'), '_X.@to-extern');
  });

  it('MUST reach a number only an include after the first one holds', () => {
    assert.equal(found(dialplan, 'default', '*98'), '*98@xivo-extrafeatures');
  });

  it("MUST prefer the context's own match to a more specific match in an include", () => {
    const own: Dialplan = {
      contexts: [context('a', ['b']), context('b')],
      extensions: [extension(1, '_X.', 'a', NO_DESTINATION), extension(2, '1001', 'b', NO_DESTINATION)],
      users: [],
    };
    assert.equal(found(own, 'a', '1001'), '_X.@a');
  });

  it('MUST find nothing from a context that includes nothing (from-extern holds no extension by default)', () => {
    assert.equal(found(dialplan, 'from-extern', '1001'), undefined);
  });

  it('MUST search nested includes depth first', () => {
    const nested: Dialplan = {
      contexts: [context('a', ['b', 'c']), context('b', ['d']), context('c'), context('d')],
      extensions: [extension(1, '_1.', 'c', NO_DESTINATION), extension(2, '_1X', 'd', NO_DESTINATION)],
      users: [],
    };
    assert.equal(found(nested, 'a', '12'), '_1X@d');
  });

  it('MUST end a lookup through an include cycle without a match', () => {
    const cycle: Dialplan = { contexts: [context('a', ['b']), context('b', ['a'])], extensions: [], users: [] };
    assert.equal(found(cycle, 'a', '1001'), undefined);
  });

  it('MUST still find a match reached through a cycle', () => {
    const cycle: Dialplan = {
      contexts: [context('a', ['b']), context('b', ['a', 'c']), context('c')],
      extensions: [extension(1, '1001', 'c', NO_DESTINATION)],
      users: [],
    };
    assert.equal(found(cycle, 'a', '1001'), '1001@c');
  });

  it(`MUST stop following includes deeper than ${MAX_INCLUDE_DEPTH} levels`, () => {
    const names = Array.from({ length: MAX_INCLUDE_DEPTH + 2 }, (_, index) => `c${index}`);
    const chain: Dialplan = {
      contexts: names.map((name, index) => context(name, index + 1 < names.length ? [`c${index + 1}`] : [])),
      extensions: [extension(1, '1001', names.at(-1) ?? '', NO_DESTINATION)],
      users: [],
    };
    assert.equal(found(chain, 'c0', '1001'), undefined);
  });
});
