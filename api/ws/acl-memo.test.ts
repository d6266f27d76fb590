import '../../test/support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createAclCheck } from '../auth/acl.ts';
import { createAclMemo } from './acl-memo.ts';

const ALICE = '2e752722-0864-4665-887d-a78a024cf7c7';
const BOB = '7f3b1b2a-1111-4222-8333-944455556666';

describe('ACL decisions shared per event', () => {
  it("MUST keep users apart when their ACLs say me, and decide a required me for each token's own user", () => {
    const memo = createAclMemo();
    const alice = memo.check(['websocketd', 'events.calls.me'], ALICE);
    const bob = memo.check(['websocketd', 'events.calls.me'], BOB);
    memo.begin(`events.calls.${ALICE}`);
    assert.deepEqual([alice.allows(`events.calls.${ALICE}`), bob.allows(`events.calls.${ALICE}`)], [true, false]);
    const aliceAll = memo.check(['events.calls.*'], ALICE);
    const bobAll = memo.check(['events.calls.*'], BOB);
    memo.begin('events.users.me.voicemails');
    const aliceOwn = memo.check([`events.users.${ALICE}.voicemails`], ALICE);
    const bobOwn = memo.check([`events.users.${ALICE}.voicemails`], BOB);
    assert.deepEqual([aliceOwn.allows('events.users.me.voicemails'), bobOwn.allows('events.users.me.voicemails')], [true, false]);
    memo.begin('events.calls.x');
    assert.deepEqual([aliceAll.allows('events.calls.x'), bobAll.allows('events.calls.x'), aliceAll.allows('events.other')], [true, true, false]);
  });

  it('MUST answer as the token alone would, whatever the tokens, users and required ACLs', () => {
    const word = fc.constantFrom('events', 'calls', 'me', '*', '#', 'x', ALICE, BOB);
    const acl = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join('.'));
    const token = fc.record({ acls: fc.array(fc.oneof(acl, acl.map((text) => `!${text}`)), { maxLength: 4 }), user: fc.constantFrom(ALICE, BOB, undefined) });
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 6 }), fc.array(acl, { minLength: 1, maxLength: 4 }), (tokens, requireds) => {
        const memo = createAclMemo();
        const checks = tokens.map((item) => memo.check(item.acls, item.user));
        for (const required of requireds) {
          memo.begin(required);
          tokens.forEach((item, index) => assert.equal(checks[index]?.allows(required), createAclCheck(item.acls, item.user).allows(required)));
        }
      }),
    );
  });
});
