/**
 * The `o=` session version of one leg across re-offers, ours and the peer's.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3264#section-8: "the "o=" line of the new SDP MUST be
 * identical to that in the previous SDP, except that the version in the origin field MUST increment
 * by one from the previous SDP. If the version in the origin line does not increment, the SDP MUST
 * be identical to the SDP with that version number." So a leg keeps its session id for life and the
 * last description it sent, and bumps the version exactly when the content changes (a hold, a new
 * media port after a migration, a codec change). The state is plain data for the channel snapshot.
 */
import type { Origin } from './session-description.ts';

/** What a leg remembers of the descriptions it sent. */
export interface OriginState {
  readonly sessionId: string;
  readonly sessionVersion: string;
  /** The last description sent, as sent; absent before the first. */
  readonly lastDescription?: string;
}

/** The outcome of {@link reviseOrigin}. */
export interface RevisedDescription {
  readonly state: OriginState;
  /** The description to send, with the leg's session id and the right version. */
  readonly text: string;
  /** False when it repeats the last description (same version, as §8 requires). */
  readonly changed: boolean;
}

const DECIMAL = /^\d{1,20}$/;

/**
 * A leg's first origin state.
 *
 * @remarks RFC 8866 §5.2 suggests an NTP timestamp for both numbers; the caller draws it from its
 * clock, keeping this pure. Throws on non-decimal input, which is a bug of the caller.
 */
export function createOriginState(sessionId: string, sessionVersion: string = sessionId): OriginState {
  if (!DECIMAL.test(sessionId) || !DECIMAL.test(sessionVersion)) throw new RangeError('session id and version must be 1-20 decimal digits');
  return { sessionId, sessionVersion };
}

/**
 * Stamps `text` (a description we wrote, with any id and version) with the leg's origin.
 *
 * @remarks The first description keeps the initial version. A later one keeps the version when its
 * content equals the last one sent, else takes the version plus one.
 */
export function reviseOrigin(state: OriginState, text: string): RevisedDescription {
  const sameVersion = stampOriginLine(text, state.sessionId, state.sessionVersion);
  if (state.lastDescription === undefined || state.lastDescription === sameVersion) {
    return { state: { ...state, lastDescription: sameVersion }, text: sameVersion, changed: state.lastDescription === undefined };
  }
  const sessionVersion = incrementVersion(state.sessionVersion);
  const next = stampOriginLine(text, state.sessionId, sessionVersion);
  return { state: { sessionId: state.sessionId, sessionVersion, lastDescription: next }, text: next, changed: true };
}

/** A decimal version plus one, exact beyond 2^53. */
export function incrementVersion(version: string): string {
  return (BigInt(version) + 1n).toString();
}

/** How a peer's new `o=` relates to its previous one. */
export type RemoteRevision = 'unchanged' | 'changed' | 'stale' | 'new-session';

/**
 * Classifies a peer's re-offer or re-answer by its origin.
 *
 * @remarks `unchanged`: same version, so by §8 the same description (a session refresh; nothing to
 * renegotiate). `changed`: a higher version. `stale`: a lower one, which §8 forbids. `new-session`:
 * another username, session id or address, so not a revision at all (RFC 8866 §5.2: the tuple
 * identifies the session).
 */
export function classifyRemoteRevision(previous: Origin, next: Origin): RemoteRevision {
  const sameSession = previous.username === next.username && previous.sessionId === next.sessionId && previous.addressType === next.addressType && previous.address === next.address;
  if (!sameSession) return 'new-session';
  const before = BigInt(previous.sessionVersion);
  const after = BigInt(next.sessionVersion);
  if (after === before) return 'unchanged';
  return after > before ? 'changed' : 'stale';
}

/** Replaces the session id and version of the `o=` line of a description we wrote. */
function stampOriginLine(text: string, sessionId: string, sessionVersion: string): string {
  return text.replace(/^o=(\S+) \d+ \d+ /m, (_line, username: string) => `o=${username} ${sessionId} ${sessionVersion} `);
}
