import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SipRequest, SipResponse } from '../message/index.ts';
import { createResponse } from '../message/index.ts';
import { grantSessionTimer, parseSessionExpires, readSessionTimerAnswer, requestTimerHeaders, timerDelayMs } from './session-timer.ts';
import { peerRequest } from './testing/session-harness.ts';

const POLICY = { sessionExpiresSeconds: 1800, minSeSeconds: 90 };

function invite(headers: Readonly<Record<string, readonly string[]>>): SipRequest {
  return peerRequest({ headers });
}

function answer(sessionExpires: string): SipResponse {
  return createResponse(invite({}), 200, { toTag: 'x', headers: { 'session-expires': [sessionExpires] } });
}

describe('session timers (RFC 4028)', () => {
  it('MUST read Session-Expires with its refresher, whatever its case', () => {
    assert.deepEqual(parseSessionExpires(invite({ 'session-expires': ['600 ; Refresher=UAS'] })), { intervalSeconds: 600, refresher: 'uas' });
  });

  it('MUST ignore a malformed Session-Expires', () => {
    assert.equal(parseSessionExpires(invite({ 'session-expires': ['soon'] })), undefined);
  });

  it('MUST answer 422 with our Min-SE when the interval is below it (§9)', () => {
    assert.deepEqual(grantSessionTimer(invite({ 'session-expires': ['60'] }), POLICY), { type: 'too-small', minSeSeconds: 90 });
  });

  it('MUST keep the refresher the request named', () => {
    const grant = grantSessionTimer(invite({ supported: ['timer'], 'session-expires': ['600;refresher=uas'] }), POLICY);
    assert.ok(grant.type === 'granted' && grant.timer.weRefresh);
  });

  it('MUST let a UAC that supports timer refresh, with Require: timer in the 2xx', () => {
    const grant = grantSessionTimer(invite({ supported: ['timer'], 'session-expires': ['600'] }), POLICY);
    assert.ok(grant.type === 'granted' && !grant.timer.weRefresh);
    assert.deepEqual(grant.type === 'granted' ? grant.headers['require'] : undefined, ['timer']);
  });

  it('MUST refresh itself when the UAC does not support timer (§9: refresher=uas)', () => {
    const grant = grantSessionTimer(invite({}), POLICY);
    assert.ok(grant.type === 'granted' && grant.timer.weRefresh && grant.timer.intervalSeconds === 1800);
  });

  it('MUST make itself the refresher when the UAC does not support timer, whatever the request named', () => {
    const grant = grantSessionTimer(invite({ 'session-expires': ['600;refresher=uac'] }), POLICY);
    assert.ok(grant.type === 'granted' && grant.timer.weRefresh);
  });

  it('MUST lower a long interval to ours but never below the request Min-SE', () => {
    const grant = grantSessionTimer(invite({ 'session-expires': ['7200'], 'min-se': ['2400'] }), POLICY);
    assert.equal(grant.type === 'granted' ? grant.timer.intervalSeconds : 0, 2400);
  });

  it('MUST grant an interval below 90 s when its policy allows it and the request asks for it', () => {
    const testPolicy = { sessionExpiresSeconds: 1800, minSeSeconds: 4 };
    const grant = grantSessionTimer(invite({ supported: ['timer'], 'session-expires': ['6;refresher=uac'], 'min-se': ['4'] }), testPolicy);
    assert.deepEqual(grant.type === 'granted' ? [grant.timer, grant.headers['session-expires']] : grant, [{ intervalSeconds: 6, weRefresh: false }, ['6;refresher=uac']]);
  });

  it('MUST NOT raise the interval a request asked for to the default Min-SE of a request without one', () => {
    const grant = grantSessionTimer(invite({ supported: ['timer'], 'session-expires': ['30'] }), { sessionExpiresSeconds: 1800, minSeSeconds: 10 });
    assert.equal(grant.type === 'granted' ? grant.timer.intervalSeconds : 0, 30);
  });

  it('MUST answer 90 s with refresher=uac and Require: timer to `Session-Expires: 90;refresher=uac`', () => {
    const grant = grantSessionTimer(invite({ supported: ['timer'], 'session-expires': ['90;refresher=uac'], 'min-se': ['90'] }), POLICY);
    assert.deepEqual(grant.type === 'granted' ? grant.headers : grant, { 'session-expires': ['90;refresher=uac'], require: ['timer'] });
  });

  it('MUST read the refresher of a 2xx from the UAC side', () => {
    assert.deepEqual(readSessionTimerAnswer(answer('900;refresher=uac')), { intervalSeconds: 900, weRefresh: true });
  });

  it('MUST see no session expiration in a 2xx without Session-Expires (§7.2)', () => {
    assert.equal(readSessionTimerAnswer(createResponse(invite({}), 200, { toTag: 'x' })), undefined);
  });

  it('MUST raise Session-Expires and Min-SE to the Min-SE of a 422', () => {
    assert.deepEqual(requestTimerHeaders(POLICY, 3600), { 'session-expires': ['3600'], 'min-se': ['3600'] });
  });

  it('MUST refresh at half the interval', () => {
    assert.equal(timerDelayMs({ intervalSeconds: 1800, weRefresh: true }), 900_000);
  });

  it('MUST give up at the interval minus min(32 s, interval/3) when the peer refreshes', () => {
    assert.equal(timerDelayMs({ intervalSeconds: 90, weRefresh: false }), 60_000);
  });
});
