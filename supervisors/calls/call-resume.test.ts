import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ResumedSession, SessionSnapshot } from '../../transport/index.ts';
import type { CallReplica, ChannelReplica } from './call-replica.ts';
import { resumeCall, type CallResumeDeps } from './call-resume.ts';

const session = (callId: string): SessionSnapshot => ({
  v: 1, peerAllowsUpdate: false, learned: { transport: 'udp', address: '192.0.2.10', port: 5060 },
  dialog: { id: { callId, localTag: 'l', remoteTag: 'r' }, role: 'uas', state: 'confirmed', localAddress: { uri: 'sip:a@x', params: {} }, remoteAddress: { uri: 'sip:b@y', params: {} }, remoteTarget: 'sip:b@192.0.2.10', routeSet: [], secure: false, ownsCallId: false, pendingInvites: {} },
});

function leg(channelId: string, state: string, withSession = true): ChannelReplica {
  return { channelId, side: 'inbound', actor: { v: 1, kind: 'channel', id: channelId, epoch: 1, timers: {}, data: { state, channelId } as never }, ...(withSession ? { session: session(channelId) } : {}) };
}

function replica(state: string, legs: readonly ChannelReplica[]): CallReplica {
  return {
    v: 1, callId: 'c1', node: 'a', call: { v: 1, kind: 'call', id: 'c1', epoch: 1, timers: {}, data: { state, callId: 'c1', caller: { channelId: 'c1' }, answeredChannelId: 'c2' } as never },
    channels: legs, userIds: [], trunkIds: [], writtenAtMs: 0,
    media: { state: { sessionId: 'c1', ports: { A: 20000, B: 20002 } } as never, session: { v: 1, sessionId: 'c1', legs: [{}, {}] } as never },
  };
}

/** Deps that record what resuming asked for. */
function recording(options: { readonly portsFree?: boolean } = {}): CallResumeDeps & { readonly asked: string[] } {
  const asked: string[] = [];
  const resumed = (id: string): ResumedSession => ({ sendBye: () => (asked.push(`BYE ${id}`), { type: 'ok' }) }) as unknown as ResumedSession;
  return {
    asked,
    reservePorts: (ports) => (asked.push(`reserve ${ports.join(',')}`), options.portsFree ?? true),
    releasePorts: (ports) => void asked.push(`release ${ports.join(',')}`),
    restoreMedia: () => (asked.push('restore media'), Promise.resolve({ type: 'ok' })),
    adoptMedia: () => (asked.push('adopt media'), true),
    resumeSession: (snapshot) => (asked.push(`resume ${snapshot.dialog.id.callId}`), { type: 'ok', session: resumed(snapshot.dialog.id.callId) }),
    spawnChannel: (channel) => (asked.push(`spawn ${channel.channelId}`), Promise.resolve()),
    startCall: () => (asked.push('start call'), Promise.resolve(true)),
    endFromSnapshot: () => void asked.push('end from snapshot'),
  };
}

describe('carrying a call on from its replica', () => {
  it('MUST re-create an established call: ports, media, dialogs, channels, then the call', async () => {
    const deps = recording();
    const outcome = await resumeCall(replica('established', [leg('c1', 'answered'), leg('c2', 'held')]), 2, deps);
    assert.equal(outcome.type, 'resumed');
    assert.deepEqual(deps.asked, ['reserve 20000,20002', 'restore media', 'adopt media', 'resume c1', 'resume c2', 'spawn c1', 'spawn c2', 'start call']);
  });

  it('MUST end a call still ringing from its snapshot (its call log), with a BYE on each confirmed dialog only', async () => {
    const deps = recording();
    const outcome = await resumeCall(replica('establishing', [leg('c1', 'answered'), leg('c2', 'ringing', false)]), 2, deps);
    assert.deepEqual(outcome, { type: 'ended', callId: 'c1', reason: 'the call is establishing' });
    assert.deepEqual(deps.asked, ['resume c1', 'BYE c1', 'end from snapshot']);
  });

  it('MUST end a call one of whose parties hung up as its replica was taken, with a BYE to the other', async () => {
    const deps = recording();
    const outcome = await resumeCall(replica('established', [leg('c2', 'answered')]), 2, deps);
    assert.deepEqual(outcome, { type: 'ended', callId: 'c1', reason: 'channel c1 has hung up', hangingUp: true });
    assert.deepEqual(deps.asked, ['resume c2', 'BYE c2', 'end from snapshot']);
  });

  it('MUST end a call that was terminating as hanging up anyway, and one still ringing as not', async () => {
    const terminating = await resumeCall(replica('terminating', [leg('c1', 'answered'), leg('c2', 'answered')]), 2, recording());
    const ringing = await resumeCall(replica('establishing', [leg('c1', 'answered'), leg('c2', 'ringing', false)]), 2, recording());
    assert.deepEqual([terminating.type === 'ended' && terminating.hangingUp, ringing.type === 'ended' && ringing.hangingUp], [true, undefined]);
  });

  it('MUST end the call, not steal ports, when its RTP ports are taken here', async () => {
    const deps = recording({ portsFree: false });
    const outcome = await resumeCall(replica('established', [leg('c1', 'answered'), leg('c2', 'answered')]), 2, deps);
    assert.equal(outcome.type, 'ended');
    assert.ok(!deps.asked.includes('restore media'));
    assert.ok(deps.asked.includes('end from snapshot'));
  });
});
