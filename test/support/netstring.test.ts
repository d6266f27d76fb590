/**
 * The framing of baresip's control socket: whole messages out of a byte stream, a partial one kept
 * for later, and a malformed stream reported rather than guessed at.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeNetstring, readNetstrings } from './netstring.ts';
import { parseControlMessage } from './baresip-control.ts';

describe('netstrings', () => {
  it('two messages and half of a third MUST give the two messages and keep the rest', () => {
    const stream = Buffer.concat([encodeNetstring('{"a":1}'), encodeNetstring('é'), encodeNetstring('third').subarray(0, 4)]);
    const read = readNetstrings(stream);
    assert.deepEqual(read.type === 'ok' && { messages: read.messages, rest: read.rest.toString() }, { messages: ['{"a":1}', 'é'], rest: '5:th' });
  });

  it('a length that is not a number, or a missing comma, MUST be an error value', () => {
    assert.equal(readNetstrings(Buffer.from('x5:hello,')).type, 'error');
    assert.equal(readNetstrings(Buffer.from('5:hello;')).type, 'error');
  });
});

describe('control messages', () => {
  it('an event MUST keep its type and parameter; anything else MUST be set aside', () => {
    const event = parseControlMessage('{"event":true,"type":"CALL_DTMF_START","class":"call","param":"#"}');
    assert.deepEqual(event, { type: 'event', event: { type: 'CALL_DTMF_START', class: 'call', param: '#' } });
    assert.deepEqual([parseControlMessage('not json'), parseControlMessage('[1]'), parseControlMessage('{"event":true}')].map((message) => message.type), ['other', 'other', 'other']);
  });
});
