/**
 * A call as another node needs it to carry the call on: the call actor's snapshot, each live
 * channel's snapshot with its SIP session, the media state with the pool session's snapshot, and
 * the node's bookkeeping (the users and trunks the call counts for).
 *
 * @remarks
 * Written on each stable transition of the call or its channels (supervisors/ha), read back on the
 * node that takes over. A replica comes from outside the process, so {@link readCallReplica} checks
 * it. A call is carried on only when every live leg is a confirmed dialog and the call is
 * established ({@link portability}); any other call is ended from its snapshot there, with its call
 * log (docs/decisions.md, "which calls survive a failover").
 */
import { readActorSnapshot, type ActorSnapshot, type call, type channel } from '../../actors/index.ts';
import type { SessionSnapshot as MediaSessionSnapshot } from '../../media-workers/index.ts';
import { readSessionSnapshot, type SessionSnapshot } from '../../transport/index.ts';
import type { CallMediaReplica } from './call-media.ts';

/** One live channel of a call. */
export interface ChannelReplica {
  readonly channelId: string;
  readonly actor: ActorSnapshot<channel.ChannelSnapshot>;
  readonly side: 'inbound' | 'outbound';
  /** Its SIP session once confirmed. */
  readonly session?: SessionSnapshot;
}

/** A call, portable to another node. */
export interface CallReplica {
  readonly v: 1;
  readonly callId: string;
  /** The node that wrote it. */
  readonly node: string;
  readonly call: ActorSnapshot<call.CallSnapshot>;
  readonly channels: readonly ChannelReplica[];
  readonly media?: { readonly state: CallMediaReplica; readonly session?: MediaSessionSnapshot };
  /** The caller's user, when the caller is a line of this installation. */
  readonly callerUserId?: number;
  /** The users the call counts for (simultaneous_calls). */
  readonly userIds: readonly number[];
  readonly trunkIds: readonly number[];
  readonly writtenAtMs: number;
}

/**
 * Whether a replica can be carried on, or why it is ended instead; `hangingUp` when the call was
 * already ending (not a call the takeover drops).
 */
export type Portability = { readonly type: 'portable' } | { readonly type: 'not_portable'; readonly reason: string; readonly hangingUp?: true };

/** Call states of a call already hanging up. */
const ENDING_STATES: ReadonlySet<call.CallState> = new Set(['terminating', 'terminated']);

/** Call states whose calls are carried on: both parties talking (or one held). */
const PORTABLE_STATES: ReadonlySet<call.CallState> = new Set(['established']);

/** Whether `replica` can be carried on. */
export function portability(replica: CallReplica): Portability {
  const state = replica.call.data.state;
  if (!PORTABLE_STATES.has(state)) return { type: 'not_portable', reason: `the call is ${state}`, ...(ENDING_STATES.has(state) ? { hangingUp: true as const } : {}) };
  if (replica.media?.session === undefined) return { type: 'not_portable', reason: 'no media session snapshot' };
  if (replica.media.state.consult !== undefined) return { type: 'not_portable', reason: 'a transfer holds a consult leg' };
  if (replica.channels.length === 0) return { type: 'not_portable', reason: 'no live channel' };
  // Both parties' legs must be there: a leg that hung up as the replica was taken (its BYE answered
  // by the old master) leaves the call ending, not to be carried on with the other party alone.
  const { caller, answeredChannelId } = replica.call.data;
  for (const channelId of [caller.channelId, answeredChannelId]) {
    if (channelId === undefined) return { type: 'not_portable', reason: 'no answered leg' };
    if (!replica.channels.some((leg) => leg.channelId === channelId)) return { type: 'not_portable', reason: `channel ${channelId} has hung up`, hangingUp: true };
  }
  for (const leg of replica.channels) {
    const channelState = leg.actor.data.state;
    if (channelState !== 'answered' && channelState !== 'held') return { type: 'not_portable', reason: `channel ${leg.channelId} is ${channelState}`, ...(channelState === 'hungUp' ? { hangingUp: true as const } : {}) };
    if (leg.session === undefined) return { type: 'not_portable', reason: `channel ${leg.channelId} has no confirmed dialog` };
    if (leg.session.learned.transport !== 'udp') return { type: 'not_portable', reason: `channel ${leg.channelId} runs over ${leg.session.learned.transport}` };
  }
  return { type: 'portable' };
}

/** Why a replica cannot be read. */
export interface ReplicaReadError {
  readonly type: 'error';
  readonly code: 'PBX_ERR_CALL_REPLICA_INVALID';
  readonly detail: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIdList = (value: unknown): value is number[] => Array.isArray(value) && value.every((item) => Number.isSafeInteger(item));

/** Checks a replica read from Redis: its shape, and each actor and session snapshot inside. */
export function readCallReplica(value: unknown): { readonly type: 'ok'; readonly replica: CallReplica } | ReplicaReadError {
  const invalid = (detail: string): ReplicaReadError => ({ type: 'error', code: 'PBX_ERR_CALL_REPLICA_INVALID', detail });
  if (!isRecord(value) || value['v'] !== 1) return invalid('not a version 1 call replica');
  const { callId, node, channels, media, userIds, trunkIds, writtenAtMs, callerUserId } = value;
  if (typeof callId !== 'string' || callId === '' || typeof node !== 'string') return invalid('callId and node must be strings');
  const callActor = readActorSnapshot(value['call']);
  if (callActor.type === 'error') return invalid(`call: ${callActor.detail}`);
  if (callActor.snapshot.kind !== 'call' || callActor.snapshot.id !== callId) return invalid('call: not the snapshot of this call');
  if (!Array.isArray(channels)) return invalid('channels: not a list');
  for (const [index, leg] of channels.entries()) {
    if (!isRecord(leg) || typeof leg['channelId'] !== 'string' || (leg['side'] !== 'inbound' && leg['side'] !== 'outbound')) return invalid(`channels[${String(index)}]: channelId and side`);
    const actor = readActorSnapshot(leg['actor']);
    if (actor.type === 'error' || actor.snapshot.kind !== 'channel' || actor.snapshot.id !== leg['channelId']) return invalid(`channels[${String(index)}].actor: not the channel's snapshot`);
    if (leg['session'] !== undefined && readSessionSnapshot(leg['session']).type === 'error') return invalid(`channels[${String(index)}].session: unreadable`);
  }
  if (media !== undefined) {
    if (!isRecord(media) || !isRecord(media['state']) || media['state']['sessionId'] !== callId) return invalid('media: state of another session');
    const ports = media['state']['ports'];
    if (!isRecord(ports) || !Number.isInteger(ports['A']) || !Number.isInteger(ports['B'])) return invalid('media.state.ports: A and B');
    const session = media['session'];
    if (session !== undefined && (!isRecord(session) || session['v'] !== 1 || session['sessionId'] !== callId || !Array.isArray(session['legs']) || session['legs'].length !== 2)) return invalid('media.session: not this call\'s session snapshot');
  }
  if (!isIdList(userIds) || !isIdList(trunkIds)) return invalid('userIds and trunkIds: lists of integers');
  if (callerUserId !== undefined && !Number.isSafeInteger(callerUserId)) return invalid('callerUserId: an integer');
  if (typeof writtenAtMs !== 'number' || !Number.isFinite(writtenAtMs)) return invalid('writtenAtMs: a time');
  return { type: 'ok', replica: value as unknown as CallReplica };
}
