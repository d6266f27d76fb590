/**
 * Both sides of a call's move over in-memory parts: the source refuses what cannot move before
 * asking anyone, lets its copy go only once the target took the call (or ended it), and points a
 * phone back when it refused; the target re-INVITEs the caller first, keeps nothing when the
 * caller refuses, and ends the call when the callee refuses after the caller moved.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResumedSession, SessionEvent, SessionListener } from '../../transport/index.ts';
import { sdp } from '../../transport/index.ts';
import type { CallReplica, ChannelReplica } from './call-replica.ts';
import { createCallMoves, type CallMovesContext, type MoveRequests } from './call-moves.ts';
import type { AdoptOutcome } from './move-channel.ts';
import { createRtpPortAllocator } from './rtp-port-allocator.ts';

function leg(channelId: string): ChannelReplica {
  return {
    channelId, side: 'inbound', actor: { v: 1, kind: 'channel', id: channelId, epoch: 1, timers: {}, data: { state: 'answered', channelId } as never },
    session: { v: 1, peerAllowsUpdate: false, learned: { transport: 'udp', address: '192.0.2.10', port: 5060 }, dialog: { id: { callId: `sip-${channelId}`, localTag: 'l', remoteTag: 'r' }, role: 'uas', state: 'confirmed', localAddress: { uri: 'sip:a@x', params: {} }, remoteAddress: { uri: 'sip:b@y', params: {} }, remoteTarget: 'sip:b@192.0.2.10', routeSet: [], secure: false, ownsCallId: false, pendingInvites: {} } },
  };
}

const REPLICA: CallReplica = {
  v: 1, callId: 'c1', node: 'pbx-a', userIds: [], trunkIds: [], writtenAtMs: 0, channels: [leg('c2'), leg('c1')],
  call: { v: 1, kind: 'call', id: 'c1', epoch: 3, timers: {}, data: { state: 'established', callId: 'c1', caller: { channelId: 'c1' }, answeredChannelId: 'c2' } as never },
  media: {
    state: { sessionId: 'c1' as never, ports: { A: 20000, B: 20002 }, calleeOffer: {} as never, origins: { A: { ...sdp.createOriginState('1'), lastDescription: 'v=0' }, B: { ...sdp.createOriginState('2'), lastDescription: 'v=0' } }, codecs: { A: 'PCMU', B: 'PCMU' }, reoffers: {} },
    session: { v: 1, sessionId: 'c1' as never, takenAtMs: 0, legs: [{ config: { rtpPort: 20000, codec: 'PCMU' }, outbound: { ssrc: 1, nextSequenceNumber: 1, lastTimestamp: 0, lastSentAtMs: 0 } }, { config: { rtpPort: 20002, codec: 'PCMU' }, outbound: { ssrc: 2, nextSequenceNumber: 1, lastTimestamp: 0, lastSentAtMs: 0 } }] },
  },
};

const ANSWER = ['v=0', 'o=- 9 2 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0', 'm=audio 4000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');

/** A node's parts, recording what the moves did; each party answers its re-INVITE as `answers` says. */
function node(options: { readonly answers?: Record<string, SessionEvent>; readonly replica?: CallReplica; readonly busy?: string } = {}) {
  const done: string[] = [];
  const rtpPorts = createRtpPortAllocator({ start: 32000, end: 32100 });
  const session = (channelId: string): ResumedSession => {
    let listener: SessionListener = () => undefined;
    return {
      listen: (next: SessionListener) => void (listener = next),
      sendReInvite: (offer: string) => {
        done.push(`re-INVITE ${channelId} ${/^m=audio (\d+)/m.exec(offer)?.[1] ?? ''}`);
        queueMicrotask(() => listener(options.answers?.[channelId] ?? { type: 'reinvite.answered', sdp: ANSWER }));
        return { type: 'ok' };
      },
      release: () => void done.push(`release ${channelId}`),
      answerReInvite: () => ({ type: 'ok' }),
    } as unknown as ResumedSession;
  };
  const context: CallMovesContext = {
    nodeName: 'pbx-b', mediaAddress: '198.51.100.7', rtpPorts,
    mediaPool: { restore: (snapshot) => (done.push(`restore ${snapshot.legs.map((one) => one.config.rtpPort).join(',')}`), Promise.resolve({ type: 'session.created', sessionId: snapshot.sessionId })), request: (command) => (done.push(command.type), Promise.resolve({ type: 'ok' } as never)) },
    resumeSession: () => (snapshot) => ({ type: 'ok', session: session(snapshot.dialog.id.callId.replace('sip-', '')) }),
    replicaOf: (callId) => (callId === options.replica?.callId ? options.replica : undefined),
    carryOn: (replica, epoch) => (done.push(`carry on ${String(epoch)} ports ${String(replica.media?.state.ports.A)},${String(replica.media?.state.ports.B)}`), Promise.resolve({ type: 'resumed', callId: replica.callId })),
    letGo: (callId) => (done.push(`let go ${callId}`), Promise.resolve()),
    repoint: (callId, channelIds) => void done.push(`repoint ${callId} ${channelIds.join(',')}`),
    hangUp: (callId) => void done.push(`hang up ${callId}`),
    busy: () => options.busy,
    log: { info: () => undefined, warn: () => undefined },
  };
  return { done, rtpPorts, moves: createCallMoves(context) };
}

const requests = (outcome: AdoptOutcome, live = true): MoveRequests & { asked: string[] } => {
  const asked: string[] = [];
  return { asked, isLive: () => Promise.resolve(live), request: (target) => (asked.push(target), Promise.resolve(outcome)) };
};

describe('the source of a move', () => {
  it('MUST refuse before asking anyone: same node, HA role, no such call, no live node', async () => {
    const asked = requests({ type: 'adopted' });
    assert.equal((await node({ replica: REPLICA }).moves.migrate('c1', 'pbx-b', asked)).type, 'invalid-state');
    assert.equal((await node({ replica: REPLICA, busy: 'HA master' }).moves.migrate('c1', 'pbx-c', asked)).type, 'conflict');
    assert.equal((await node({ replica: REPLICA }).moves.migrate('c9', 'pbx-c', asked)).type, 'not-found');
    assert.equal((await node({ replica: REPLICA }).moves.migrate('c1', 'pbx-c', requests({ type: 'adopted' }, false))).type, 'not-found');
    assert.equal((await node({ replica: REPLICA }).moves.migrate('c1', 'pbx-c', undefined)).type, 'invalid-state');
    assert.deepEqual(asked.asked, []);
  });

  it('MUST let the call go once the target adopted it, or ended it; keep it and point the refusing phone back otherwise', async () => {
    const adopted = node({ replica: REPLICA });
    assert.deepEqual(await adopted.moves.migrate('c1', 'pbx-c', requests({ type: 'adopted' })), { type: 'moved', node: 'pbx-c' });
    assert.deepEqual(adopted.done, ['let go c1']);
    const ended = node({ replica: REPLICA });
    assert.equal((await ended.moves.migrate('c1', 'pbx-c', requests({ type: 'ended', reason: 'callee refused' }))).type, 'refused');
    assert.deepEqual(ended.done, ['let go c1']);
    const refused = node({ replica: REPLICA });
    assert.deepEqual(await refused.moves.migrate('c1', 'pbx-c', requests({ type: 'refused', reason: 'no', offered: ['c1'] })), { type: 'refused', message: 'no' });
    assert.deepEqual(refused.done, ['repoint c1 c1']);
  });
});

describe('the target of a move', () => {
  it('MUST restore the media on ports of its own, re-INVITE the caller then the callee, and carry the call on under the next epoch', async () => {
    const target = node();
    assert.deepEqual(await target.moves.adopt(REPLICA, 'pbx-a'), { type: 'adopted' });
    const [A, B] = (target.done[0] ?? '').replace('restore ', '').split(',').map(Number);
    assert.ok(A !== undefined && B !== undefined && A >= 32000 && B >= 32000 && A !== B, 'two ports of its own range');
    assert.deepEqual(target.done, [`restore ${String(A)},${String(B)}`, `re-INVITE c1 ${String(A)}`, 'session.update', `re-INVITE c2 ${String(B)}`, 'session.update', `carry on 4 ports ${String(A)},${String(B)}`]);
    assert.equal(target.rtpPorts.inUse(), 2);
  });

  it('MUST keep nothing when the caller refuses: no re-INVITE to the callee, dialogs let go, media and ports freed', async () => {
    const target = node({ answers: { c1: { type: 'reinvite.failed', status: 488 } } });
    assert.deepEqual(await target.moves.adopt(REPLICA, 'pbx-a'), { type: 'refused', reason: "the caller's phone refused the move: 488", offered: ['c1'] });
    assert.deepEqual(target.done.slice(1).map((step) => step.replace(/ \d+$/, '')), ['re-INVITE c1', 'release c1', 'release c2', 'session.destroy']);
    assert.equal(target.rtpPorts.inUse(), 0);
  });

  it('MUST end the call when the callee refuses after the caller moved, and say so', async () => {
    const target = node({ answers: { c2: { type: 'reinvite.failed', status: 488 } } });
    const outcome = await target.moves.adopt(REPLICA, 'pbx-a');
    assert.equal(outcome.type, 'ended');
    assert.deepEqual(target.done.slice(-2).map((step) => step.split(' ')[0]), ['carry', 'hang']);
  });

  it('MUST refuse a call it cannot move, and one it already runs', async () => {
    const ringing = { ...REPLICA, call: { ...REPLICA.call, data: { ...REPLICA.call.data, state: 'ringing' } } } as unknown as CallReplica;
    assert.deepEqual(await node().moves.adopt(ringing, 'pbx-a'), { type: 'refused', reason: 'the call is ringing' });
    assert.equal((await node({ replica: REPLICA }).moves.adopt(REPLICA, 'pbx-a')).type, 'refused');
  });
});
