/**
 * The frames of the native control WebSocket (`/api/control`): what a client may send (validated
 * with zod), what the server answers, the close codes and the error codes of replies. The
 * protocol is described for clients in docs/control-api.md.
 *
 * @remarks
 * Every frame is an object discriminated by `type`. A client frame that does not decode or does
 * not match gets an `error` frame (or a failed `reply` when its `id` can be read), never a crash;
 * before authentication, anything but `authenticate` closes the socket with 4001.
 */
import { z } from 'zod';

/** Close codes of the control socket (4001–4003 mean what they mean on websocketd). */
export const CONTROL_CLOSE = {
  /** No token at the upgrade and no `authenticate` frame first, or none within the deadline. */
  authenticationRequired: 4001,
  /** Unknown, expired or revoked token, or a token without the `websocketd` ACL. */
  authenticationFailed: 4002,
  /** The token expired or was deleted during the session. */
  authenticationExpired: 4003,
  /** The client reads too slowly: past the hard bound of queued bytes or pending events. */
  tooSlow: 4008,
  /** Another connection resumed this session. */
  sessionTakenOver: 4010,
  /** A frame larger than the limit (RFC 6455 §7.4.1 "message too big"). */
  frameTooLarge: 1009,
  /** The server is shutting down. */
  goingAway: 1001,
} as const;

/** The codes of `error` frames and failed replies. */
export const CONTROL_ERROR = {
  invalidFrame: 'invalid_frame',
  notAuthenticated: 'not_authenticated',
  alreadyAuthenticated: 'already_authenticated',
  unknownCommand: 'unknown_command',
  invalidArguments: 'invalid_arguments',
  forbidden: 'forbidden',
  commandFailed: 'command_failed',
  unknownSession: 'unknown_session',
  resumeForbidden: 'resume_forbidden',
  resumeGapTooOld: 'resume_gap_too_old',
  resumeAhead: 'resume_ahead',
  tooManySubscriptions: 'too_many_subscriptions',
  unknownSubscription: 'unknown_subscription',
} as const;
export type ControlErrorCode = (typeof CONTROL_ERROR)[keyof typeof CONTROL_ERROR];

export interface ControlError {
  readonly code: ControlErrorCode | (string & {});
  readonly message: string;
}

/** A request id: a client-chosen string or integer echoed in the reply. */
const requestId = z.union([z.string().min(1).max(128), z.number().int().safe()]);
export type RequestId = z.infer<typeof requestId>;

export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('authenticate'), token: z.string().min(1).max(512) }),
  z.object({ type: z.literal('resume'), session: z.string().min(1).max(64), after_sequence: z.number().int().min(0).safe() }),
  z.object({ type: z.literal('command'), id: requestId, name: z.string().min(1).max(128), args: z.unknown().optional() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

/** The event envelope of the bus (seed API-06) as the control API receives it. */
export interface ControlEvent {
  readonly name: string;
  readonly origin_uuid: string;
  /** Missing: internal, never delivered; null: for everyone; a string: for tokens whose ACLs match. */
  readonly required_acl?: string | null | undefined;
  /** The tenant the event belongs to; absent for platform events. */
  readonly tenant_uuid?: string | undefined;
  readonly data: unknown;
}

export type ServerFrame =
  | { readonly type: 'welcome'; readonly protocol: 'parley.control.v1'; readonly session: string; readonly last_sequence: number; readonly token_expires_at_ms: number }
  | { readonly type: 'resumed'; readonly session: string; readonly after_sequence: number; readonly replayed: number; readonly last_sequence: number }
  | { readonly type: 'event'; readonly sequence: number; readonly name: string; readonly origin_uuid: string; readonly data: unknown }
  | { readonly type: 'reply'; readonly id: RequestId; readonly ok: true; readonly result: unknown }
  | { readonly type: 'reply'; readonly id: RequestId; readonly ok: false; readonly error: ControlError }
  | { readonly type: 'error'; readonly error: ControlError }
  | { readonly type: 'slow'; readonly buffered_bytes: number; readonly last_sent_sequence: number };

/** A frame from the client after decoding: valid, or the reason it is not (with its id when one could be read). */
export type DecodedFrame =
  | { readonly type: 'valid'; readonly frame: ClientFrame }
  | { readonly type: 'invalid'; readonly id: RequestId | undefined; readonly message: string };

/** Validates a decoded JSON or msgpack value as a client frame. */
export function parseClientFrame(value: unknown): DecodedFrame {
  const parsed = clientFrameSchema.safeParse(value);
  if (parsed.success) return { type: 'valid', frame: parsed.data };
  const id = typeof value === 'object' && value !== null ? requestId.safeParse((value as { id?: unknown }).id) : undefined;
  const message = parsed.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.map(String).join('.')}: ${issue.message}`)).join('; ');
  return { type: 'invalid', id: id?.success === true ? id.data : undefined, message: message.slice(0, 500) };
}
