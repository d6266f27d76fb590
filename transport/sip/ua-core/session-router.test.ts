import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createResponse, getHeader } from '../message/index.ts';
import { createSimulatedClock, createTransactionLayer } from '../transactions/index.ts';
import { createRecordingSender } from '../transactions/testing/sip-fakes.ts';
import { createSipCore } from './sip-core.ts';
import { createSessionHarness, PEER, peerRequest } from './testing/session-harness.ts';

describe('UA core routing of INVITE sessions', () => {
  it('MUST answer 481 to a BYE outside any dialog (RFC 3261 §12.2.2)', () => {
    const harness = createSessionHarness();
    harness.receive(peerRequest({ method: 'BYE', cseq: 2 }));
    assert.equal(harness.wire.responses(481).length, 1);
  });

  it('MUST answer 400 to an INVITE without Contact (RFC 3261 §8.1.1.8)', () => {
    const harness = createSessionHarness();
    harness.receive(peerRequest({ headers: { contact: [] } }));
    assert.equal(harness.wire.responses(400).length, 1);
  });

  it('MUST answer 422 with Min-SE to an INVITE whose Session-Expires is too small (RFC 4028 §9)', () => {
    const harness = createSessionHarness();
    harness.receive(peerRequest({ headers: { 'session-expires': ['30'] } }));
    assert.equal(getHeader(harness.wire.responses(422)[0] ?? createResponse(peerRequest(), 200), 'min-se'), '90');
  });

  it('MUST answer 405 with Allow to a PRACK outside a dialog, 100rel not being offered', () => {
    const harness = createSessionHarness();
    harness.receive(peerRequest({ method: 'PRACK', cseq: 2 }));
    assert.match(getHeader(harness.wire.responses(405)[0] ?? createResponse(peerRequest(), 200), 'allow') ?? '', /INVITE/);
  });

  it('MUST answer 500 when the call layer throws from onInvite, and forget the INVITE', () => {
    const harness = createSessionHarness({ onInvite: () => { throw new Error('bug'); } });
    harness.receive(peerRequest());
    assert.equal(harness.wire.responses(500).length, 1);
    assert.equal(harness.core.sessionCounts().invites, 0);
  });

  it('MUST keep serving OPTIONS through its handler when sessions are on', async () => {
    const clock = createSimulatedClock();
    const wire = createRecordingSender();
    const core = createSipCore({
      handlers: { OPTIONS: ({ request }) => createResponse(request, 200) },
      serverName: 'parley-test',
      createTag: () => 'tag1',
      sessions: { onInvite: () => undefined, clock, randomBytes: (size) => new Uint8Array(size), random: () => 0, contacts: {} },
    });
    const layer = createTransactionLayer({ sender: wire.sender, clock, transactionUser: core });
    core.attach(layer);
    layer.receive(peerRequest({ method: 'OPTIONS' }), PEER);
    await Promise.resolve();
    assert.equal(wire.responses(200).length, 1);
  });

  it('MUST answer 405 to an INVITE when no sessions are configured', () => {
    const clock = createSimulatedClock();
    const wire = createRecordingSender();
    const core = createSipCore({ handlers: {}, serverName: 'parley-test', createTag: () => 'tag1' });
    const layer = createTransactionLayer({ sender: wire.sender, clock, transactionUser: core });
    core.attach(layer);
    layer.receive(peerRequest(), PEER);
    assert.equal(wire.responses(405).length, 1);
  });
});
