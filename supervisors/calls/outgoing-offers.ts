/**
 * The offers a leg sends in re-INVITEs (hold, resume), one at a time and in order.
 *
 * @remarks A UA "MUST NOT initiate a new INVITE transaction within a dialog while another INVITE
 * transaction is in progress in either direction" (RFC 3261 §14.1). The call may ask for a resume
 * while the hold re-INVITE is still unanswered, or while the peer's own re-INVITE waits for our
 * answer: such an offer waits for its turn instead of being lost. After a 491 (glare) the same
 * offer is sent again after the wait §14.1 sets, which the session reports as `retryAfterMs`.
 * https://www.rfc-editor.org/rfc/rfc3261#section-14.1
 */
import type { SessionEvent, SessionResult } from '../../transport/index.ts';

/** The session command the queue drives. */
export interface OfferSender {
  sendReInvite(sdp: string): SessionResult;
}

/** A one-shot timer of the shell; returns its cancel function. */
export type SetTimer = (delayMs: number, run: () => void) => () => void;

/** How long an offer waits when the dialog has an INVITE in progress the session did not report (the peer's). */
export const BUSY_DIALOG_RETRY_MS = 250;
/** How many times in a row one offer is tried before it is given up (and reported). */
export const MAX_OFFER_ATTEMPTS = 20;

const nodeTimer: SetTimer = (delayMs, run) => {
  const handle = setTimeout(run, delayMs);
  return () => clearTimeout(handle);
};

/** The outgoing offers of one leg. `observe` must see every event of the leg's session. */
export function createOutgoingOffers(
  session: OfferSender,
  report: (result: SessionResult) => void,
  setTimer: SetTimer = nodeTimer,
): { send(sdp: string): void; observe(event: SessionEvent): void } {
  const waiting: string[] = [];
  let inFlight: string | undefined;
  let attempts = 0;
  let cancelRetry: (() => void) | undefined;
  let ended = false;

  const retryLater = (sdp: string, delayMs: number): void => {
    waiting.unshift(sdp);
    cancelRetry = setTimer(delayMs, () => {
      cancelRetry = undefined;
      next();
    });
  };

  const next = (): void => {
    if (ended || inFlight !== undefined || cancelRetry !== undefined) return;
    const sdp = waiting.shift();
    if (sdp === undefined) return;
    const result = session.sendReInvite(sdp);
    attempts += 1;
    if (result.type === 'ok') {
      inFlight = sdp;
      return;
    }
    if (result.code === 'invite-in-progress' && attempts < MAX_OFFER_ATTEMPTS) return retryLater(sdp, BUSY_DIALOG_RETRY_MS);
    attempts = 0;
    report(result);
    next();
  };

  return {
    send(sdp) {
      waiting.push(sdp);
      next();
    },
    observe(event) {
      if (event.type === 'terminated') {
        ended = true;
        cancelRetry?.();
        waiting.length = 0;
        return;
      }
      if (event.type !== 'reinvite.answered' && event.type !== 'reinvite.failed') return;
      const sent = inFlight;
      inFlight = undefined;
      if (event.type === 'reinvite.failed' && event.retryAfterMs !== undefined && sent !== undefined && attempts < MAX_OFFER_ATTEMPTS) {
        retryLater(sent, event.retryAfterMs);
        return;
      }
      attempts = 0;
      next();
    },
  };
}
