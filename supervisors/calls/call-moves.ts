/**
 * Moving a live call to another node of a cluster (no HA: each node has its own SIP and media
 * address): the source hands the call's replica over, the target re-creates its media on ports of
 * its own, resumes both dialogs and re-INVITEs each party with a target refresh naming itself; once
 * both answered 2xx it carries the call on (call-resume.ts) and the source lets its copy go without
 * a BYE. The plan (which calls move, the offers) is `move-plan.ts`'s; the request between the nodes
 * is `move-channel.ts`'s.
 *
 * @remarks
 * The source keeps serving the call until the target confirms, so a refused move costs nothing:
 * when the first party (the caller) refuses its re-INVITE or does not answer, "the session
 * parameters MUST remain unchanged, as if no re-INVITE had been issued" (RFC 3261 §14.1), the
 * target lets its copy go and the call stays where it was. Once the first party moved, its
 * dialog's remote target is the target node: a refusal by the second party then cannot be undone
 * from there (docs/decisions.md, "moving a call"), and the target ends the call cleanly.
 * https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.2
 */
import type { Logger } from '../../actors/index.ts';
import type { MediaPool } from '../../media-workers/index.ts';
import type { ResumedSession, ResumeResult, SessionEvent, SessionSnapshot } from '../../transport/index.ts';
import type { CallReplica } from './call-replica.ts';
import type { ResumeOutcome } from './call-resume.ts';
import type { AdoptOutcome } from './move-channel.ts';
import { movability, movedMediaState, planMove, readMoveAnswer, type LegMove, type MovePlan } from './move-plan.ts';
import type { SessionUpdateCommand } from './media-plan.ts';
import type { RtpPortAllocator } from './rtp-port-allocator.ts';

/** How a move asked for on this node ended. */
export type MoveResult =
  | { readonly type: 'moved'; readonly node: string }
  | { readonly type: 'not-found'; readonly message: string }
  | { readonly type: 'invalid-state'; readonly message: string }
  | { readonly type: 'conflict'; readonly message: string }
  | { readonly type: 'refused'; readonly message: string };

/** The cross-node request, as the moves use it. */
export interface MoveRequests {
  isLive(node: string): Promise<boolean>;
  request(node: string, replica: CallReplica, timeoutMs: number): Promise<AdoptOutcome>;
}

/** What the moves need of the call service. */
export interface CallMovesContext {
  readonly nodeName: string;
  readonly mediaAddress: string;
  readonly rtpPorts: RtpPortAllocator;
  readonly mediaPool: Pick<MediaPool, 'restore' | 'request'>;
  readonly resumeSession: () => ((snapshot: SessionSnapshot) => ResumeResult | { readonly type: 'error'; readonly detail: string }) | undefined;
  readonly replicaOf: (callId: string) => CallReplica | undefined;
  /** Carries a call on from its replica, its dialogs already resumed (`sessions`) and its media restored. */
  readonly carryOn: (replica: CallReplica, epoch: number, sessions: ReadonlyMap<string, ResumedSession>) => Promise<ResumeOutcome>;
  /** Stops serving a call without a word to the phones: actors stopped, dialogs let go, media freed. */
  readonly letGo: (callId: string) => Promise<void>;
  /**
   * Re-INVITEs the parties of `channelIds` with this node's Contact and media (a target refresh
   * with a CSeq above the target node's), after a refused move.
   */
  readonly repoint: (callId: string, channelIds: readonly string[]) => void;
  /** Ends a call carried on here (BYE to each party, its call log written). */
  readonly hangUp: (callId: string) => void;
  /** Why this node takes part in no move now (an HA role: only the master serves there); undefined when it may. */
  readonly busy: () => string | undefined;
  readonly log: Pick<Logger, 'info' | 'warn'>;
  /** How long one party may take to answer its re-INVITE; default 35 s (beyond Timer B, 32 s). */
  readonly answerMs?: number;
}

export interface CallMoves {
  /** Moves a call of this node to `node` (the source's side). */
  migrate(callId: string, node: string, requests: MoveRequests | undefined): Promise<MoveResult>;
  /** Adopts a call another node hands over (the target's side). */
  adopt(replica: CallReplica, from: string): Promise<AdoptOutcome>;
}

/** How long the source waits for the target: both re-INVITEs, and the carrying on. */
const REQUEST_MS = 80_000;

export function createCallMoves(context: CallMovesContext): CallMoves {
  const { log } = context;
  const answerMs = context.answerMs ?? 35_000;
  const moving = new Set<string>();
  return {
    async migrate(callId, node, requests) {
      if (requests === undefined) return { type: 'invalid-state', message: 'this node is not part of a cluster (no Redis)' };
      if (node === context.nodeName) return { type: 'invalid-state', message: 'the call already runs on this node' };
      const busy = context.busy();
      if (busy !== undefined) return { type: 'conflict', message: busy };
      const replica = context.replicaOf(callId);
      if (replica === undefined) return { type: 'not-found', message: 'no such call' };
      const verdict = movability(replica);
      if (verdict.type === 'not_movable') return { type: 'invalid-state', message: `the call cannot move: ${verdict.reason}` };
      if (!(await requests.isLive(node))) return { type: 'not-found', message: `no live node ${node} in the cluster` };
      if (moving.has(callId)) return { type: 'invalid-state', message: 'the call is already moving' };
      moving.add(callId);
      try {
        const outcome = await requests.request(node, replica, REQUEST_MS);
        if (outcome.type === 'refused') {
          // A phone that refused the target's re-INVITE may have taken its Contact all the same (RFC 3261
          // §12.2.2 updates the remote target on receipt): it is pointed back here.
          if (outcome.offered !== undefined && outcome.offered.length > 0) context.repoint(callId, outcome.offered);
          log.warn({ callId, node, reason: outcome.reason }, 'call move refused: the call stays here');
          return { type: 'refused', message: outcome.reason };
        }
        await context.letGo(callId);
        log.info({ callId, node, outcome: outcome.type }, 'call moved to another node');
        return outcome.type === 'adopted' ? { type: 'moved', node } : { type: 'refused', message: outcome.reason };
      } finally {
        moving.delete(callId);
      }
    },
    adopt: (replica, from) => adopt(context, replica, from, answerMs),
  };
}

async function adopt(context: CallMovesContext, replica: CallReplica, from: string, answerMs: number): Promise<AdoptOutcome> {
  const busy = context.busy();
  if (busy !== undefined) return { type: 'refused', reason: busy };
  if (context.replicaOf(replica.callId) !== undefined) return { type: 'refused', reason: 'the call already runs on this node' };
  const verdict = movability(replica);
  if (verdict.type === 'not_movable') return { type: 'refused', reason: verdict.reason };
  const placed = await placeMedia(context, replica, verdict.legs);
  if (placed.type === 'refused') return placed;
  const { ports, plan } = placed;
  const resume = context.resumeSession();
  const sessions = new Map<string, ResumedSession>();
  const undo = async (): Promise<void> => {
    for (const session of sessions.values()) session.release();
    await context.mediaPool.request({ type: 'session.destroy', sessionId: plan.media.sessionId });
    context.rtpPorts.release(ports.A);
    context.rtpPorts.release(ports.B);
  };
  for (const leg of [verdict.legs.A, verdict.legs.B]) {
    const resumed = leg.session === undefined ? undefined : resume?.(leg.session);
    if (resumed?.type !== 'ok') {
      await undo();
      return { type: 'refused', reason: `dialog of ${leg.channelId} not resumed: ${resumed?.detail ?? 'SIP stack not attached'}` };
    }
    sessions.set(leg.channelId, resumed.session);
  }
  const updates: SessionUpdateCommand[] = [];
  for (const [index, move] of plan.legs.entries()) {
    const session = sessions.get(move.channelId) as ResumedSession;
    const answer = await reinvite(session, move, answerMs);
    if (answer.type === 'failed' && index === 0) {
      await undo();
      context.log.warn({ callId: replica.callId, from, channelId: move.channelId, reason: answer.reason }, 'call move refused by the first party: the call stays on its node');
      return { type: 'refused', reason: `the ${move.leg === 'A' ? 'caller' : 'callee'}'s phone refused the move: ${answer.reason}`, offered: [move.channelId] };
    }
    if (answer.type === 'failed') {
      // The caller's phone already talks to this node: carry the call on and end it cleanly here.
      const carried = await context.carryOn(movedReplica(context, replica, ports, plan, updates), replica.call.epoch + 1, sessions);
      if (carried.type === 'resumed') context.hangUp(replica.callId);
      return { type: 'ended', reason: `the callee's phone refused the move (${answer.reason}) after the caller's had moved: the call was ended` };
    }
    const update = readMoveAnswer(plan.media.sessionId, move, answer.sdp);
    if (update.type === 'error') context.log.warn({ callId: replica.callId, reason: update.reason }, 'moved leg answered an unusable SDP: its media stays as restored');
    else if ((await context.mediaPool.request(update)).type !== 'error') updates.push(update);
  }
  const carried = await context.carryOn(movedReplica(context, replica, ports, plan, updates), replica.call.epoch + 1, sessions);
  return carried.type === 'resumed' ? { type: 'adopted' } : { type: 'refused', reason: carried.reason };
}

/** The replica as this node carries it on: its node, and its media on the new ports. */
function movedReplica(context: CallMovesContext, replica: CallReplica, ports: { readonly A: number; readonly B: number }, plan: MovePlan, updates: readonly SessionUpdateCommand[]): CallReplica {
  const state = (replica.media as NonNullable<CallReplica['media']>).state;
  return { ...replica, node: context.nodeName, media: { state: movedMediaState(state, ports, plan, updates), session: plan.media } };
}

/** How many port pairs to try when a port is taken by another process (another node on this host). */
const PORT_ATTEMPTS = 5;

/** Re-creates the call's media session on two new ports of this node. */
async function placeMedia(
  context: CallMovesContext,
  replica: CallReplica,
  legs: Parameters<typeof planMove>[1],
): Promise<{ readonly type: 'placed'; readonly ports: { readonly A: number; readonly B: number }; readonly plan: MovePlan } | { readonly type: 'refused'; readonly reason: string }> {
  let last = 'no free RTP port';
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt += 1) {
    const A = context.rtpPorts.allocate();
    const B = A === undefined ? undefined : context.rtpPorts.allocate();
    if (A === undefined || B === undefined) {
      if (A !== undefined) context.rtpPorts.release(A);
      return { type: 'refused', reason: 'no free RTP port on this node' };
    }
    const ports = { A, B };
    const plan = planMove(replica, legs, ports, context.mediaAddress);
    if (plan.type === 'error') {
      context.rtpPorts.release(A);
      context.rtpPorts.release(B);
      return { type: 'refused', reason: plan.reason };
    }
    const restored = await context.mediaPool.restore(plan.media);
    if (restored.type !== 'error') return { type: 'placed', ports, plan };
    context.rtpPorts.release(A);
    context.rtpPorts.release(B);
    last = `${restored.code}: ${restored.message}`;
  }
  return { type: 'refused', reason: `media not restored: ${last}` };
}

/** How a party answered its re-INVITE. */
type LegAnswer = { readonly type: 'answered'; readonly sdp?: string } | { readonly type: 'failed'; readonly reason: string };

/** Sends a leg's target refresh and waits for its final answer; the party's own re-offers meanwhile get 491 (RFC 3261 §14.2). */
function reinvite(session: ResumedSession, move: LegMove, answerMs: number): Promise<LegAnswer> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ type: 'failed', reason: `no answer within ${String(answerMs)} ms` }), answerMs);
    const done = (answer: LegAnswer): void => {
      clearTimeout(timer);
      resolve(answer);
    };
    session.listen((event: SessionEvent) => {
      if (event.type === 'reinvite.answered') done({ type: 'answered', ...(event.sdp === undefined ? {} : { sdp: event.sdp }) });
      else if (event.type === 'reinvite.failed') done({ type: 'failed', reason: `${String(event.status)}` });
      else if (event.type === 'terminated') done({ type: 'failed', reason: `the dialog ended (${event.cause})` });
      else if (event.type === 'reinvite.received') session.answerReInvite(event.requestId, { type: 'reject', status: 491 });
    });
    const sent = session.sendReInvite(move.offerSdp);
    if (sent.type === 'error') done({ type: 'failed', reason: `re-INVITE not sent: ${sent.detail}` });
  });
}
