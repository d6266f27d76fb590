import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader } from '../message/index.ts';
import { createSessionHarness, PEER, peerAck, peerRequest, peerResponse, sdp, toTagOf } from './testing/session-harness.ts';
import type { SessionEvent } from './session-events.ts';

const POLICY = { sessionExpiresSeconds: 120, minSeSeconds: 90 };

function uasConfirmed(headers: Readonly<Record<string, readonly string[]>>) {
  const harness = createSessionHarness({ sessionTimer: POLICY });
  harness.receive(peerRequest({ headers }));
  const entry = harness.sessions[0];
  if (entry === undefined) throw new Error('no session');
  entry.session.accept({ sdp: sdp() });
  const ok = harness.wire.responses(200)[0];
  if (ok === undefined) throw new Error('no 200');
  harness.receive(peerAck(ok));
  return { harness, ok, ...entry };
}

describe('session timers on a UAS leg (RFC 4028)', () => {
  it('MUST refresh with a re-INVITE at half the interval when it is the refresher', () => {
    const { harness } = uasConfirmed({});
    harness.clock.advance(59_999);
    assert.equal(harness.wire.requests('INVITE').length, 0);
    harness.clock.advance(1);
    assert.equal(harness.wire.requests('INVITE').length, 1);
  });

  it('MUST name itself refresher (refresher=uac) in its refresh request (RFC 4028 §7.4)', () => {
    const { harness } = uasConfirmed({});
    harness.clock.advance(60_000);
    assert.equal(getHeader(harness.wire.requests('INVITE')[0] ?? peerRequest(), 'session-expires'), '120;refresher=uac');
  });

  it('MUST refresh with UPDATE when the peer allows it', () => {
    const { harness } = uasConfirmed({ allow: ['INVITE, ACK, BYE, CANCEL, UPDATE'] });
    harness.clock.advance(60_000);
    assert.equal(harness.wire.requests('UPDATE').length, 1);
  });

  it('MUST send BYE and report session.expired when the refreshing peer stays silent', () => {
    const { harness, events } = uasConfirmed({ supported: ['timer'], 'session-expires': ['120;refresher=uac'] });
    harness.clock.advance(120_000 - 32_000);
    assert.equal(harness.wire.requests('BYE').length, 1);
    assert.deepEqual(events.slice(-2), [{ type: 'session.expired' }, { type: 'terminated', cause: 'session.expired' }]);
  });

  it('MUST restart the interval when the peer refreshes with UPDATE', () => {
    const { harness, ok, session, events } = uasConfirmed({ supported: ['timer'], 'session-expires': ['120;refresher=uac'] });
    harness.clock.advance(60_000);
    harness.receive(peerRequest({ method: 'UPDATE', cseq: 2, toTag: toTagOf(ok), headers: { supported: ['timer'], 'session-expires': ['120;refresher=uac'] } }));
    const offer = events.at(-1);
    if (offer?.type !== 'reinvite.received') throw new Error('no refresh');
    session.answerReInvite(offer.requestId, { type: 'accept' });
    harness.clock.advance(87_999);
    assert.equal(harness.wire.requests('BYE').length, 0);
  });
});

describe('session timers on a UAC leg (RFC 4028)', () => {
  it('MUST refresh at half the interval the 2xx names with refresher=uac', () => {
    const harness = createSessionHarness({ sessionTimer: POLICY });
    const started = harness.core.startInvite({ requestUri: 'sip:carol@192.0.2.20', from: '<sip:bob@example.com>', to: '<sip:carol@example.com>', sdp: sdp(), destination: PEER });
    if (started.type !== 'started') throw new Error(started.detail);
    const events: SessionEvent[] = [];
    started.session.listen((event) => events.push(event));
    const invite = harness.wire.requests('INVITE')[0];
    if (invite === undefined) throw new Error('no INVITE');
    harness.receive(peerResponse(invite, 200, { body: sdp(), headers: { 'session-expires': ['100;refresher=uac'], require: ['timer'] } }));
    harness.clock.advance(50_000);
    const refresh = harness.wire.requests('INVITE')[1];
    assert.equal(getHeader(refresh ?? invite, 'cseq')?.endsWith('INVITE'), true);
    assert.notEqual(refresh, undefined);
  });
});
