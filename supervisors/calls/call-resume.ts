/**
 * Carries a call on from its replica on the node that took over: the media session re-created on
 * the same ports, each leg's dialog resumed, the channel and call actors spawned from their
 * snapshots under a higher epoch, their timers re-armed from their deadlines.
 *
 * @remarks
 * A call that cannot be carried on ({@link portability}: still ringing, in a menu, over TCP …) is
 * ended from its snapshot as a crashed call is: its call log is written and its events published;
 * each leg whose dialog was confirmed gets a BYE from the resumed dialog, so no phone is left in a
 * call nobody serves. A leg still ringing has no transaction here to answer: the caller's phone
 * gives up on its own (Timer B).
 */
import type { ActorSnapshot, call } from '../../actors/index.ts';
import type { SessionSnapshot as MediaSessionSnapshot } from '../../media-workers/index.ts';
import type { ResumedSession, SessionSnapshot } from '../../transport/index.ts';
import type { CallMediaReplica } from './call-media.ts';
import { portability, type CallReplica, type ChannelReplica } from './call-replica.ts';

/** How a replica was taken on. */
export type ResumeOutcome =
  | { readonly type: 'resumed'; readonly callId: string }
  /** `hangingUp`: the call was already ending when its replica was taken (see `portability`). */
  | { readonly type: 'ended'; readonly callId: string; readonly reason: string; readonly hangingUp?: true };

/** What resuming needs of the call service. */
export interface CallResumeDeps {
  readonly reservePorts: (ports: readonly number[]) => boolean;
  readonly releasePorts: (ports: readonly number[]) => void;
  readonly restoreMedia: (session: MediaSessionSnapshot) => Promise<{ readonly type: 'ok' } | { readonly type: 'error'; readonly reason: string }>;
  readonly adoptMedia: (callId: string, state: CallMediaReplica) => boolean;
  readonly resumeSession: (snapshot: SessionSnapshot) => { readonly type: 'ok'; readonly session: ResumedSession } | { readonly type: 'error'; readonly detail: string };
  readonly spawnChannel: (replica: ChannelReplica, session: ResumedSession, epoch: number) => Promise<void>;
  readonly startCall: (snapshot: ActorSnapshot<call.CallSnapshot>, epoch: number, replica: CallReplica) => Promise<boolean>;
  /** Ends a call from its snapshot (call log, events, queue told), as for a crashed call. */
  readonly endFromSnapshot: (snapshot: call.CallSnapshot) => void;
}

/** The ports a call's media holds. */
function portsOf(state: CallMediaReplica): number[] {
  return [state.ports.A, state.ports.B, ...(state.consult === undefined ? [] : [state.consult.port])];
}

/** Takes on one replica with actors of epoch `epoch`. */
export async function resumeCall(replica: CallReplica, epoch: number, deps: CallResumeDeps): Promise<ResumeOutcome> {
  const verdict = portability(replica);
  if (verdict.type === 'not_portable') {
    const ended = endCall(replica, verdict.reason, deps);
    return verdict.hangingUp === true ? { ...ended, hangingUp: true } : ended;
  }
  const media = replica.media;
  if (media?.session === undefined) return endCall(replica, 'no media session snapshot', deps);
  const ports = portsOf(media.state);
  if (!deps.reservePorts(ports)) return endCall(replica, 'its RTP ports are taken on this node', deps);
  const restored = await deps.restoreMedia(media.session);
  if (restored.type === 'error') {
    deps.releasePorts(ports);
    return endCall(replica, `media not restored: ${restored.reason}`, deps);
  }
  deps.adoptMedia(replica.callId, media.state);
  const sessions: { readonly leg: ChannelReplica; readonly session: ResumedSession }[] = [];
  for (const leg of replica.channels) {
    const resumed = leg.session === undefined ? undefined : deps.resumeSession(leg.session);
    if (resumed?.type !== 'ok') {
      for (const done of sessions) done.session.sendBye();
      deps.endFromSnapshot(replica.call.data);
      return { type: 'ended', callId: replica.callId, reason: `dialog of ${leg.channelId} not resumed: ${resumed?.detail ?? 'none'}` };
    }
    sessions.push({ leg, session: resumed.session });
  }
  for (const { leg, session } of sessions) await deps.spawnChannel(leg, session, epoch);
  if (!(await deps.startCall(replica.call, epoch, replica))) {
    for (const { session } of sessions) session.sendBye();
    return { type: 'ended', callId: replica.callId, reason: 'the call actor did not start' };
  }
  return { type: 'resumed', callId: replica.callId };
}

/** Ends a call that cannot be carried on: BYE on each confirmed dialog, then the crashed-call cleanup. */
function endCall(replica: CallReplica, reason: string, deps: CallResumeDeps): Extract<ResumeOutcome, { readonly type: 'ended' }> {
  for (const leg of replica.channels) {
    if (leg.session === undefined) continue;
    const resumed = deps.resumeSession(leg.session);
    if (resumed.type === 'ok') resumed.session.sendBye();
  }
  deps.endFromSnapshot(replica.call.data);
  return { type: 'ended', callId: replica.callId, reason };
}
