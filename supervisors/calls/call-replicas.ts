/**
 * What the node knows of each running call for its replica: the last stable snapshot of the call
 * actor and of each live channel actor, each channel's SIP session, and where to tell that a call
 * changed or ended (the HA replicator, once it runs).
 *
 * @remarks
 * The actors' `onStableTransition` hooks feed it; {@link CallReplicas.replicaOf} assembles a
 * {@link CallReplica} on demand, so the replicator writes the latest state, however many
 * transitions happened since its last write.
 */
import type { ActorSnapshot, call, channel } from '../../actors/index.ts';
import type { MediaSessionId, SessionSnapshot as MediaSessionSnapshot } from '../../media-workers/index.ts';
import type { SessionSnapshot } from '../../transport/index.ts';
import type { CallMediaReplica } from './call-media.ts';
import type { CallReplica } from './call-replica.ts';

/** Where changes of calls go: the replicator. */
export interface CallReplicationSink {
  changed(callId: string): void;
  ended(callId: string): void;
}

/** A channel's SIP session as far as its replica needs it. */
export interface ReplicableSession {
  snapshot(): SessionSnapshot | undefined;
  /** Lets the dialog go without a word to the peer, once another node serves the call. */
  release?(): void;
  /** Moves our CSeq on without sending (another node sent requests in the dialog meanwhile). */
  skipSequence?(count: number): void;
}

/** What the replicas read from the rest of the call service. */
export interface CallReplicasOptions {
  readonly nodeName: string;
  readonly mediaState: (callId: string) => CallMediaReplica | undefined;
  readonly mediaSession: (sessionId: MediaSessionId) => MediaSessionSnapshot | undefined;
  readonly callerUserId: (callId: string) => number | undefined;
  readonly userIds: (callId: string) => readonly number[];
  readonly trunkIds: (callId: string) => readonly number[];
  readonly now: () => number;
}

interface ChannelEntry {
  readonly callId: string;
  readonly side: 'inbound' | 'outbound';
  actor: ActorSnapshot<channel.ChannelSnapshot> | undefined;
  session: ReplicableSession | undefined;
}

export interface CallReplicas {
  /** Sets (or clears) where changes are told. */
  attach(sink: CallReplicationSink | undefined): void;
  callChanged(snapshot: ActorSnapshot<call.CallSnapshot>): void;
  callEnded(callId: string): void;
  /** A channel of `callId` exists; its session comes once placed or answered. */
  channelStarted(callId: string, channelId: string, side: 'inbound' | 'outbound', session?: ReplicableSession): void;
  channelSession(channelId: string, session: ReplicableSession): void;
  /** A channel's session changed (its dialog confirmed): the call's replica is written again. */
  sessionChanged(channelId: string): void;
  channelChanged(snapshot: ActorSnapshot<channel.ChannelSnapshot>): void;
  channelEnded(channelId: string): void;
  /** The replica of a running call now. */
  replicaOf(callId: string): CallReplica | undefined;
  /** The calls with a replica. */
  callIds(): readonly string[];
  /** The live channels of one call, or of every call, with their SIP sessions. */
  legsOf(callId?: string): readonly { readonly channelId: string; readonly session: ReplicableSession | undefined }[];
}

export function createCallReplicas(options: CallReplicasOptions): CallReplicas {
  const calls = new Map<string, ActorSnapshot<call.CallSnapshot>>();
  const channels = new Map<string, ChannelEntry>();
  let sink: CallReplicationSink | undefined;
  const changed = (callId: string): void => {
    if (calls.has(callId)) sink?.changed(callId);
  };
  return {
    attach(next) {
      sink = next;
    },
    callChanged(snapshot) {
      calls.set(snapshot.id, snapshot);
      changed(snapshot.id);
    },
    callEnded(callId) {
      if (!calls.delete(callId)) return;
      for (const [channelId, entry] of channels) if (entry.callId === callId) channels.delete(channelId);
      sink?.ended(callId);
    },
    channelStarted(callId, channelId, side, session) {
      channels.set(channelId, { callId, side, actor: undefined, session });
    },
    channelSession(channelId, session) {
      const entry = channels.get(channelId);
      if (entry !== undefined) entry.session = session;
    },
    sessionChanged(channelId) {
      const entry = channels.get(channelId);
      if (entry !== undefined) changed(entry.callId);
    },
    channelChanged(snapshot) {
      const entry = channels.get(snapshot.id);
      if (entry === undefined) return;
      entry.actor = snapshot;
      changed(entry.callId);
    },
    channelEnded(channelId) {
      const entry = channels.get(channelId);
      if (entry === undefined) return;
      channels.delete(channelId);
      changed(entry.callId);
    },
    replicaOf(callId) {
      const callActor = calls.get(callId);
      if (callActor === undefined) return undefined;
      const legs = [...channels].filter(([, entry]) => entry.callId === callId && entry.actor !== undefined && entry.actor.data.state !== 'hungUp');
      const state = options.mediaState(callId);
      const mediaSession = state === undefined ? undefined : options.mediaSession(state.sessionId);
      const callerUserId = options.callerUserId(callId);
      return {
        v: 1,
        callId,
        node: options.nodeName,
        call: callActor,
        channels: legs.map(([channelId, entry]) => {
          const session = entry.session?.snapshot();
          return { channelId, actor: entry.actor as ActorSnapshot<channel.ChannelSnapshot>, side: entry.side, ...(session === undefined ? {} : { session }) };
        }),
        ...(state === undefined ? {} : { media: { state, ...(mediaSession === undefined ? {} : { session: mediaSession }) } }),
        ...(callerUserId === undefined ? {} : { callerUserId }),
        userIds: [...options.userIds(callId)],
        trunkIds: [...options.trunkIds(callId)],
        writtenAtMs: options.now(),
      };
    },
    callIds: () => [...calls.keys()],
    legsOf: (callId) => [...channels].filter(([, entry]) => callId === undefined || entry.callId === callId).map(([channelId, entry]) => ({ channelId, session: entry.session })),
  };
}
