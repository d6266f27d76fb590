import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader } from '../message/index.ts';
import { createSessionHarness, NODE_CONTACT, peerAck, peerRequest, sdp, toTagOf } from './testing/session-harness.ts';

const decoder = new TextDecoder();

function ringing() {
  const harness = createSessionHarness();
  harness.receive(peerRequest());
  const entry = harness.sessions[0];
  if (entry === undefined) throw new Error('no session');
  return { harness, ...entry };
}

function answered() {
  const setup = ringing();
  setup.session.provisional(180);
  setup.session.accept({ sdp: sdp() });
  const ok = setup.harness.wire.responses(200)[0];
  if (ok === undefined) throw new Error('no 200');
  return { ...setup, ok };
}

function confirmed() {
  const setup = answered();
  setup.harness.receive(peerAck(setup.ok));
  return setup;
}

describe('InviteServerSession: establishing', () => {
  it('MUST hand a new INVITE to onInvite as a session with its SDP offer', () => {
    const { session } = ringing();
    assert.equal(session.offer, sdp());
  });

  it('MUST send 180 with a To tag, creating the early dialog', () => {
    const { harness, session } = ringing();
    session.provisional(180);
    const response = harness.wire.responses(180)[0];
    assert.ok(response !== undefined && toTagOf(response) !== '');
    assert.equal(session.dialog?.state, 'early');
  });

  it('MUST send 200 with the same To tag as the 180 and the node Contact', () => {
    const { harness, ok } = answered();
    assert.equal(toTagOf(ok), toTagOf(harness.wire.responses(180)[0] ?? ok));
    assert.equal(getHeader(ok, 'contact'), `<${NODE_CONTACT}>`);
  });

  it('MUST carry the SDP answer in the 200', () => {
    const { ok } = answered();
    assert.equal(decoder.decode(ok.body), sdp());
  });

  it('MUST retransmit the 2xx at T1, 2·T1, 4·T1 … capped at T2 until the ACK (RFC 3261 §13.3.1.4)', () => {
    const { harness } = answered();
    const start = harness.clock.now();
    harness.clock.advance(20_000);
    const offsets = harness.wire.sent.filter((sent) => sent.message.type === 'response' && sent.message.status === 200).map((sent) => sent.atMs - start);
    assert.deepEqual(offsets.slice(0, 8), [0, 500, 1500, 3500, 7500, 11500, 15500, 19500]);
  });

  it('MUST stop retransmitting the 2xx once the ACK arrives and report ack.received', () => {
    const { harness, ok } = answered();
    harness.clock.advance(600);
    harness.receive(peerAck(ok));
    const before = harness.wire.responses(200).length;
    harness.clock.advance(40_000);
    assert.equal(harness.wire.responses(200).length, before);
    assert.ok(harness.eventTypes().includes('ack.received'));
  });

  it('MUST report ack.timeout when no ACK arrives within 64·T1', () => {
    const { harness } = answered();
    harness.clock.advance(64 * 500 - 1);
    assert.ok(!harness.eventTypes().includes('ack.timeout'));
    harness.clock.advance(1);
    assert.ok(harness.eventTypes().includes('ack.timeout'));
  });

  it('MUST copy the Record-Route of the INVITE into the 200, in order (RFC 3261 §12.1.1)', () => {
    const harness = createSessionHarness();
    harness.receive(peerRequest({ headers: { 'record-route': ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'] } }));
    harness.sessions[0]?.session.accept({ sdp: sdp() });
    assert.deepEqual(harness.wire.responses(200)[0]?.headers['record-route'], ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
  });

  it('MUST answer reject(486) with a 486 carrying a To tag and report terminated', () => {
    const { harness, session } = ringing();
    session.reject(486);
    assert.ok(toTagOf(harness.wire.responses(486)[0] ?? peerRequest()) !== '');
    assert.deepEqual(harness.eventTypes(), ['terminated']);
  });

  it('MUST refuse a second final response as a value, not a throw', () => {
    const { session } = answered();
    assert.equal(session.reject(486).type, 'error');
  });
});

describe('InviteServerSession: CANCEL (RFC 3261 §9.2)', () => {
  it('MUST answer a CANCEL while ringing with 200 and the INVITE with 487', () => {
    const { harness, session } = ringing();
    session.provisional(180);
    harness.receive(peerRequest({ method: 'CANCEL', branch: 'z9hG4bKpeerINVITE1' }));
    assert.equal(harness.wire.responses(200).length, 1);
    assert.equal(harness.wire.responses(487).length, 1);
  });

  it('MUST report cancelled then terminated', () => {
    const { harness } = ringing();
    harness.receive(peerRequest({ method: 'CANCEL', branch: 'z9hG4bKpeerINVITE1' }));
    assert.deepEqual(harness.eventTypes(), ['cancelled', 'terminated']);
  });

  it('MUST report the CANCEL\'s Reason header (RFC 3326) with cancelled', () => {
    const { harness } = ringing();
    const cancel = peerRequest({ method: 'CANCEL', branch: 'z9hG4bKpeerINVITE1' });
    harness.receive({ ...cancel, headers: { ...cancel.headers, reason: ['SIP;cause=200;text="Call completed elsewhere"'] } });
    assert.deepEqual(harness.sessions[0]?.events[0], { type: 'cancelled', reason: 'SIP;cause=200;text="Call completed elsewhere"' });
  });

  it('MUST answer 481 to a CANCEL matching no INVITE', () => {
    const harness = createSessionHarness();
    harness.receive(peerRequest({ method: 'CANCEL', branch: 'z9hG4bKnothing' }));
    assert.equal(harness.wire.responses(481).length, 1);
  });

  it('MUST leave an answered INVITE alone when the CANCEL comes late', () => {
    const { harness } = answered();
    harness.receive(peerRequest({ method: 'CANCEL', branch: 'z9hG4bKpeerINVITE1' }));
    assert.equal(harness.wire.responses(487).length, 0);
  });
});

describe('InviteServerSession: in the confirmed dialog', () => {
  it('MUST answer a BYE with 200 and report bye.received then terminated', () => {
    const { harness, ok } = confirmed();
    harness.receive(peerRequest({ method: 'BYE', cseq: 2, toTag: toTagOf(ok) }));
    assert.equal(harness.wire.responses(200).filter((response) => getHeader(response, 'cseq') === '2 BYE').length, 1);
    assert.deepEqual(harness.eventTypes().slice(-2), ['bye.received', 'terminated']);
  });

  it('MUST answer 481 to a BYE of an unknown dialog', () => {
    const { harness } = confirmed();
    harness.receive(peerRequest({ method: 'BYE', cseq: 2, toTag: 'unknown' }));
    assert.equal(harness.wire.responses(481).length, 1);
  });

  it('MUST deliver a hold re-INVITE (sendonly) with its SDP', () => {
    const { harness, ok, events } = confirmed();
    harness.receive(peerRequest({ cseq: 2, toTag: toTagOf(ok), body: sdp('sendonly', 2) }));
    const event = events.at(-1);
    assert.equal(event?.type, 'reinvite.received');
    assert.ok(event?.type === 'reinvite.received' && event.sdp?.includes('a=sendonly'));
  });

  it('MUST answer the re-INVITE with the given SDP and re-send that 2xx until its ACK', () => {
    const { harness, ok, session, events } = confirmed();
    harness.receive(peerRequest({ cseq: 2, toTag: toTagOf(ok), body: sdp('sendonly', 2) }));
    const event = events.at(-1);
    if (event?.type !== 'reinvite.received') throw new Error('no offer');
    session.answerReInvite(event.requestId, { type: 'accept', sdp: sdp('recvonly') });
    harness.clock.advance(600);
    const answers = harness.wire.responses(200).filter((response) => getHeader(response, 'cseq') === '2 INVITE');
    assert.equal(answers.length, 2);
    assert.ok(decoder.decode(answers[0]?.body).includes('a=recvonly'));
  });

  it('MUST answer a re-INVITE accepted without new SDP with the current SDP unchanged', () => {
    const { harness, ok, session, events } = confirmed();
    harness.receive(peerRequest({ cseq: 2, toTag: toTagOf(ok), body: sdp('sendrecv', 1) }));
    const event = events.at(-1);
    if (event?.type !== 'reinvite.received') throw new Error('no offer');
    session.answerReInvite(event.requestId, { type: 'accept' });
    const answer = harness.wire.responses(200).find((response) => getHeader(response, 'cseq') === '2 INVITE');
    assert.equal(decoder.decode(answer?.body), sdp());
  });

  it('MUST answer 487 to a re-INVITE still waiting when the session ends', () => {
    const { harness, ok, session } = confirmed();
    harness.receive(peerRequest({ cseq: 2, toTag: toTagOf(ok), body: sdp('sendonly', 2) }));
    session.sendBye();
    assert.equal(harness.wire.responses(487).length, 1);
  });

  it('MUST answer 491 to a re-INVITE while our own re-INVITE is pending (RFC 3261 §14.2)', () => {
    const { harness, ok, session } = confirmed();
    session.sendReInvite(sdp('sendonly', 2));
    harness.receive(peerRequest({ cseq: 2, toTag: toTagOf(ok), body: sdp('sendonly', 2) }));
    assert.equal(harness.wire.responses(491).length, 1);
  });

  it('MUST answer INFO with 200 and report its body', () => {
    const { harness, ok, events } = confirmed();
    harness.receive(peerRequest({ method: 'INFO', cseq: 2, toTag: toTagOf(ok), body: 'Signal=5\r\nDuration=160\r\n', headers: { 'content-type': ['application/dtmf-relay'] } }));
    assert.deepEqual(events.at(-1), { type: 'info.received', contentType: 'application/dtmf-relay', body: 'Signal=5\r\nDuration=160\r\n' });
  });

  it('MUST send BYE within the dialog and report terminated', () => {
    const { harness, session, ok } = confirmed();
    session.sendBye();
    const bye = harness.wire.requests('BYE')[0];
    assert.equal(bye === undefined ? undefined : /tag=([^;>\s]+)/.exec(getHeader(bye, 'from') ?? '')?.[1], toTagOf(ok));
    assert.deepEqual(harness.eventTypes().at(-1), 'terminated');
  });

  it('MUST hold a BYE asked for before the ACK until the ACK arrives (RFC 3261 §15)', () => {
    const { harness, session, ok } = answered();
    session.sendBye();
    assert.equal(harness.wire.requests('BYE').length, 0);
    harness.receive(peerAck(ok));
    assert.equal(harness.wire.requests('BYE').length, 1);
  });

  it('MUST send BYE after ack.timeout when asked', () => {
    const { harness, session, events } = answered();
    session.listen((event) => {
      events.push(event);
      if (event.type === 'ack.timeout') session.sendBye();
    });
    harness.clock.advance(64 * 500);
    assert.equal(harness.wire.requests('BYE').length, 1);
  });

  it('MUST answer 420 with Unsupported to an INVITE requiring 100rel', () => {
    const harness = createSessionHarness();
    harness.receive(peerRequest({ headers: { require: ['100rel'] } }));
    assert.equal(getHeader(harness.wire.responses(420)[0] ?? peerRequest(), 'unsupported'), '100rel');
  });
});
