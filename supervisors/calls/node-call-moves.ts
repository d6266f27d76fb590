/**
 * The call service's side of moving calls between the nodes of a cluster: the moves
 * (call-moves.ts) over the service's parts, and, in a cluster, the Redis channel on which other
 * nodes hand calls over (move-channel.ts).
 */
import type { Redis } from 'ioredis';
import { actorAddress, channel, type ActorSystem, type Supervisor } from '../../actors/index.ts';
import type { HaRoleSource } from '../ha/ha-role.ts';
import type { CallReplicas } from './call-replicas.ts';
import { RESUMED_SEQUENCE_MARGIN, type ResumedSession } from '../../transport/index.ts';
import { createCallResumer, type CallResumerContext } from './call-continuity.ts';
import { createCallMoves, type CallMovesContext, type MoveResult } from './call-moves.ts';
import { createMoveChannel, type MoveChannel } from './move-channel.ts';

export interface NodeCallMovesOptions extends Pick<CallMovesContext, 'nodeName' | 'mediaAddress' | 'mediaPool' | 'log'> {
  readonly system: Pick<ActorSystem, 'send'>;
  readonly replicas: Pick<CallReplicas, 'replicaOf' | 'legsOf' | 'callIds'>;
  /** The calls and channels supervisors, whose children a call moved away are stopped from. */
  readonly calls: Pick<Supervisor, 'terminateChild'>;
  readonly channels: Pick<Supervisor, 'terminateChild'>;
  readonly running: (callId: string) => boolean;
  readonly releaseMedia: (callId: string) => void;
  /** Offers a party its leg again (the media port's resume offer), through its channel. */
  readonly reoffer: (callId: string, party: 'caller' | 'callee', channelId: string) => void;
  /** The node's HA role, when HA is configured: a node with one takes part in no move. */
  readonly haRoles: HaRoleSource | undefined;
  /** How the service carries a call on from its replica (its `resume` path). */
  readonly resumer: CallResumerContext;
  readonly cluster: { readonly redis: Redis; readonly keyPrefix: string } | undefined;
  /** Called when a call is adopted (the node loads its dialplan, for the tenants of its users). */
}

export interface NodeCallMoves {
  migrate(callId: string, node: string): Promise<MoveResult>;
  close(): Promise<void>;
}

/** The cause a call ends with when its move failed half-way (Q.850 41, temporary failure). */
const HALF_MOVED: channel.HangupCause = { q850: 41, sipStatus: 503, text: 'the call could not move to another node' };

export function createNodeCallMoves(options: NodeCallMovesOptions): NodeCallMoves {
  const { resumer } = options;
  const { replicas, haRoles } = options;
  const moves = createCallMoves({
    ...options,
    replicaOf: (callId) => (options.running(callId) ? replicas.replicaOf(callId) : undefined),
    busy: () => {
      const role = haRoles?.role().type ?? 'standalone';
      return role === 'standalone' ? undefined : `the node has an HA role (${role}): in HA only the master serves calls`;
    },
    repoint: (callId, channelIds) => {
      const callerChannel = replicas.replicaOf(callId)?.call.data.caller.channelId;
      for (const leg of replicas.legsOf(callId).filter((candidate) => channelIds.includes(candidate.channelId))) {
        // The target started at our CSeq + RESUMED_SEQUENCE_MARGIN and sent one request: ours go above it.
        leg.session?.skipSequence?.(2 * RESUMED_SEQUENCE_MARGIN);
        options.reoffer(callId, leg.channelId === callerChannel ? 'caller' : 'callee', leg.channelId);
      }
    },
    letGo: async (callId) => {
      const legs = replicas.legsOf(callId);
      await options.calls.terminateChild(callId);
      for (const { channelId } of legs) await options.channels.terminateChild(channelId);
      for (const { session } of legs) session?.release?.();
      options.releaseMedia(callId);
    },
    rtpPorts: resumer.rtpPorts,
    resumeSession: resumer.resumeSession,
    hangUp: (callId) => options.system.send(actorAddress('call', callId), { type: 'call.hangup', cause: HALF_MOVED }),
    carryOn: (replica, epoch, sessions) => carryOn(resumer, replica, epoch, sessions),
  });
  const requests: MoveChannel | undefined = options.cluster === undefined ? undefined : createMoveChannel({
    redis: options.cluster.redis, keyPrefix: options.cluster.keyPrefix, nodeName: options.nodeName, log: options.log,
    onAdopt: (replica, from) => {
      resumer.learnTenants();
      return moves.adopt(replica, from);
    },
  });
  return {
    // calld names a call by any of its channels (the caller's is named like the call itself).
    migrate: (channelId, node) => moves.migrate(replicas.callIds().find((callId) => callId === channelId || replicas.legsOf(callId).some((leg) => leg.channelId === channelId)) ?? channelId, node, requests),
    close: async () => requests?.close(),
  };
}

/** Carries a moved call on through the resume path, with its media already restored and its dialogs already resumed. */
function carryOn(context: CallResumerContext, replica: Parameters<ReturnType<typeof createCallResumer>>[0], epoch: number, sessions: ReadonlyMap<string, ResumedSession>): ReturnType<ReturnType<typeof createCallResumer>> {
  const byCallId = new Map<string, ResumedSession>();
  for (const leg of replica.channels) {
    const session = sessions.get(leg.channelId);
    if (session !== undefined && leg.session !== undefined) byCallId.set(`${leg.session.dialog.id.callId};${leg.session.dialog.id.localTag}`, session);
  }
  const { rtpPorts } = context;
  return createCallResumer({
    ...context,
    // The moved call's ports are taken and its media session restored already (call-moves.ts).
    rtpPorts: { allocate: () => rtpPorts.allocate(), release: () => undefined, reserve: () => true, inUse: () => rtpPorts.inUse(), capacity: () => rtpPorts.capacity() },
    mediaPool: { restore: (snapshot) => Promise.resolve({ type: 'session.created', sessionId: snapshot.sessionId }) },
    resumeSession: () => (snapshot) => {
      const session = byCallId.get(`${snapshot.dialog.id.callId};${snapshot.dialog.id.localTag}`);
      return session === undefined ? { type: 'error', detail: 'the dialog was not resumed by the move' } : { type: 'ok', session };
    },
  })(replica, epoch);
}
