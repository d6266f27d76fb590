import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SipRequest } from '../message/index.ts';
import { getHeader, parseCSeq, topVia } from '../message/index.ts';
import { createSessionHarness, PEER, peerRequest, peerResponse, sdp } from './testing/session-harness.ts';
import type { InviteClientSession } from './invite-client-session.ts';
import type { SessionEvent } from './session-events.ts';

function calling() {
  const harness = createSessionHarness();
  const started = harness.core.startInvite({
    requestUri: 'sip:carol@192.0.2.20:5060',
    from: '"Bob" <sip:bob@example.com>',
    to: '<sip:carol@example.com>',
    sdp: sdp(),
    destination: PEER,
  });
  if (started.type !== 'started') throw new Error(started.detail);
  const events: SessionEvent[] = [];
  started.session.listen((event) => events.push(event));
  const invite = harness.wire.requests('INVITE')[0];
  if (invite === undefined) throw new Error('no INVITE');
  return { harness, session: started.session, events, invite, types: () => events.map((event) => event.type) };
}

function answered() {
  const setup = calling();
  setup.harness.receive(peerResponse(setup.invite, 180));
  setup.harness.receive(peerResponse(setup.invite, 200, { body: sdp() }));
  return setup;
}

function sequence(request: SipRequest | undefined): number | undefined {
  return request === undefined ? undefined : parseCSeq(getHeader(request, 'cseq') ?? '')?.sequence;
}

function branch(request: SipRequest | undefined): string | undefined {
  return request === undefined ? undefined : (topVia(request)?.params['branch'] ?? undefined) as string | undefined;
}

describe('InviteClientSession: establishing', () => {
  it('MUST send an INVITE with a From tag, the node Contact, Supported: timer and the SDP offer', () => {
    const { invite } = calling();
    assert.match(getHeader(invite, 'from') ?? '', /;tag=/);
    assert.equal(getHeader(invite, 'supported'), 'timer');
  });

  it('MUST report provisional with the status, SDP and To tag', () => {
    const { harness, invite, events } = calling();
    harness.receive(peerResponse(invite, 183, { body: sdp() }));
    assert.deepEqual(events, [{ type: 'provisional', status: 183, toTag: 'calleetag', sdp: sdp() }]);
  });

  it('MUST report answered with the SDP of the 2xx', () => {
    const { events } = answered();
    assert.deepEqual(events.at(-1), { type: 'answered', sdp: sdp() });
  });

  it('MUST ACK the 2xx with the INVITE CSeq number and a new branch (RFC 3261 §13.2.2.4)', () => {
    const { harness, invite } = answered();
    const ack = harness.wire.requests('ACK')[0];
    assert.equal(sequence(ack), sequence(invite));
    assert.notEqual(branch(ack), branch(invite));
  });

  it('MUST re-send the ACK for each 2xx retransmission', () => {
    const { harness, invite } = answered();
    harness.receive(peerResponse(invite, 200, { body: sdp() }));
    assert.equal(harness.wire.requests('ACK').length, 2);
  });

  it('MUST ACK then BYE a 2xx from another dialog tag', () => {
    const { harness, invite } = answered();
    harness.receive(peerResponse(invite, 200, { toTag: 'forked', body: sdp() }));
    assert.equal(harness.wire.requests('ACK').length, 2);
    assert.match(getHeader(harness.wire.requests('BYE')[0] ?? invite, 'to') ?? '', /tag=forked/);
  });

  it('MUST report failed with the status of a 486', () => {
    const { harness, invite, events } = calling();
    harness.receive(peerResponse(invite, 486));
    assert.deepEqual(events, [{ type: 'failed', status: 486, reason: 'Busy Here' }, { type: 'terminated', cause: 'failed' }]);
  });

  it('MUST report a 401 with its challenges, so the caller can retry with credentials', () => {
    const { harness, invite, events } = calling();
    const challenge = 'Digest realm="pbx", nonce="abc", algorithm=MD5, qop="auth"';
    harness.receive(peerResponse(invite, 401, { headers: { 'www-authenticate': [challenge] } }));
    assert.deepEqual(events[0], { type: 'failed', status: 401, reason: 'Unauthorized', challenges: [challenge] });
  });

  it('MUST report timeout when Timer B fires', () => {
    const { harness, types } = calling();
    harness.clock.advance(64 * 500);
    assert.deepEqual(types(), ['timeout', 'terminated']);
  });

  it('MUST ACK then BYE a 2xx that arrives after Timer B gave up (RFC 3261 §13.2.2.4)', () => {
    const { harness, invite } = calling();
    harness.clock.advance(64 * 500);
    harness.receive(peerResponse(invite, 200, { body: sdp() }));
    assert.equal(harness.wire.requests('ACK').length, 1);
    assert.equal(harness.wire.requests('BYE').length, 1);
  });

  it('MUST retry once after 422 with Session-Expires raised to its Min-SE (RFC 4028 §7.4)', () => {
    const { harness, invite } = calling();
    harness.receive(peerResponse(invite, 422, { headers: { 'min-se': ['3600'] } }));
    const retry = harness.wire.requests('INVITE')[1];
    assert.equal(getHeader(retry ?? invite, 'session-expires'), '3600');
    assert.equal(sequence(retry), (sequence(invite) ?? 0) + 1);
  });
});

describe('InviteClientSession: CANCEL (RFC 3261 §9.1)', () => {
  it('MUST send CANCEL after a provisional with the INVITE branch and CSeq number', () => {
    const { harness, invite, session } = calling();
    harness.receive(peerResponse(invite, 180));
    session.cancel();
    const cancel = harness.wire.requests('CANCEL')[0];
    assert.equal(branch(cancel), branch(invite));
    assert.equal(sequence(cancel), sequence(invite));
  });

  it('MUST put the Reason asked (RFC 3326) on the CANCEL, also when it waited for a provisional', () => {
    const { harness, invite, session } = calling();
    session.cancel({ reason: ['SIP;cause=200;text="Call completed elsewhere"'] });
    harness.receive(peerResponse(invite, 180));
    assert.deepEqual(harness.wire.requests('CANCEL')[0]?.headers['reason'], ['SIP;cause=200;text="Call completed elsewhere"']);
  });

  it('MUST NOT send CANCEL before any provisional, and send it when one arrives', () => {
    const { harness, invite, session } = calling();
    session.cancel();
    assert.equal(harness.wire.requests('CANCEL').length, 0);
    harness.receive(peerResponse(invite, 100));
    assert.equal(harness.wire.requests('CANCEL').length, 1);
  });

  it('MUST end as cancelled on the 487, without reporting failed', () => {
    const { harness, invite, session, events } = calling();
    harness.receive(peerResponse(invite, 180));
    session.cancel();
    harness.receive(peerResponse(invite, 487));
    assert.deepEqual(events.at(-1), { type: 'terminated', cause: 'cancelled' });
    assert.ok(!events.some((event) => event.type === 'failed'));
  });

  it('MUST abandon the INVITE 64·T1 after the CANCEL when no final response comes', () => {
    const { harness, invite, session, events } = calling();
    harness.receive(peerResponse(invite, 180));
    session.cancel();
    harness.clock.advance(64 * 500);
    assert.deepEqual(events.at(-1), { type: 'terminated', cause: 'cancelled' });
  });

  it('MUST ACK and BYE a 2xx that crosses the CANCEL', () => {
    const { harness, invite, session } = calling();
    harness.receive(peerResponse(invite, 180));
    session.cancel();
    harness.receive(peerResponse(invite, 200, { body: sdp() }));
    assert.equal(harness.wire.requests('ACK').length, 1);
    assert.equal(harness.wire.requests('BYE').length, 1);
  });
});

describe('InviteClientSession: in the confirmed dialog', () => {
  it('MUST send BYE to the remote target with the dialog tags and report terminated', () => {
    const { harness, session, types } = answered();
    session.sendBye();
    const bye = harness.wire.requests('BYE')[0];
    assert.equal(bye?.uri, 'sip:carol@192.0.2.20:5060');
    assert.deepEqual(types().at(-1), 'terminated');
  });

  it('MUST answer a BYE from the callee with 200 and report bye.received', () => {
    const { harness, invite, session, types } = answered();
    harness.receive(byeFromCallee(session, invite));
    assert.equal(harness.wire.responses(200).length, 1);
    assert.deepEqual(types().slice(-2), ['bye.received', 'terminated']);
  });

  it('MUST ACK the 2xx to its re-INVITE and report reinvite.answered', () => {
    const { harness, session, types } = answered();
    session.sendReInvite(sdp('sendonly', 2));
    const reInvite = harness.wire.requests('INVITE')[1];
    if (reInvite === undefined) throw new Error('no re-INVITE');
    harness.receive(peerResponse(reInvite, 200, { body: sdp('recvonly', 2) }));
    assert.equal(sequence(harness.wire.requests('ACK')[1]), sequence(reInvite));
    assert.ok(types().includes('reinvite.answered'));
  });

  it('MUST report reinvite.failed with a retry delay on 491', () => {
    const { harness, session, events } = answered();
    session.sendReInvite(sdp('sendonly', 2));
    const reInvite = harness.wire.requests('INVITE')[1];
    if (reInvite === undefined) throw new Error('no re-INVITE');
    harness.receive(peerResponse(reInvite, 491));
    const last = events.at(-1);
    assert.ok(last?.type === 'reinvite.failed' && last.status === 491 && (last.retryAfterMs ?? 0) >= 2100);
  });
});

function byeFromCallee(session: InviteClientSession, invite: SipRequest): SipRequest {
  const callId = getHeader(invite, 'call-id') ?? '';
  return peerRequest({ method: 'BYE', cseq: 7, callId, fromTag: 'calleetag', toTag: session.localTag });
}
