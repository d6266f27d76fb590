import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyCallerIdMode, compileCallerIdRules, formatCallerId, incomingCallerId, normalizeCallerNumber, outgoingCallerId, parseCallerId, readOutgoingCallerId,
  type OutgoingCaller,
} from './caller-id.ts';

const NATIONAL = { id: 1, callerId: '^0[1-9]\\d{8}$', strip: 1, add: '+33' };
const INTERNATIONAL = { id: 2, callerId: '^00', strip: 2, add: '+' };
const { rules } = compileCallerIdRules([INTERNATIONAL, NATIONAL]);

describe('caller ID text', () => {
  it('MUST read the seed\'s "Rick Sanchez" <9635559296> form, a bare number and a bare name', () => {
    assert.deepEqual(parseCallerId('"Rick Sanchez" <9635559296>'), { name: 'Rick Sanchez', number: '9635559296' });
    assert.deepEqual(parseCallerId('XIVO <555>'), { name: 'XIVO', number: '555' });
    assert.deepEqual(parseCallerId('+33123456789'), { name: '', number: '+33123456789' });
    assert.deepEqual(parseCallerId('Reception'), { name: 'Reception', number: '' });
    assert.equal(formatCallerId({ name: 'Say "hi"', number: '1' }), '"Say \\"hi\\"" <1>');
  });
});

describe('incoming caller-ID normalisation (xivo_in_callerid.conf)', () => {
  it('MUST turn 0123456789 into +33123456789 with the seed\'s [national1] section', () => {
    assert.deepEqual(normalizeCallerNumber('0123456789', rules), { number: '+33123456789', ruleId: 1 });
  });

  it('MUST apply only the first matching rule, in id order, and leave an unmatched number alone', () => {
    assert.deepEqual(normalizeCallerNumber('0044201234567', rules), { number: '+44201234567', ruleId: 2 });
    assert.deepEqual(normalizeCallerNumber('123', rules), { number: '123', ruleId: null });
  });

  it('MUST leave out a rule whose expression does not compile, and report it', () => {
    const compiled = compileCallerIdRules([{ id: 3, callerId: '^(0', strip: 0, add: '' }, NATIONAL]);
    assert.deepEqual([compiled.rules.length, compiled.problems.map((problem) => problem.rule.id)], [1, [3]]);
  });
});

describe('incomingCallerId', () => {
  it('MUST let the trunk\'s caller_id overwrite what the provider sent, before the normalisation', () => {
    const result = incomingCallerId({ name: 'Provider', number: '999' }, { trunkCallerId: '"Head office" <0123456789>', rules });
    assert.deepEqual(result.callerId, { name: 'Head office', number: '+33123456789' });
    assert.deepEqual(result.reverseLookup, { type: 'skip', reason: 'has-name' });
  });

  it('MUST run the reverse lookup on the normalised number when the caller has no name, or its number as name', () => {
    const unnamed = incomingCallerId({ name: '', number: '0123456789' }, { trunkCallerId: null, rules });
    assert.deepEqual([unnamed.callerId, unnamed.reverseLookup, unnamed.normalizedBy], [{ name: '+33123456789', number: '+33123456789' }, { type: 'lookup', number: '+33123456789' }, 1]);
    const numberAsName = incomingCallerId({ name: '0123456789', number: '0123456789' }, { trunkCallerId: null, rules });
    assert.deepEqual(numberAsName.reverseLookup, { type: 'lookup', number: '+33123456789' });
  });

  it('MUST skip the lookup when there is no number', () => {
    assert.deepEqual(incomingCallerId({ name: 'Anonymous', number: '' }, { trunkCallerId: null, rules }).reverseLookup, { type: 'skip', reason: 'no-number' });
  });

  it('MUST apply the incall\'s caller_id_mode to the name only', () => {
    const caller = { name: 'Alice', number: '+33123456789' };
    assert.deepEqual(applyCallerIdMode(caller, 'prepend', 'Sales'), { name: 'Sales Alice', number: '+33123456789' });
    assert.deepEqual(applyCallerIdMode(caller, 'append', 'Sales'), { name: 'Alice Sales', number: '+33123456789' });
    assert.deepEqual(applyCallerIdMode(caller, 'overwrite', 'Sales'), { name: 'Sales', number: '+33123456789' });
    assert.deepEqual(applyCallerIdMode(caller, null, 'Sales'), caller);
  });
});

describe('outgoingCallerId (seed precedence L8006-L8011)', () => {
  const internal = { name: 'Alice', number: '1001' };
  const user = (text: string | null): OutgoingCaller => ({ type: 'user', internalCallerId: internal, outgoingCallerId: readOutgoingCallerId(text) });

  it('MUST send the internal caller ID first when the outcall says so, whatever the user chose', () => {
    assert.deepEqual(outgoingCallerId(user('anonymous'), { internalCallerId: true, associationCallerId: '"XIVO" <555>' }), { type: 'caller-id', callerId: internal, source: 'internal' });
  });

  it('MUST then follow the user\'s outgoing_caller_id: anonymous removes it, a number replaces it', () => {
    assert.deepEqual(outgoingCallerId(user('anonymous'), { internalCallerId: false, associationCallerId: '"XIVO" <555>' }), { type: 'anonymous' });
    assert.deepEqual(outgoingCallerId(user('"Desk" <+33100000000>'), { internalCallerId: false, associationCallerId: '"XIVO" <555>' }), { type: 'caller-id', callerId: { name: 'Desk', number: '+33100000000' }, source: 'user' });
  });

  it('MUST then use the association\'s caller_id, then the call\'s own', () => {
    assert.deepEqual(outgoingCallerId(user('default'), { internalCallerId: false, associationCallerId: '"XIVO" <555>' }), { type: 'caller-id', callerId: { name: 'XIVO', number: '555' }, source: 'outcall' });
    assert.deepEqual(outgoingCallerId(user(null), { internalCallerId: false, associationCallerId: null }), { type: 'caller-id', callerId: internal, source: 'default' });
  });

  it('MUST skip the user rules for a call not placed by a user', () => {
    const other: OutgoingCaller = { type: 'other', callerId: { name: 'Trunk', number: '42' } };
    assert.deepEqual(outgoingCallerId(other, { internalCallerId: true, associationCallerId: null }), { type: 'caller-id', callerId: { name: 'Trunk', number: '42' }, source: 'default' });
  });
});
