import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { channel } from '../../actors/index.ts';
import type { SessionEvent, SessionListener, SessionResult, StartInviteOptions } from '../../transport/index.ts';
import { callerAddress, clientSessionFacts, createClientLegPort, type ClientLegSession, type ClientLegStart } from './client-leg-port.ts';
import type { LegDiagnostic } from './server-leg-port.ts';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n';
const HOLD = OFFER.replace('sendrecv', 'sendonly');

const TARGET: channel.DialTarget = {
  requestUri: 'sip:bob@198.51.100.7:5062;transport=tcp',
  toUri: 'sip:1002@pbx.example.com',
  destination: { transport: 'tcp', address: '198.51.100.7', port: 5062, connectionId: 'tcp-9' },
};
const CALLER: channel.PartyIdentity = { name: 'Alice Liddell', number: '1001' };

describe('clientSessionFacts', () => {
  const table: ReadonlyArray<readonly [string, SessionEvent, channel.SipLegFact | undefined]> = [
    ['180', { type: 'provisional', status: 180, toTag: 'b1' }, { type: 'sip.provisional', status: 180 }],
    ['183 with SDP', { type: 'provisional', status: 183, toTag: 'b1', sdp: OFFER }, { type: 'sip.provisional', status: 183, sdp: OFFER }],
    ['answered', { type: 'answered', sdp: OFFER }, { type: 'sip.answered', sdp: OFFER }],
    ['answered without SDP', { type: 'answered' }, undefined],
    ['failed 486', { type: 'failed', status: 486, reason: 'Busy Here' }, { type: 'sip.failed', status: 486, reason: 'Busy Here' }],
    ['timeout', { type: 'timeout' }, { type: 'sip.failed', status: 408, reason: 'Request Timeout' }],
    ['transport_error', { type: 'transport_error' }, { type: 'sip.failed', status: 503, reason: 'Service Unavailable' }],
    ['bye.received', { type: 'bye.received' }, { type: 'sip.bye_received' }],
    ['reinvite.received sendonly', { type: 'reinvite.received', requestId: 'INVITE-9', method: 'INVITE', sdp: HOLD }, { type: 'sip.reinvite_received', sdp: HOLD, hold: true }],
    ['reinvite.answered', { type: 'reinvite.answered', sdp: OFFER }, { type: 'sip.reinvite_answered', sdp: OFFER }],
    ['info.received', { type: 'info.received', contentType: 'application/dtmf-relay', body: 'Signal=#' }, { type: 'sip.info_received', contentType: 'application/dtmf-relay', body: 'Signal=#' }],
    ['session.expired', { type: 'session.expired' }, { type: 'sip.session_expired' }],
    ['terminated', { type: 'terminated', cause: 'cancelled' }, undefined],
  ];
  for (const [name, event, fact] of table) {
    it(`MUST map ${name} to ${fact === undefined ? 'no fact' : `${fact.type}${fact.type === 'sip.failed' ? ` ${String(fact.status)}` : ''}`}`, () => {
      assert.deepEqual(clientSessionFacts(event), fact);
    });
  }
});

interface Harness {
  readonly port: channel.SipLegPort;
  readonly facts: channel.SipLegFact[];
  readonly diagnostics: LegDiagnostic[];
  readonly placed: StartInviteOptions[];
  readonly calls: Array<readonly [string, ...unknown[]]>;
  readonly session: ClientLegSession;
  emit(event: SessionEvent): void;
}

function harness(start: 'started' | 'error' = 'started'): Harness {
  const facts: channel.SipLegFact[] = [];
  const diagnostics: LegDiagnostic[] = [];
  const placed: StartInviteOptions[] = [];
  const calls: Array<readonly [string, ...unknown[]]> = [];
  let listener: SessionListener | undefined;
  const record = (name: string) => (...args: unknown[]): SessionResult => {
    calls.push([name, ...args]);
    return { type: 'ok' };
  };
  const session: ClientLegSession = {
    listen: (next) => {
      listener = next;
    },
    cancel: record('cancel'),
    sendBye: record('sendBye'),
    sendReInvite: record('sendReInvite'),
    answerReInvite: record('answerReInvite'),
    sendInfo: record('sendInfo'),
  };
  const port = createClientLegPort({
    startInvite: (options): ClientLegStart => {
      placed.push(options);
      return start === 'started' ? { type: 'started', session } : { type: 'error', code: 'no-contact', detail: 'no Contact for tcp' };
    },
    from: (caller) => callerAddress(caller, 'pbx.example.com'),
    onFact: (fact) => facts.push(fact),
    onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
  });
  return { port, facts, diagnostics, placed, calls, session, emit: (event) => listener?.(event) };
}

describe('createClientLegPort', () => {
  it('MUST place the INVITE to the target with the caller in From', () => {
    const { port, placed } = harness();
    port.invite(TARGET, CALLER, OFFER);
    assert.deepEqual(placed, [{
      requestUri: TARGET.requestUri,
      from: '"Alice Liddell" <sip:1001@pbx.example.com>',
      to: '<sip:1002@pbx.example.com>',
      sdp: OFFER,
      destination: TARGET.destination,
    }]);
  });

  it('MUST report a start error at once as sip.failed 503', () => {
    const { port, facts } = harness('error');
    port.invite(TARGET, CALLER, OFFER);
    assert.deepEqual(facts, [{ type: 'sip.failed', status: 503, reason: 'Service Unavailable' }]);
  });

  it('MUST not place another INVITE after a start error', () => {
    const { port, placed } = harness('error');
    port.invite(TARGET, CALLER, OFFER);
    port.invite(TARGET, CALLER, OFFER);
    assert.equal(placed.length, 1);
  });

  it('MUST deliver the facts of the session events in order', () => {
    const { port, facts, emit } = harness();
    port.invite(TARGET, CALLER, OFFER);
    emit({ type: 'provisional', status: 180, toTag: 'x' });
    emit({ type: 'answered', sdp: OFFER });
    assert.deepEqual(facts, [{ type: 'sip.provisional', status: 180 }, { type: 'sip.answered', sdp: OFFER }]);
  });

  it('MUST hang up a 2xx without SDP answer and report it as sip.failed 502', () => {
    const { port, facts, calls, emit } = harness();
    port.invite(TARGET, CALLER, OFFER);
    emit({ type: 'answered' });
    assert.deepEqual(calls, [['sendBye']]);
    assert.deepEqual(facts.map((fact) => (fact.type === 'sip.failed' ? fact.status : fact.type)), [502]);
  });

  it('MUST send cancel, bye, reinvite and info as session commands', () => {
    const { port, calls } = harness();
    port.invite(TARGET, CALLER, OFFER);
    port.cancel();
    port.bye();
    port.reinvite(HOLD);
    port.info('application/dtmf-relay', 'Signal=4');
    assert.deepEqual(calls, [['cancel'], ['sendBye'], ['sendReInvite', HOLD], ['sendInfo', 'application/dtmf-relay', 'Signal=4']]);
  });

  it('MUST answer the last received re-INVITE by its requestId', () => {
    const { port, calls, emit } = harness();
    port.invite(TARGET, CALLER, OFFER);
    emit({ type: 'reinvite.received', requestId: 'INVITE-3', method: 'INVITE', sdp: HOLD });
    port.answerReinvite(OFFER.replace('sendrecv', 'recvonly'));
    assert.deepEqual(calls, [['answerReInvite', 'INVITE-3', { type: 'accept', sdp: OFFER.replace('sendrecv', 'recvonly') }]]);
  });

  it('MUST refuse a second invite with a diagnostic and place nothing more', () => {
    const { port, placed, diagnostics } = harness();
    port.invite(TARGET, CALLER, OFFER);
    port.invite(TARGET, CALLER, OFFER);
    assert.equal(placed.length, 1);
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.type), ['leg.command_invalid']);
  });

  it('MUST end the leg with BYE when its CANCEL comes too late (the 200 crossed it and the session is confirmed)', () => {
    const { port, calls, session } = harness();
    port.invite(TARGET, CALLER, OFFER);
    (session as { cancel: ClientLegSession['cancel'] }).cancel = () => {
      calls.push(['cancel']);
      return { type: 'error', code: 'invalid-state', detail: 'CANCEL in confirmed' };
    };
    port.cancel();
    assert.deepEqual(calls, [['cancel'], ['sendBye']]);
  });

  it('MUST report commands before the INVITE as diagnostics', () => {
    const { port, calls, diagnostics } = harness();
    port.cancel();
    port.bye();
    assert.deepEqual(calls, []);
    assert.equal(diagnostics.length, 2);
  });

  for (const command of ['provisional', 'accept', 'reject'] as const) {
    it(`MUST treat ${command} as a no-op reported as leg.command_invalid on an outbound leg`, () => {
      const { port, calls, diagnostics } = harness();
      port.invite(TARGET, CALLER, OFFER);
      if (command === 'provisional') port.provisional(180, undefined);
      else if (command === 'accept') port.accept(OFFER);
      else port.reject(486, 'Busy Here');
      assert.deepEqual(calls, []);
      assert.deepEqual(diagnostics, [{ type: 'leg.command_invalid', command, detail: 'not valid on an outbound leg' }]);
    });
  }
});

describe('callerAddress', () => {
  it('MUST quote and escape the display name', () => {
    assert.equal(callerAddress({ name: 'Eve "x" \\ <sip:evil>', number: '1003' }, 'pbx.example.com'), '"Eve \\"x\\" \\\\ <sip:evil>" <sip:1003@pbx.example.com>');
  });

  it('MUST turn CR and LF of the display name into spaces', () => {
    assert.equal(callerAddress({ name: 'A\r\nVia: x', number: '1' }, 'pbx.example.com'), '"A  Via: x" <sip:1@pbx.example.com>');
  });

  it('MUST percent-encode number characters the user part does not allow', () => {
    assert.equal(callerAddress({ name: '', number: '+33 1@é' }, 'pbx.example.com'), '<sip:+33%201%40%C3%A9@pbx.example.com>');
  });

  it('MUST leave the user part out when the number is empty', () => {
    assert.equal(callerAddress({ name: 'Anonymous', number: '' }, 'pbx.example.com'), '"Anonymous" <sip:pbx.example.com>');
  });
});
