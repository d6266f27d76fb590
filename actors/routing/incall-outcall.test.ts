/**
 * Incalls and outcalls on a routing table: the seed's worked examples (DID with and without `+`,
 * `_**99.` with 4 digits stripped), the blacklist, and what a caller's context reaches.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dialplan, IncallId, OutcallId } from './dialplan.ts';
import { checkBlacklist, resolveIncall } from './incall-resolution.ts';
import { outcallDigits, resolveOutcall } from './outcall-resolution.ts';
import type { Incall, Outcall, TrunkId, UserId } from './index.ts';
import { indexDialplan } from './routing-table.ts';
import { context, extension, extensionId, user } from './testing/dialplan-builder.ts';

const incallId = (value: number) => value as IncallId;
const outcallId = (value: number) => value as OutcallId;
const trunkId = (value: number) => value as TrunkId;

const dialplan: Dialplan = {
  contexts: [context('default', ['to-extern']), context('to-extern', [], 'outcall'), context('from-extern', [], 'incall')],
  extensions: [
    extension(1, '1000', 'default', 1),
    extension(2, '1000', 'from-extern', { type: 'incall', incallId: incallId(1) }),
    extension(3, '+4420', 'from-extern', { type: 'incall', incallId: incallId(2) }),
    extension(4, '4420', 'from-extern', { type: 'incall', incallId: incallId(3) }),
    extension(5, '_**99.', 'to-extern', { type: 'outcall', outcallId: outcallId(1) }),
    extension(6, '_0XXXXXXXXX', 'to-extern', { type: 'outcall', outcallId: outcallId(2) }),
    extension(7, '_1XXX', 'to-extern', { type: 'outcall', outcallId: outcallId(2) }),
    extension(8, '8000', 'from-extern', { type: 'incall', incallId: incallId(4) }),
  ],
  users: [user(1)],
};
const table = indexDialplan(dialplan).table;

function incall(id: number, ringSeconds: number | null = null): Incall {
  return { id: incallId(id), destination: { type: 'user', userId: 1 as UserId, ringSeconds: 25 }, callerIdMode: null, callerIdName: null, ringSeconds, scheduleId: null };
}
const toIvr: Incall = { ...incall(4), destination: { type: 'ivr', ivrId: 7 } };
const incalls = new Map([[incallId(1), incall(1, 40)], [incallId(2), incall(2)], [incallId(3), incall(3)], [incallId(4), toIvr]]);

function outcall(id: number, overrides: Partial<Outcall> = {}): Outcall {
  return {
    id: outcallId(id), name: `out-${id}`, enabled: true, internalCallerId: false, trunkIds: [trunkId(3), trunkId(1)], callPermissionIds: [], scheduleId: null,
    patterns: [
      { extensionId: extensionId(5), stripDigits: 4, prefix: '', callerId: null },
      { extensionId: extensionId(6), stripDigits: 0, prefix: '', callerId: '"XIVO" <555>' },
      { extensionId: extensionId(7), stripDigits: 0, prefix: '', callerId: null },
    ],
    ...overrides,
  };
}

describe('resolveIncall', () => {
  it('MUST route the DID 1000 dialed as 1000 or as +1000 to the same incall (seed L7493-L7499)', () => {
    const plain = resolveIncall(table, incalls, { context: 'from-extern', did: '1000' });
    const plus = resolveIncall(table, incalls, { context: 'from-extern', did: '+1000' });
    assert.deepEqual([plain.type === 'incall' && plain.incall.id, plus.type === 'incall' && plus.incall.id, plus.type === 'incall' && plus.did], [1, 1, '1000']);
  });

  it('MUST lead a DID whose incall sends calls to an IVR to that IVR (seed CF-19 external entry)', () => {
    const result = resolveIncall(table, incalls, { context: 'from-extern', did: '8000' });
    assert.deepEqual(result.type === 'incall' ? [result.destination, result.ringSeconds] : result, [{ type: 'ivr', ivrId: 7 }, null]);
  });

  it('MUST prefer a DID configured with its + for a + number', () => {
    const result = resolveIncall(table, incalls, { context: 'from-extern', did: '+4420' });
    assert.equal(result.type === 'incall' && result.incall.id, 2);
  });

  it('MUST take the incall\'s ring time, else the user destination\'s', () => {
    const withOwn = resolveIncall(table, incalls, { context: 'from-extern', did: '1000' });
    const withUser = resolveIncall(table, incalls, { context: 'from-extern', did: '4420' });
    assert.deepEqual([withOwn.type === 'incall' && withOwn.ringSeconds, withUser.type === 'incall' && withUser.ringSeconds], [40, 25]);
  });

  it('MUST answer not-found for an unknown DID, and not-incall for a trunk whose context reaches users directly', () => {
    assert.deepEqual(resolveIncall(table, incalls, { context: 'from-extern', did: '+9999' }).type, 'not-found');
    assert.deepEqual(resolveIncall(table, incalls, { context: 'default', did: '1000' }).type, 'not-incall');
  });
});

describe('checkBlacklist (AstDB family blacklist)', () => {
  const blacklist = new Map([['+33123456789', 'spam'], ['Robocall', 'robot']]);
  it('MUST refuse a caller whose number or name is a key, with its reason', () => {
    assert.deepEqual(checkBlacklist(blacklist, { name: 'x', number: '+33123456789' }), { type: 'blacklisted', key: '+33123456789', reason: 'spam' });
    assert.deepEqual(checkBlacklist(blacklist, { name: 'Robocall', number: '1' }), { type: 'blacklisted', key: 'Robocall', reason: 'robot' });
    assert.deepEqual(checkBlacklist(blacklist, { name: '', number: '0123456789' }), { type: 'allowed' });
  });
});

describe('resolveOutcall', () => {
  const outcalls = new Map([[outcallId(1), outcall(1)], [outcallId(2), outcall(2)]]);

  it('MUST send 101 on the trunks in order when **99101 is dialed through _**99. with 4 digits stripped (seed L7580-L7585)', () => {
    const result = resolveOutcall(table, outcalls, { context: 'default', dialed: '**99101' });
    assert.equal(result.type, 'outcall');
    assert.deepEqual(result.type === 'outcall' && [result.digits, result.trunkIds, result.context, result.outcall.id], ['101', [3, 1], 'to-extern', 1]);
  });

  it('MUST put the prefix before the digits left after stripping', () => {
    assert.equal(outcallDigits('0-123', { stripDigits: 1, prefix: '9' }), '9123');
  });

  it('MUST let the caller\'s own extension win over an included outcall pattern', () => {
    assert.equal(resolveOutcall(table, outcalls, { context: 'default', dialed: '1000' }).type, 'not-outcall');
    assert.equal(resolveOutcall(table, outcalls, { context: 'default', dialed: '1001' }).type, 'outcall');
  });

  it('MUST refuse a disabled outcall, one without trunks, and a number with nothing left after stripping', () => {
    const broken = new Map([[outcallId(1), outcall(1, { enabled: false })], [outcallId(2), outcall(2, { trunkIds: [] })]]);
    const disabled = resolveOutcall(table, broken, { context: 'default', dialed: '**99101' });
    const noTrunk = resolveOutcall(table, broken, { context: 'default', dialed: '0123456789' });
    assert.deepEqual([disabled.type === 'unavailable' && disabled.reason, noTrunk.type === 'unavailable' && noTrunk.reason], ['outcall-disabled', 'no-trunk']);
    const stripAll = new Map([[outcallId(1), outcall(1, { patterns: [{ extensionId: extensionId(5), stripDigits: 9, prefix: '', callerId: null }] })]]);
    const empty = resolveOutcall(table, stripAll, { context: 'default', dialed: '**991' });
    assert.deepEqual(empty.type === 'unavailable' && [empty.reason, empty.status], ['no-digits', 484]);
  });

  it('MUST answer not-found when nothing matches', () => {
    assert.equal(resolveOutcall(table, outcalls, { context: 'default', dialed: '#1' }).type, 'not-found');
  });
});
