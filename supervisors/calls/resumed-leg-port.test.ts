import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { channel } from '../../actors/index.ts';
import type { SessionEvent, SessionListener, SessionResult } from '../../transport/index.ts';
import { createResumedLegPort, type ResumedLegSession } from './resumed-leg-port.ts';
import type { LegDiagnostic } from './server-leg-port.ts';

const OK: SessionResult = { type: 'ok' };

/** A resumed session that records the commands it gets and lets the test emit its events. */
function recordingSession(): ResumedLegSession & { readonly commands: string[]; emit(event: SessionEvent): void } {
  let listener: SessionListener | undefined;
  const commands: string[] = [];
  return {
    commands,
    emit: (event) => listener?.(event),
    listen: (next) => void (listener = next),
    sendBye: () => (commands.push('BYE'), OK),
    sendReInvite: (sdp) => (commands.push(`re-INVITE ${sdp}`), OK),
    answerReInvite: (requestId, answer) => (commands.push(`answer ${requestId} ${answer.type}`), OK),
    sendInfo: (contentType) => (commands.push(`INFO ${contentType}`), OK),
  };
}

describe('the leg port of a resumed dialog', () => {
  it('MUST turn the peer\'s BYE and INFO into channel facts and carry the channel\'s BYE and INFO', () => {
    const session = recordingSession();
    const facts: channel.SipLegFact[] = [];
    const leg = createResumedLegPort(session, { onFact: (fact) => facts.push(fact) });
    session.emit({ type: 'info.received', contentType: 'application/dtmf-relay', body: 'Signal=5' });
    session.emit({ type: 'bye.received' });
    leg.info('application/dtmf-relay', 'Signal=1');
    leg.bye();
    assert.deepEqual(facts.map((fact) => fact.type), ['sip.info_received', 'sip.bye_received']);
    assert.deepEqual(session.commands, ['INFO application/dtmf-relay', 'BYE']);
  });

  it('MUST answer a re-INVITE the channel answers, and refuse what only an unanswered leg does', () => {
    const session = recordingSession();
    const diagnostics: LegDiagnostic[] = [];
    const leg = createResumedLegPort(session, { onFact: () => undefined, onDiagnostic: (diagnostic) => diagnostics.push(diagnostic) });
    session.emit({ type: 'reinvite.received', requestId: 'r1', method: 'INVITE', sdp: 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendonly\r\n' });
    leg.answerReinvite('v=0');
    leg.invite({} as never, {} as never, 'v=0');
    leg.accept('v=0');
    assert.deepEqual(session.commands, ['answer r1 accept']);
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.type), ['leg.command_invalid', 'leg.command_invalid']);
  });
});
