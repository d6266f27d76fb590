/**
 * What every INVITE session of the node shares: the transaction layer, the clock, the random
 * source, the node's Contact per transport and the session-timer policy.
 *
 * @remarks Injected by the UA core, so that sessions take time only from the stack's
 * {@link SipClock} and tags only from the given random source, and tests run them on a simulated
 * clock. https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1
 */
import type { Dialog, DialogKey } from '../dialogs/index.ts';
import { parseUri, type SipResponse } from '../message/index.ts';
import type { SipEndpoint, SipTransportKind } from '../sip-endpoint.ts';
import type { RandomBytes, SipClock, SipTimerConfig, TransactionLayer } from '../transactions/index.ts';
import { createTag } from '../transactions/index.ts';

/** RFC 4028 policy of the node. */
export interface SessionTimerPolicy {
  /** The interval we ask for and grant by default, in seconds (RFC 4028 recommends 1800). */
  readonly sessionExpiresSeconds: number;
  /** The smallest interval we accept, in seconds; never below 90 (RFC 4028 §4). */
  readonly minSeSeconds: number;
}

/** RFC 4028 §4 and §5 defaults: 30 minutes asked, 90 seconds the floor. */
export const DEFAULT_SESSION_TIMER_POLICY: SessionTimerPolicy = { sessionExpiresSeconds: 1800, minSeSeconds: 90 };

/** Where sessions register their dialogs so that in-dialog requests find them. */
export interface DialogRegistry<S> {
  register(key: DialogKey, session: S): void;
  unregister(key: DialogKey): void;
  /** Unregisters a dialog another node serves now; requests still reaching this node in it go unanswered for a while. */
  handOff(key: DialogKey): void;
}

/** Where a UAC session watches for a 2xx that comes after it gave up (RFC 3261 §13.2.2.4). */
export interface LateAnswerWatch {
  watchLateAnswers(callId: string, localTag: string, handler: (response: SipResponse) => void): void;
  stopWatching(callId: string, localTag: string): void;
}

/** Dependencies of a session. */
export interface SessionContext {
  readonly layer: TransactionLayer;
  readonly clock: SipClock;
  readonly timers: SipTimerConfig;
  readonly randomBytes: RandomBytes;
  /** A number in [0, 1), for the random waits of RFC 3261 §14. */
  readonly random: () => number;
  /** The node's Contact URI per transport, e.g. `sip:192.0.2.1:5060;transport=tcp`. */
  readonly contacts: Readonly<Partial<Record<SipTransportKind, string>>>;
  readonly sessionTimer: SessionTimerPolicy;
  /** `Allow` of our INVITE, 2xx and target refreshes. */
  readonly allow: readonly string[];
  readonly userAgent: string;
  /**
   * Where requests of `dialog` go. By default they go where the peer's messages come from
   * (symmetric signalling, as for responses in RFC 3581), which reaches peers behind NAT and reuses
   * their TCP or WebSocket connection; a resolver may follow the remote target instead (RFC 3263).
   */
  readonly resolveDestination?: (dialog: Dialog, learned: SipEndpoint) => SipEndpoint;
}

/** The Contact header value of the node on `transport`, or undefined when none is configured. */
export function contactHeader(context: Pick<SessionContext, 'contacts'>, transport: SipTransportKind): string | undefined {
  const uri = context.contacts[transport];
  return uri === undefined ? undefined : `<${uri}>`;
}

/**
 * A top Via for a request leaving on `transport`, with a new branch and `rport` (RFC 3581 §3).
 *
 * @remarks The sent-by is the host and port of the node's Contact on that transport.
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1.7
 */
export function createVia(context: Pick<SessionContext, 'contacts' | 'layer'>, transport: SipTransportKind): string {
  const uri = parseUri(context.contacts[transport] ?? '');
  const sentBy = uri === undefined ? 'invalid.invalid' : `${uri.host}${uri.port === undefined ? '' : `:${String(uri.port)}`}`;
  return `SIP/2.0/${transport.toUpperCase()} ${sentBy};branch=${context.layer.createBranch()};rport`;
}

/** A new tag from the context's random source (RFC 3261 §19.3). */
export function newTag(context: Pick<SessionContext, 'randomBytes'>): string {
  return createTag(context.randomBytes);
}

/** A new Call-ID: 128 random bits in hex (RFC 3261 §8.1.1.4). */
export function newCallId(context: Pick<SessionContext, 'randomBytes'>): string {
  let text = '';
  for (const byte of context.randomBytes(16)) text += byte.toString(16).padStart(2, '0');
  return text;
}

/** Where a request of `dialog` is sent. */
export function destinationOf(context: SessionContext, dialog: Dialog, learned: SipEndpoint): SipEndpoint {
  return context.resolveDestination?.(dialog, learned) ?? learned;
}
