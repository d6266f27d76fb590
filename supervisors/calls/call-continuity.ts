/**
 * The call service's side of carrying calls on from replicas: the ports reserved, the media session
 * restored and adopted, each dialog resumed under a leg port of its own, the channel and call actors
 * spawned from their snapshots, and the node's bookkeeping (callers, users' and trunks' call counts)
 * taken over from the replica. The order and the fallbacks are `call-resume.ts`'s.
 */
import type { ActorSnapshot, call, channel, Logger, SpawnOrigin } from '../../actors/index.ts';
import type { MediaPool } from '../../media-workers/index.ts';
import type { ResumeResult, SessionSnapshot } from '../../transport/index.ts';
import type { ActiveCalls } from './active-calls.ts';
import type { CallReplica } from './call-replica.ts';
import type { ReplicableSession } from './call-replicas.ts';
import { resumeCall, type ResumeOutcome } from './call-resume.ts';
import type { MediaPort } from './media-port.ts';
import { createResumedLegPort } from './resumed-leg-port.ts';
import type { RtpPortAllocator } from './rtp-port-allocator.ts';
import { logLegDiagnostic } from './server-leg-port.ts';
import type { TrunkCallCounts } from './trunk-call-counts.ts';

/** Spawns a channel actor whose snapshots (and SIP session) feed its call's replica. */
export type SpawnChannelActor = (callId: string, channelId: string, leg: channel.SipLegPort, from: SpawnOrigin<channel.ChannelSnapshot>, side: 'inbound' | 'outbound', session?: ReplicableSession) => Promise<void>;

/** What the resumer needs of the call service. */
export interface CallResumerContext {
  readonly rtpPorts: RtpPortAllocator;
  readonly mediaPool: Pick<MediaPool, 'restore'>;
  readonly mediaPort: Pick<MediaPort, 'adopt'>;
  /** The SIP stack's `resumeSession`, once the stack is attached. */
  readonly resumeSession: () => ((snapshot: SessionSnapshot) => ResumeResult | { readonly type: 'error'; readonly detail: string }) | undefined;
  readonly spawnChannelActor: SpawnChannelActor;
  readonly send: (channelId: string, message: channel.ChannelMessage) => void;
  readonly log: Pick<Logger, 'debug' | 'warn'>;
  readonly bookkeeping: { readonly callers: Map<string, number>; readonly activeCalls: ActiveCalls; readonly trunkCalls: TrunkCallCounts };
  readonly startCall: (snapshot: ActorSnapshot<call.CallSnapshot>, epoch: number) => Promise<boolean>;
  readonly endFromSnapshot: (snapshot: call.CallSnapshot) => void;
  /**
   * Asks for the dialplan, without waiting for it: a node that never routed a call (a slave, a node
   * a call moves to) has none loaded, so the tenants of the users of the calls it takes on (which
   * list calls and stamp events) are unknown until it has. Called on each call taken on; throttled.
   */
  readonly learnTenants: () => void;
}

/** `load`, at most once per `intervalMs` (the calls of one takeover or move follow each other closely). */
export function atMostEvery(intervalMs: number, load: () => void): () => void {
  let lastMs = -Infinity;
  return () => {
    if (Date.now() - lastMs <= intervalMs) return;
    lastMs = Date.now();
    load();
  };
}

/** Takes every port of `ports` or none. */
function reserveAll(allocator: RtpPortAllocator, ports: readonly number[]): boolean {
  const taken: number[] = [];
  for (const port of ports) {
    if (!allocator.reserve(port)) {
      for (const done of taken) allocator.release(done);
      return false;
    }
    taken.push(port);
  }
  return true;
}

/** The function that carries one call on from its replica with actors of a given epoch. */
export function createCallResumer(context: CallResumerContext): (replica: CallReplica, epoch: number) => Promise<ResumeOutcome> {
  const { rtpPorts, send, log, bookkeeping } = context;
  return (replica, epoch) => {
    context.learnTenants();
    return resumeCall(replica, epoch, {
      reservePorts: (ports) => reserveAll(rtpPorts, ports),
      releasePorts: (ports) => ports.forEach((port) => rtpPorts.release(port)),
      restoreMedia: async (session) => {
        const reply = await context.mediaPool.restore(session);
        return reply.type === 'error' ? { type: 'error', reason: `${reply.code}: ${reply.message}` } : { type: 'ok' };
      },
      adoptMedia: (callId, state) => context.mediaPort.adopt(callId, state),
      resumeSession: (snapshot) => context.resumeSession()?.(snapshot) ?? { type: 'error', detail: 'SIP stack not attached' },
      spawnChannel: async (leg, session, spawnEpoch) => {
        const { channelId } = leg;
        const port = createResumedLegPort(session, { onFact: (fact) => send(channelId, fact), onDiagnostic: (diagnostic) => logLegDiagnostic(log, { channelId, diagnostic }, 'resumed leg') });
        await context.spawnChannelActor(replica.callId, channelId, port, { type: 'snapshot', snapshot: leg.actor, epoch: spawnEpoch }, leg.side, session);
      },
      startCall: (snapshot, spawnEpoch, carried) => {
        if (carried.callerUserId !== undefined) bookkeeping.callers.set(carried.callId, carried.callerUserId);
        for (const userId of carried.userIds) bookkeeping.activeCalls.add(userId, carried.callId);
        for (const trunkId of carried.trunkIds) bookkeeping.trunkCalls.add(trunkId, carried.callId);
        return context.startCall(snapshot, spawnEpoch);
      },
      endFromSnapshot: context.endFromSnapshot,
    });
  };
}
