import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { channel } from '../../actors/index.ts';
import { sipMessage } from '../../transport/index.ts';
import { remoteAnswerResult, talkNotify } from './remote-answer.ts';

const target: channel.DialTarget = {
  requestUri: 'sip:1002@10.0.0.2:5062;transport=tcp',
  destination: { transport: 'tcp', address: '10.0.0.2', port: 40_123, connectionId: 'c7' },
  toUri: 'sip:1002@pbx.example',
};

const response = (status: number, reason: string): sipMessage.SipResponse => ({ type: 'response', status, reason, headers: {}, body: new Uint8Array(0) });

describe('remote answer', () => {
  it("MUST send the NOTIFY Event: talk where the leg's INVITE went, To the callee's address of record", () => {
    assert.deepEqual(talkNotify(target), {
      method: 'NOTIFY', requestUri: target.requestUri, toUri: 'sip:1002@pbx.example', headers: { event: ['talk'] }, destination: target.destination,
    });
  });

  it('MUST be done when the phone answers 2xx', () => {
    assert.deepEqual(remoteAnswerResult('1.2', { type: 'answered', status: 200, reason: 'OK', response: response(200, 'OK') }), { type: 'done' });
    assert.deepEqual(remoteAnswerResult('1.2', { type: 'answered', status: 202, reason: 'Accepted', response: response(202, 'Accepted') }), { type: 'done' });
  });

  it('MUST say the phone does not accept remote answer, and why, for any other outcome', () => {
    const cases = [
      [{ type: 'answered', status: 489, reason: 'Bad Event', response: response(489, 'Bad Event') }, /answered 489 Bad Event/],
      [{ type: 'answered', status: 603, reason: 'Decline', response: response(603, 'Decline') }, /answered 603 Decline/],
      [{ type: 'timeout' }, /did not answer/],
      [{ type: 'transport-error' }, /could not reach the phone/],
      [{ type: 'error', code: 'no-contact', detail: 'no Contact configured for ws' }, /was not sent: no Contact configured for ws/],
    ] as const;
    for (const [outcome, why] of cases) {
      const result = remoteAnswerResult('1.2', outcome);
      assert.equal(result.type, 'unsupported', outcome.type);
      const message = result.type === 'unsupported' ? result.message : '';
      assert.match(message, /^call 1\.2 rings on a phone that does not accept remote answer \(/);
      assert.match(message, why);
      assert.match(message, /Event: talk/);
      assert.match(message, /answer it on the device$/);
    }
  });
});
