import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { channel } from '../../actors/index.ts';
import type { SessionEvent, SessionListener, SessionResult } from '../../transport/index.ts';
import { createServerLegPort, serverSessionFacts, type LegDiagnostic, type ServerLegSession } from './server-leg-port.ts';

function offer(direction: string, address = '192.0.2.10'): string {
  return `v=0\r\no=- 1 1 IN IP4 ${address}\r\ns=-\r\nc=IN IP4 ${address}\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=${direction}\r\n`;
}

const VIDEO_ONLY = 'v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=video 5000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n';

describe('serverSessionFacts', () => {
  const table: ReadonlyArray<readonly [string, SessionEvent, channel.SipLegFact | undefined]> = [
    ['cancelled', { type: 'cancelled' }, { type: 'sip.cancelled' }],
    ['ack.received', { type: 'ack.received' }, { type: 'sip.confirmed' }],
    ['ack.timeout', { type: 'ack.timeout' }, { type: 'sip.ack_timeout' }],
    ['bye.received', { type: 'bye.received' }, { type: 'sip.bye_received' }],
    ['session.expired', { type: 'session.expired' }, { type: 'sip.session_expired' }],
    ['info.received', { type: 'info.received', contentType: 'application/dtmf-relay', body: 'Signal=5' }, { type: 'sip.info_received', contentType: 'application/dtmf-relay', body: 'Signal=5' }],
    ['info.received without type', { type: 'info.received', body: '' }, { type: 'sip.info_received', contentType: 'application/octet-stream', body: '' }],
    ['reinvite.answered', { type: 'reinvite.answered', sdp: offer('sendrecv') }, { type: 'sip.reinvite_answered', sdp: offer('sendrecv') }],
    ['reinvite.answered without SDP', { type: 'reinvite.answered' }, undefined],
    ['reinvite.received sendrecv', { type: 'reinvite.received', requestId: 'INVITE-2', method: 'INVITE', sdp: offer('sendrecv') }, { type: 'sip.reinvite_received', sdp: offer('sendrecv'), hold: false }],
    ['reinvite.received sendonly', { type: 'reinvite.received', requestId: 'INVITE-2', method: 'INVITE', sdp: offer('sendonly') }, { type: 'sip.reinvite_received', sdp: offer('sendonly'), hold: true }],
    ['reinvite.received inactive', { type: 'reinvite.received', requestId: 'INVITE-2', method: 'INVITE', sdp: offer('inactive') }, { type: 'sip.reinvite_received', sdp: offer('inactive'), hold: true }],
    ['reinvite.received recvonly', { type: 'reinvite.received', requestId: 'INVITE-2', method: 'INVITE', sdp: offer('recvonly') }, { type: 'sip.reinvite_received', sdp: offer('recvonly'), hold: false }],
    ['reinvite.received c=0.0.0.0', { type: 'reinvite.received', requestId: 'INVITE-2', method: 'INVITE', sdp: offer('sendrecv', '0.0.0.0') }, { type: 'sip.reinvite_received', sdp: offer('sendrecv', '0.0.0.0'), hold: true }],
    ['UPDATE with an offer', { type: 'reinvite.received', requestId: 'UPDATE-3', method: 'UPDATE', sdp: offer('sendonly') }, { type: 'sip.reinvite_received', sdp: offer('sendonly'), hold: true }],
    ['offerless reinvite.received', { type: 'reinvite.received', requestId: 'INVITE-2', method: 'INVITE' }, undefined],
    ['reinvite.received with garbage SDP', { type: 'reinvite.received', requestId: 'INVITE-2', method: 'INVITE', sdp: 'not sdp' }, undefined],
    ['reinvite.received without audio', { type: 'reinvite.received', requestId: 'INVITE-2', method: 'INVITE', sdp: VIDEO_ONLY }, undefined],
    ['reinvite.failed', { type: 'reinvite.failed', status: 491 }, undefined],
    ['session.refreshed', { type: 'session.refreshed', intervalSeconds: 1800 }, undefined],
    ['terminated', { type: 'terminated', cause: 'bye.sent' }, undefined],
  ];
  for (const [name, event, fact] of table) {
    it(`MUST map ${name} to ${fact === undefined ? 'no fact' : fact.type}`, () => {
      assert.deepEqual(serverSessionFacts(event), fact);
    });
  }
});

interface FakeSession extends ServerLegSession {
  readonly calls: Array<readonly [string, ...unknown[]]>;
  emit(event: SessionEvent): void;
}

function fakeSession(result: SessionResult = { type: 'ok' }): FakeSession {
  const calls: Array<readonly [string, ...unknown[]]> = [];
  let listener: SessionListener | undefined;
  const record = (name: string) => (...args: unknown[]): SessionResult => {
    calls.push([name, ...args]);
    return result;
  };
  return {
    calls,
    emit: (event) => listener?.(event),
    listen: (next) => {
      listener = next;
    },
    provisional: record('provisional'),
    accept: record('accept'),
    reject: record('reject'),
    sendBye: record('sendBye'),
    sendReInvite: record('sendReInvite'),
    answerReInvite: record('answerReInvite'),
    sendInfo: record('sendInfo'),
  };
}

function setup(result?: SessionResult): { session: FakeSession; port: channel.SipLegPort; facts: channel.SipLegFact[]; diagnostics: LegDiagnostic[] } {
  const session = fakeSession(result);
  const facts: channel.SipLegFact[] = [];
  const diagnostics: LegDiagnostic[] = [];
  const port = createServerLegPort(session, { onFact: (fact) => facts.push(fact), onDiagnostic: (diagnostic) => diagnostics.push(diagnostic) });
  return { session, port, facts, diagnostics };
}

describe('createServerLegPort', () => {
  it('MUST deliver the facts of the session events to onFact', () => {
    const { session, facts } = setup();
    session.emit({ type: 'ack.received' });
    session.emit({ type: 'bye.received' });
    assert.deepEqual(facts, [{ type: 'sip.confirmed' }, { type: 'sip.bye_received' }]);
  });

  it('MUST send provisional, accept and reject as UAS session commands', () => {
    const { session, port } = setup();
    port.provisional(183, offer('sendrecv'));
    port.accept(offer('sendrecv'));
    port.reject(486, 'Busy Here');
    assert.deepEqual(session.calls, [
      ['provisional', 183, { sdp: offer('sendrecv') }],
      ['accept', { sdp: offer('sendrecv') }],
      ['reject', 486, { reason: 'Busy Here' }],
    ]);
  });

  it('MUST send bye, reinvite and info as in-dialog session commands', () => {
    const { session, port } = setup();
    port.bye();
    port.reinvite(offer('sendonly'));
    port.info('application/dtmf-relay', 'Signal=1');
    assert.deepEqual(session.calls, [['sendBye'], ['sendReInvite', offer('sendonly')], ['sendInfo', 'application/dtmf-relay', 'Signal=1']]);
  });

  it('MUST answer the last received re-INVITE by its requestId', () => {
    const { session, port } = setup();
    session.emit({ type: 'reinvite.received', requestId: 'INVITE-7', method: 'INVITE', sdp: offer('sendonly') });
    port.answerReinvite(offer('recvonly'));
    assert.deepEqual(session.calls, [['answerReInvite', 'INVITE-7', { type: 'accept', sdp: offer('recvonly') }]]);
  });

  it('MUST report answerReinvite with no pending re-INVITE as a diagnostic and send nothing', () => {
    const { session, port, diagnostics } = setup();
    port.answerReinvite(offer('sendrecv'));
    assert.deepEqual(session.calls, []);
    assert.equal(diagnostics[0]?.type, 'leg.command_invalid');
  });

  it('MUST accept an offerless re-INVITE itself (a refresh) without telling the channel', () => {
    const { session, facts } = setup();
    session.emit({ type: 'reinvite.received', requestId: 'INVITE-4', method: 'INVITE' });
    assert.deepEqual(session.calls, [['answerReInvite', 'INVITE-4', { type: 'accept' }]]);
    assert.deepEqual(facts, []);
  });

  it('MUST refuse a re-INVITE without usable audio with 488', () => {
    const { session, facts } = setup();
    session.emit({ type: 'reinvite.received', requestId: 'INVITE-5', method: 'INVITE', sdp: VIDEO_ONLY });
    assert.deepEqual(session.calls, [['answerReInvite', 'INVITE-5', { type: 'reject', status: 488 }]]);
    assert.deepEqual(facts, []);
  });

  for (const command of ['invite', 'cancel'] as const) {
    it(`MUST treat ${command} as a no-op reported as leg.command_invalid on an inbound leg`, () => {
      const { session, port, diagnostics } = setup();
      if (command === 'invite') port.invite({ requestUri: 'sip:b@192.0.2.1', toUri: 'sip:b@example.com', destination: { transport: 'udp', address: '192.0.2.1', port: 5060 } }, { name: 'A', number: '1' }, offer('sendrecv'));
      else port.cancel();
      assert.deepEqual(session.calls, []);
      assert.deepEqual(diagnostics, [{ type: 'leg.command_invalid', command, detail: 'not valid on an inbound leg' }]);
    });
  }

  it('MUST report a command the session refuses as leg.command_refused', () => {
    const { port, diagnostics } = setup({ type: 'error', code: 'invalid-state', detail: 'BYE in offered' });
    port.bye();
    assert.deepEqual(diagnostics, [{ type: 'leg.command_refused', command: 'bye', code: 'invalid-state', detail: 'BYE in offered' }]);
  });
});
