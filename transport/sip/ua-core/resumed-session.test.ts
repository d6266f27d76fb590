import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSipStack, type SipStack } from '../../sip-stack.ts';
import type { InviteServerSession } from './invite-server-session.ts';
import type { SessionEvent } from './session-events.ts';
import { readSessionSnapshot, RESUMED_SEQUENCE_MARGIN, type SessionSnapshot } from './session-snapshot.ts';
import { sdp } from './testing/session-harness.ts';

async function waitFor(condition: () => boolean, limitMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const base = { address: '127.0.0.1', transports: ['udp'] as const, handlers: {}, serverName: 'parley-resume' };

describe('an established session resumed from its snapshot on another stack at the same address', () => {
  const stacks: SipStack[] = [];
  afterEach(async () => {
    await Promise.all(stacks.splice(0).map((stack) => stack.close()));
  });

  /** A caller and a node whose UAS session answered and got its ACK; the node is then closed and its session's snapshot kept. */
  async function establishedThenMoved(): Promise<{ caller: SipStack; callerEvents: SessionEvent[]; snapshot: SessionSnapshot; port: number; callerSession: { sendBye(): unknown; sendReInvite(sdp: string): unknown } }> {
    let uas: InviteServerSession | undefined;
    const first = await createSipStack({ ...base, port: 0, sessions: { onInvite: (session) => {
      uas = session;
      session.listen(() => undefined);
      session.accept({ sdp: sdp('sendrecv', 0) });
    } } });
    const caller = await createSipStack({ ...base, port: 0, sessions: { onInvite: (session) => void session.reject(603) } });
    stacks.push(caller);
    const port = first.local.port;
    const started = caller.startInvite({ requestUri: `sip:bob@127.0.0.1:${String(port)}`, from: '<sip:alice@127.0.0.1>', to: '<sip:bob@127.0.0.1>', sdp: sdp(), destination: { transport: 'udp', address: '127.0.0.1', port } });
    if (started.type !== 'started') throw new Error(started.detail);
    const callerEvents: SessionEvent[] = [];
    started.session.listen((event) => callerEvents.push(event));
    await waitFor(() => uas?.state === 'confirmed');
    const snapshot = uas?.snapshot();
    if (snapshot === undefined) throw new Error('no snapshot of a confirmed session');
    await first.close();
    return { caller, callerEvents, snapshot: JSON.parse(JSON.stringify(snapshot)) as SessionSnapshot, port, callerSession: started.session };
  }

  it('MUST serve the peer\'s re-INVITE and BYE in the resumed dialog', async () => {
    const { snapshot, port, callerSession, callerEvents } = await establishedThenMoved();
    const second = await createSipStack({ ...base, port, sessions: { onInvite: (session) => void session.reject(500) } });
    stacks.push(second);
    const read = readSessionSnapshot(snapshot);
    assert.equal(read.type, 'ok');
    const resumed = second.resumeSession(snapshot);
    if (resumed.type !== 'ok') throw new Error(resumed.detail);
    const events: SessionEvent[] = [];
    resumed.session.listen((event) => {
      events.push(event);
      if (event.type === 'reinvite.received') resumed.session.answerReInvite(event.requestId, { type: 'accept', sdp: sdp('sendonly', 0) });
    });
    callerSession.sendReInvite(sdp('sendonly'));
    await waitFor(() => callerEvents.some((event) => event.type === 'reinvite.answered'));
    callerSession.sendBye();
    await waitFor(() => events.some((event) => event.type === 'bye.received'));
    await waitFor(() => second.sessionCounts().dialogs === 0);
  });

  it('MUST send its own BYE with a CSeq above the replica\'s, which the peer accepts', async () => {
    const { snapshot, port, callerEvents } = await establishedThenMoved();
    const second = await createSipStack({ ...base, port, sessions: { onInvite: (session) => void session.reject(500) } });
    stacks.push(second);
    const resumed = second.resumeSession(snapshot);
    if (resumed.type !== 'ok') throw new Error(resumed.detail);
    assert.equal(resumed.session.snapshot()?.dialog.localSequence, (snapshot.dialog.localSequence ?? 0) + RESUMED_SEQUENCE_MARGIN);
    resumed.session.sendBye();
    await waitFor(() => callerEvents.some((event) => event.type === 'bye.received'));
  });

  it('MUST let a resumed dialog go without a word (no BYE, no report), so that the same stack can resume it again', async () => {
    const { snapshot, port, callerEvents } = await establishedThenMoved();
    const second = await createSipStack({ ...base, port, sessions: { onInvite: (session) => void session.reject(500) } });
    stacks.push(second);
    const resumed = second.resumeSession(snapshot);
    if (resumed.type !== 'ok') throw new Error(resumed.detail);
    const events: SessionEvent[] = [];
    resumed.session.listen((event) => events.push(event));
    resumed.session.release();
    assert.equal(second.sessionCounts().dialogs, 0);
    assert.equal(resumed.session.snapshot(), undefined);
    assert.deepEqual(events, []);
    assert.ok(!callerEvents.some((event) => event.type === 'bye.received'));
    assert.equal(second.resumeSession(snapshot).type, 'ok');
  });

  it('MUST move its CSeq on by the count asked, without sending', async () => {
    const { snapshot, port, callerEvents } = await establishedThenMoved();
    const second = await createSipStack({ ...base, port, sessions: { onInvite: (session) => void session.reject(500) } });
    stacks.push(second);
    const resumed = second.resumeSession(snapshot);
    if (resumed.type !== 'ok') throw new Error(resumed.detail);
    resumed.session.skipSequence(200);
    assert.equal(resumed.session.snapshot()?.dialog.localSequence, (snapshot.dialog.localSequence ?? 0) + RESUMED_SEQUENCE_MARGIN + 200);
    resumed.session.sendBye();
    await waitFor(() => callerEvents.some((event) => event.type === 'bye.received'));
  });

  it('MUST refuse to resume a dialog the stack already serves', async () => {
    const { snapshot, port } = await establishedThenMoved();
    const second = await createSipStack({ ...base, port, sessions: { onInvite: (session) => void session.reject(500) } });
    stacks.push(second);
    assert.equal(second.resumeSession(snapshot).type, 'ok');
    const again = second.resumeSession(snapshot);
    assert.equal(again.type, 'error');
  });

  it('MUST refuse a replica that is not a confirmed dialog', () => {
    assert.equal(readSessionSnapshot({ v: 1 }).type, 'error');
    assert.equal(readSessionSnapshot(null).type, 'error');
    const early = { v: 1, dialog: { id: { callId: 'a', localTag: 'b', remoteTag: 'c' }, state: 'early', role: 'uas', localAddress: {}, remoteAddress: {}, remoteTarget: 'sip:x', routeSet: [] }, learned: { transport: 'udp', address: '127.0.0.1', port: 5060 }, peerAllowsUpdate: false };
    const read = readSessionSnapshot(early);
    assert.equal(read.type === 'error' && read.detail.includes('confirmed'), true);
  });
});
