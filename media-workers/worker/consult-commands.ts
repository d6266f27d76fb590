/**
 * Runs the consult-leg commands of a session: `leg.add`, `session.bridge`, `leg.promote` and
 * `leg.remove` (see `media-protocol.ts`).
 *
 * @remarks
 * Each returns its one reply, success or failure value, and pushes the session's snapshot after a
 * change so that a worker crash during a consultation recovers the consult leg and the bridge.
 */
import { MEDIA_ERROR_CODES, isMediaFailure, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import type { AnyLegName, LegConfig, LegSnapshot, MediaCommand, MediaReplies, MediaSessionId } from '../media-protocol.ts';
import type { MediaSession } from '../session/media-session.ts';
import { bridgedPair } from '../session/relay-pairs.ts';
import { bindSocketPair } from '../session/udp-socket-pair.ts';
import { validateLegConfig } from './command-validation.ts';

/** What the consult commands need from their host. */
export type ConsultContext = {
  readonly bindAddress: string;
  /** The state of a new leg: a fresh random outbound stream. */
  readonly freshLeg: (config: LegConfig) => LegSnapshot;
  /** Whether the session is still hosted (it may be destroyed while C's port is bound). */
  readonly isCurrent: () => boolean;
  readonly pushSnapshot: () => void;
};

type Command<T extends MediaCommand['type']> = Extract<MediaCommand, { type: T }>;

/** Consult legs being bound, by session: `cancelled` once a `leg.remove` came meanwhile. */
export type PendingConsults = Map<MediaSessionId, 'binding' | 'cancelled'>;

/** The failure of a command naming a leg the session does not have (only C can be absent). */
export function legNotFound(session: MediaSession, leg: AnyLegName): MediaFailure {
  return mediaFailure(MEDIA_ERROR_CODES.legNotFound, `media session ${session.sessionId} has no leg ${leg}`);
}

/**
 * Binds leg C's ports and adds it outside the relay. `pending` holds the sessions whose C is being
 * bound: a second `leg.add` meanwhile is refused as C existing, and a `leg.remove` meanwhile (the
 * pool gave up waiting for the add) cancels it, so that no consult leg is left nobody knows of.
 */
export async function addConsultLeg(
  session: MediaSession,
  command: Command<'leg.add'>,
  pending: PendingConsults,
  context: ConsultContext,
): Promise<MediaReplies['leg.add'] | MediaFailure> {
  const problem = validateLegConfig(command.config);
  if (problem !== undefined) return problem;
  if (session.consult !== undefined || pending.has(session.sessionId)) return mediaFailure(MEDIA_ERROR_CODES.legExists, `media session ${session.sessionId} already has its consult leg C`);
  const port = command.config.rtpPort;
  if (port === session.legA.config.rtpPort || port === session.legB.config.rtpPort) return mediaFailure(MEDIA_ERROR_CODES.invalidCommand, `the consult leg needs its own RTP port, not ${port} of leg A or B`);
  pending.set(session.sessionId, 'binding');
  try {
    const sockets = await bindSocketPair(context.bindAddress, port);
    if (isMediaFailure(sockets)) return sockets;
    const cancelled = pending.get(session.sessionId) === 'cancelled';
    if (cancelled || !context.isCurrent()) {
      sockets.rtp.close();
      sockets.rtcp.close();
      return cancelled
        ? mediaFailure(MEDIA_ERROR_CODES.legNotFound, `the consult leg of media session ${session.sessionId} was removed while its port was bound`)
        : mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `media session ${session.sessionId} ended while its consult leg was bound`);
    }
    session.addConsult(context.freshLeg(command.config), sockets);
    context.pushSnapshot();
    return { type: 'leg.added', sessionId: session.sessionId, leg: 'C' };
  } finally {
    pending.delete(session.sessionId);
  }
}

/** Relays the two legs the command names. */
export function bridgeLegs(session: MediaSession, command: Command<'session.bridge'>, context: ConsultContext): MediaReplies['session.bridge'] | MediaFailure {
  const pair = bridgedPair(command.legs);
  if (pair === undefined) return mediaFailure(MEDIA_ERROR_CODES.invalidCommand, 'a bridge names two distinct legs of A, B and C');
  if (!session.bridge(pair)) return legNotFound(session, 'C');
  context.pushSnapshot();
  return { type: 'ok' };
}

/** Puts C in slot `into`, closing the leg there. */
export function promoteConsultLeg(session: MediaSession, command: Command<'leg.promote'>, context: ConsultContext): MediaReplies['leg.promote'] | MediaFailure {
  const stats = session.promote(command.into);
  if (stats === undefined) return legNotFound(session, 'C');
  context.pushSnapshot();
  return { type: 'leg.promoted', stats };
}

/** Closes C; a C still being bound is cancelled (and the reply says there is no C). */
export function removeConsultLeg(session: MediaSession, pending: PendingConsults, context: ConsultContext): MediaReplies['leg.remove'] | MediaFailure {
  if (pending.has(session.sessionId)) pending.set(session.sessionId, 'cancelled');
  const stats = session.removeConsult();
  if (stats === undefined) return legNotFound(session, 'C');
  context.pushSnapshot();
  return { type: 'leg.removed', stats };
}
