/**
 * Dialogs passing between nodes (a call moved, an HA takeover): requests that reach a node which
 * let the dialog go, or that reach the new node before it has taken the dialog on, must not be
 * answered 481, which ends the dialog at the peer (RFC 3261 §12.2.1.2).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader } from '../message/index.ts';
import type { SessionEvent } from './session-events.ts';
import type { SessionSnapshot } from './session-snapshot.ts';
import { createSessionHarness, peerAck, peerRequest, sdp, toTagOf, type SessionHarness } from './testing/session-harness.ts';

/** A confirmed UAS dialog on a harness: its snapshot, and the peer's requests in it. */
function confirmedDialog(): { harness: SessionHarness; snapshot: SessionSnapshot; inDialog: (method: string, cseq: number) => ReturnType<typeof peerRequest> } {
  const harness = createSessionHarness();
  harness.receive(peerRequest());
  const session = harness.sessions[0]?.session;
  if (session === undefined) throw new Error('no session');
  session.accept({ sdp: sdp() });
  const ok = harness.wire.responses(200)[0];
  if (ok === undefined) throw new Error('no 200');
  harness.receive(peerAck(ok));
  const snapshot = session.snapshot();
  if (snapshot === undefined) throw new Error('no snapshot of a confirmed session');
  const toTag = toTagOf(ok);
  return {
    harness,
    snapshot: JSON.parse(JSON.stringify(snapshot)) as SessionSnapshot,
    inDialog: (method, cseq) => peerRequest({ method, cseq, toTag, ...(method === 'INVITE' ? { body: sdp('sendonly') } : {}) }),
  };
}

/** The statuses the node answered to requests of `method`. */
function answered(harness: SessionHarness, method: string): number[] {
  return harness.wire.responses().filter((response) => getHeader(response, 'cseq')?.endsWith(method) === true).map((response) => response.status);
}

describe('a dialog handed off to another node', () => {
  it('MUST leave a BYE in it unanswered, so that the peer retransmits it to the node that serves it now', () => {
    const { harness, inDialog } = confirmedDialog();
    harness.sessions[0]?.session.release();
    harness.receive(inDialog('BYE', 2));
    harness.receive(inDialog('UPDATE', 3));
    assert.deepEqual([answered(harness, 'BYE'), answered(harness, 'UPDATE')], [[], []]);
  });

  it('MUST answer a re-INVITE in it 500 with Retry-After, which keeps the dialog at the peer (RFC 3261 §14.2)', () => {
    const { harness, inDialog } = confirmedDialog();
    harness.sessions[0]?.session.release();
    harness.receive(inDialog('INVITE', 2));
    const refused = harness.wire.responses(500)[0];
    assert.equal(refused === undefined ? undefined : getHeader(refused, 'retry-after'), '1');
  });

  it('MUST answer 481 again once 64×T1 has passed', () => {
    const { harness, inDialog } = confirmedDialog();
    harness.sessions[0]?.session.release();
    harness.clock.advance(32_000);
    harness.receive(inDialog('BYE', 2));
    assert.deepEqual(answered(harness, 'BYE'), [481]);
  });

  it('MUST serve the dialog again when the node takes it back', () => {
    const { harness, snapshot, inDialog } = confirmedDialog();
    harness.sessions[0]?.session.release();
    const resumed = harness.core.resumeSession(snapshot);
    if (resumed.type !== 'ok') throw new Error(resumed.detail);
    const events: SessionEvent[] = [];
    resumed.session.listen((event) => events.push(event));
    harness.receive(inDialog('BYE', 2));
    assert.deepEqual([answered(harness, 'BYE'), events.map((event) => event.type)], [[200], ['bye.received', 'terminated']]);
  });
});

describe('a node taking dialogs over (holdUnknownDialogs)', () => {
  it('MUST keep a BYE in a dialog it has not taken on yet waiting, and give it to the dialog once taken on', () => {
    const { harness, snapshot, inDialog } = confirmedDialog();
    // Handed off lately, as when a master that stood down takes its calls back.
    harness.sessions[0]?.session.release();
    const endHold = harness.core.holdUnknownDialogs(5_000);
    harness.receive(inDialog('BYE', 2));
    assert.deepEqual(answered(harness, 'BYE'), []);
    const resumed = harness.core.resumeSession(snapshot);
    if (resumed.type !== 'ok') throw new Error(resumed.detail);
    const events: SessionEvent[] = [];
    resumed.session.listen((event) => events.push(event));
    endHold();
    assert.deepEqual([answered(harness, 'BYE'), events.map((event) => event.type)], [[200], ['bye.received', 'terminated']]);
  });

  it('MUST keep a BYE in a dialog taken on during the hold waiting until the hold ends: its call may not be there yet to hear it', () => {
    const { harness, snapshot, inDialog } = confirmedDialog();
    harness.sessions[0]?.session.release();
    const endHold = harness.core.holdUnknownDialogs(5_000);
    const resumed = harness.core.resumeSession(snapshot);
    if (resumed.type !== 'ok') throw new Error(resumed.detail);
    harness.receive(inDialog('BYE', 2));
    const events: SessionEvent[] = [];
    resumed.session.listen((event) => events.push(event));
    assert.deepEqual([answered(harness, 'BYE'), events], [[], []]);
    endHold();
    assert.deepEqual([answered(harness, 'BYE'), events.map((event) => event.type)], [[200], ['bye.received', 'terminated']]);
  });

  it('MUST leave unanswered what waited in a dialog handed off lately that it did not take back', () => {
    const { harness, inDialog } = confirmedDialog();
    harness.sessions[0]?.session.release();
    const endHold = harness.core.holdUnknownDialogs(5_000);
    harness.receive(inDialog('BYE', 2));
    endHold();
    assert.deepEqual(answered(harness, 'BYE'), []);
  });

  it('MUST answer 481 to what waited for a dialog that was never taken on, once the hold ends', () => {
    const harness = createSessionHarness();
    const endHold = harness.core.holdUnknownDialogs(5_000);
    harness.receive(peerRequest({ method: 'BYE', cseq: 2, toTag: 'unknown' }));
    assert.deepEqual(answered(harness, 'BYE'), []);
    endHold();
    endHold();
    assert.deepEqual(answered(harness, 'BYE'), [481]);
  });

  it('MUST end the hold by itself after its limit, and wait for the last of nested holds', () => {
    const harness = createSessionHarness();
    const endFirst = harness.core.holdUnknownDialogs(1_000);
    harness.core.holdUnknownDialogs(5_000);
    harness.receive(peerRequest({ method: 'BYE', cseq: 2, toTag: 'unknown' }));
    endFirst();
    harness.clock.advance(4_999);
    assert.deepEqual(answered(harness, 'BYE'), []);
    harness.clock.advance(1);
    assert.deepEqual(answered(harness, 'BYE'), [481]);
  });

  it('MUST still answer 481 outside a hold', () => {
    const harness = createSessionHarness();
    harness.core.holdUnknownDialogs(1_000)();
    harness.receive(peerRequest({ method: 'BYE', cseq: 2, toTag: 'unknown' }));
    assert.deepEqual(answered(harness, 'BYE'), [481]);
  });
});
