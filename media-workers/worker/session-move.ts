/**
 * Moving a live session from one worker to another (the pool does it for `mixer.join`, so that a
 * conference's members share their mixer's worker).
 *
 * @remarks
 * The session's snapshot is taken on its worker, the session is destroyed there and re-created
 * from the snapshot on the target: the same ports (re-bound as soon as the old worker has closed
 * them, hence a few quick retries), the same SSRCs, the sequence going on past what may have been
 * sent meanwhile (`resumedStreamState`), playback resumed. When the target cannot take it, the
 * session goes back to its worker; when that fails too it is lost. A recording in progress on one
 * of its legs is not carried (as on recovery: it lives in the worker until it ends).
 */
import { MEDIA_ERROR_CODES, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import type { MediaSessionId, SessionSnapshot } from '../media-protocol.ts';
import type { WorkerThread } from './worker-thread.ts';

const MOVE_ATTEMPTS = 20;
const MOVE_RETRY_MS = 10;

/** What a move reports to the pool. */
export type SessionMoveContext = {
  readonly timeoutMs: number;
  /** The session is (from now on) hosted by `thread`. */
  readonly hostOn: (thread: WorkerThread, snapshot: SessionSnapshot) => void;
  /** The session could be re-created nowhere. */
  readonly lost: (error: MediaFailure) => void;
};

/** Moves `sessionId` from `from` to `to`; a failure value when it stayed (or was lost). */
export async function moveSession(sessionId: MediaSessionId, from: WorkerThread, to: WorkerThread, context: SessionMoveContext): Promise<MediaFailure | undefined> {
  const taken = await from.request({ type: 'session.snapshot', sessionId }, context.timeoutMs);
  if (taken.type !== 'session.snapshot') return taken.type === 'error' ? taken : mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `no media session ${sessionId}`);
  const snapshot = taken.snapshot;
  context.hostOn(to, snapshot);
  await from.request({ type: 'session.destroy', sessionId }, context.timeoutMs);
  const legs = [snapshot.legs[0].config, snapshot.legs[1].config] as const;
  let reply = await to.request({ type: 'session.create', sessionId, legs }, context.timeoutMs, snapshot);
  for (let attempt = 1; attempt < MOVE_ATTEMPTS && reply.type === 'error' && reply.code === MEDIA_ERROR_CODES.portInUse; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, MOVE_RETRY_MS));
    reply = await to.request({ type: 'session.create', sessionId, legs }, context.timeoutMs, snapshot);
  }
  if (reply.type !== 'error') return undefined;
  const back = await from.request({ type: 'session.create', sessionId, legs }, context.timeoutMs, snapshot);
  if (back.type !== 'error') context.hostOn(from, snapshot);
  else context.lost(reply);
  return reply;
}
