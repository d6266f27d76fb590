/**
 * The plan of a call's move to another node: which calls move, the media session on the target's
 * ports, and the target-refresh offers (the target's address and port, same session id, version
 * plus one), read against the parties' answers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionSnapshot as MediaSessionSnapshot } from '../../media-workers/index.ts';
import { sdp, type SessionSnapshot } from '../../transport/index.ts';
import type { CallReplica, ChannelReplica } from './call-replica.ts';
import { movability, movedMediaState, planMove, readMoveAnswer } from './move-plan.ts';

const dialog = (callId: string, transport: 'udp' | 'tcp' = 'udp'): SessionSnapshot => ({
  v: 1, peerAllowsUpdate: false, learned: { transport, address: '192.0.2.10', port: 5060 },
  dialog: { id: { callId, localTag: 'l', remoteTag: 'r' }, role: 'uas', state: 'confirmed', localAddress: { uri: 'sip:a@x', params: {} }, remoteAddress: { uri: 'sip:b@y', params: {} }, remoteTarget: 'sip:b@192.0.2.10', routeSet: [], secure: false, ownsCallId: false, pendingInvites: {} },
});

function leg(channelId: string, state = 'answered', transport: 'udp' | 'tcp' = 'udp'): ChannelReplica {
  return { channelId, side: channelId === 'c1' ? 'inbound' : 'outbound', actor: { v: 1, kind: 'channel', id: channelId, epoch: 1, timers: {}, data: { state, channelId } as never }, session: dialog(`sip-${channelId}`, transport) };
}

const mediaSession = (): MediaSessionSnapshot => ({
  v: 1, sessionId: 'c1' as never, takenAtMs: 0,
  legs: [
    { config: { rtpPort: 20000, codec: 'PCMU' }, latchedRemote: { address: '192.0.2.10', port: 4000 }, outbound: { ssrc: 1, nextSequenceNumber: 10, lastTimestamp: 160, lastSentAtMs: 0 } },
    { config: { rtpPort: 20002, codec: 'PCMU' }, latchedRemote: { address: '192.0.2.20', port: 4002 }, outbound: { ssrc: 2, nextSequenceNumber: 20, lastTimestamp: 320, lastSentAtMs: 0 } },
  ],
});

function replica(legs: readonly ChannelReplica[] = [leg('c1'), leg('c2')], state = 'established'): CallReplica {
  return {
    v: 1, callId: 'c1', node: 'pbx-a', userIds: [], trunkIds: [], writtenAtMs: 0, channels: legs,
    call: { v: 1, kind: 'call', id: 'c1', epoch: 3, timers: {}, data: { state, callId: 'c1', caller: { channelId: 'c1' }, answeredChannelId: 'c2' } as never },
    media: {
      state: { sessionId: 'c1' as never, ports: { A: 20000, B: 20002 }, calleeOffer: {} as never, origins: { A: { ...sdp.createOriginState('111', '5'), lastDescription: 'v=0 (as sent before)' }, B: { ...sdp.createOriginState('222', '7'), lastDescription: 'v=0 (as sent before)' } }, codecs: { A: 'PCMU', B: 'PCMA' }, reoffers: {} },
      session: mediaSession(),
    },
  };
}

const answerTo = (port: number, codec: 0 | 8): string =>
  ['v=0', 'o=- 9 2 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0', `m=audio ${String(port)} RTP/AVP ${String(codec)}`, `a=rtpmap:${String(codec)} ${codec === 0 ? 'PCMU' : 'PCMA'}/8000`, 'a=sendrecv', ''].join('\r\n');

describe('which calls move', () => {
  it('MUST move an established two-party call over UDP, the caller\'s leg as A', () => {
    const verdict = movability(replica([leg('c2'), leg('c1')]));
    assert.equal(verdict.type, 'movable');
    assert.equal(verdict.type === 'movable' ? verdict.legs.A.channelId : '', 'c1');
  });

  it('MUST refuse, with the reason, a ringing call, a held party, a third leg and a leg over TCP', () => {
    const reasonOf = (candidate: CallReplica): string => {
      const verdict = movability(candidate);
      return verdict.type === 'not_movable' ? verdict.reason : 'movable';
    };
    assert.equal(reasonOf(replica(undefined, 'ringing')), 'the call is ringing');
    assert.equal(reasonOf(replica([leg('c1'), leg('c2', 'held')])), 'channel c2 is held');
    assert.equal(reasonOf(replica([leg('c1'), leg('c2'), leg('c3')])), 'the call has 3 legs, not two');
    assert.equal(reasonOf(replica([leg('c1'), leg('c2', 'answered', 'tcp')])), 'channel c2 runs over tcp');
  });
});

describe('the plan of a move', () => {
  const moving = replica();
  const legs = { A: leg('c1'), B: leg('c2') };
  const plan = planMove(moving, legs, { A: 32000, B: 32002 }, '198.51.100.7');

  it('MUST re-create the media session on the new ports, keeping what each leg latched and sent', () => {
    assert.equal(plan.type, 'ok');
    if (plan.type !== 'ok') return;
    assert.deepEqual(plan.media.legs.map((one) => one.config.rtpPort), [32000, 32002]);
    assert.deepEqual(plan.media.legs.map((one) => one.latchedRemote?.port), [4000, 4002]);
    assert.deepEqual(plan.media.legs.map((one) => one.outbound.nextSequenceNumber), [10, 20]);
  });

  it("MUST offer each party the target's address and port, its leg's session id and the version plus one, the current codec first", () => {
    assert.equal(plan.type, 'ok');
    if (plan.type !== 'ok') return;
    const [first, second] = plan.legs;
    assert.deepEqual([first.leg, first.channelId, second.leg, second.channelId], ['A', 'c1', 'B', 'c2']);
    assert.match(first.offerSdp, /^o=\S+ 111 6 IN IP4 198\.51\.100\.7$/m);
    assert.match(first.offerSdp, /^c=IN IP4 198\.51\.100\.7$/m);
    assert.match(first.offerSdp, /^m=audio 32000 RTP\/AVP 0 8 101$/m);
    assert.match(first.offerSdp, /^a=sendrecv$/m);
    assert.match(second.offerSdp, /^o=\S+ 222 8 IN IP4 198\.51\.100\.7$/m);
    assert.match(second.offerSdp, /^m=audio 32002 RTP\/AVP 8 0 101$/m);
  });

  it('MUST read each answer into a pool update of its leg, and refuse an answer without SDP', () => {
    assert.equal(plan.type, 'ok');
    if (plan.type !== 'ok') return;
    const update = readMoveAnswer('c1' as never, plan.legs[1], answerTo(4002, 0));
    assert.equal(update.type, 'session.update');
    assert.deepEqual(update.type === 'session.update' ? [update.leg, update.codec, update.remote?.port] : [], ['B', 'PCMU', 4002]);
    assert.equal(readMoveAnswer('c1' as never, plan.legs[0], undefined).type, 'error');
    const state = movedMediaState((moving.media as NonNullable<CallReplica['media']>).state, { A: 32000, B: 32002 }, plan, update.type === 'session.update' ? [update] : []);
    assert.deepEqual(state.ports, { A: 32000, B: 32002 });
    assert.deepEqual([state.origins.A.sessionVersion, state.origins.B.sessionVersion], ['6', '8']);
    assert.deepEqual(state.codecs, { A: 'PCMU', B: 'PCMU' });
  });
});
