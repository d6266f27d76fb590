/**
 * What an INVITE session (one leg of a call) reports to the call layer, and what its commands
 * return.
 *
 * @remarks Events are plain data, discriminated on `type`, so that the call and channel actors can
 * store, replicate and test them without any SIP object. Expected failures (a 486, a timeout, a
 * refused command) are values, never exceptions (RFC 3261 §8.1.3 treats them as outcomes).
 * https://www.rfc-editor.org/rfc/rfc3261#section-13
 */

/** Why the session ended. */
export type SessionEndCause =
  | 'bye.sent'
  | 'bye.received'
  | 'rejected'
  | 'cancelled'
  | 'failed'
  | 'timeout'
  | 'transport_error'
  | 'ack.timeout'
  | 'session.expired';

/** An event of an INVITE session. */
export type SessionEvent =
  /** UAC: a 101–199 response (with its To tag, empty when the peer sent none). */
  | { readonly type: 'provisional'; readonly status: number; readonly sdp?: string; readonly toTag: string }
  /** UAC: the 2xx to our INVITE, already acknowledged (RFC 3261 §13.2.2.4). */
  | { readonly type: 'answered'; readonly sdp?: string }
  /**
   * UAC: a 300–699 final response to our INVITE; a 401/407 carries its challenges (the
   * WWW-Authenticate / Proxy-Authenticate values) so the caller can retry with credentials.
   */
  | { readonly type: 'failed'; readonly status: number; readonly reason: string; readonly challenges?: readonly string[] }
  /** UAC: Timer B fired, treated as a 408 (RFC 3261 §8.1.3.1). */
  | { readonly type: 'timeout' }
  /** UAC: the INVITE could not be sent, treated as a 503 (RFC 3261 §8.1.3.1). */
  | { readonly type: 'transport_error' }
  /**
   * UAS: the caller cancelled; 200 to the CANCEL and 487 to the INVITE are already sent. `reason`
   * is the CANCEL's Reason header when it had one (RFC 3326: "call completed elsewhere").
   */
  | { readonly type: 'cancelled'; readonly reason?: string }
  /** UAS: the ACK for our 2xx arrived; the dialog is confirmed. */
  | { readonly type: 'ack.received'; readonly sdp?: string }
  /** UAS: no ACK within 64·T1 of our 2xx; the call layer sends BYE (RFC 3261 §13.3.1.4). */
  | { readonly type: 'ack.timeout' }
  /** The peer hung up; the 200 to its BYE is already sent. */
  | { readonly type: 'bye.received' }
  /**
   * The peer sent an offer in a re-INVITE or UPDATE (`sdp` absent for an offerless re-INVITE,
   * RFC 3261 §14.2); answer with `answerReInvite(requestId, …)`.
   */
  | { readonly type: 'reinvite.received'; readonly requestId: string; readonly method: 'INVITE' | 'UPDATE'; readonly sdp?: string }
  /** The peer sent INFO; the 200 is already sent (RFC 6086 §4.2). */
  | { readonly type: 'info.received'; readonly contentType?: string; readonly body: string }
  /** Our re-INVITE or UPDATE was answered (2xx); `sdp` is the peer's answer. */
  | { readonly type: 'reinvite.answered'; readonly sdp?: string }
  /** Our re-INVITE or UPDATE failed; the session goes on unchanged unless the status was 481 or 408. */
  | { readonly type: 'reinvite.failed'; readonly status: number; readonly retryAfterMs?: number }
  /** Our INFO got its final response. */
  | { readonly type: 'info.answered'; readonly status: number }
  /** A session refresh was sent or received (RFC 4028); the new interval in seconds. */
  | { readonly type: 'session.refreshed'; readonly intervalSeconds: number }
  /** The session expired without refresh; a BYE was sent (RFC 4028 §10). */
  | { readonly type: 'session.expired' }
  /** The session is over; no more events follow. */
  | { readonly type: 'terminated'; readonly cause: SessionEndCause };

/** Receives a session's events, in order. */
export type SessionListener = (event: SessionEvent) => void;

/** Why a session command was refused. */
export type SessionErrorCode =
  | 'invalid-state'
  | 'invalid-status'
  | 'unknown-request'
  | 'invite-in-progress'
  | 'dialog-error'
  | 'send-failed';

/** The outcome of a session command. */
export type SessionResult =
  | { readonly type: 'ok' }
  | { readonly type: 'error'; readonly code: SessionErrorCode; readonly detail: string };

/** The success value of a command. */
export const SESSION_OK: SessionResult = { type: 'ok' };

/** Builds a refused-command value. */
export function sessionError(code: SessionErrorCode, detail: string): SessionResult {
  return { type: 'error', code, detail };
}

/** Extra header fields a command adds, by name (any case). */
export type ExtraHeaders = Readonly<Record<string, readonly string[]>>;
