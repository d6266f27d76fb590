/**
 * The SIP leg port of an inbound channel: the channel's `sip.*` effects become commands of the UAS
 * INVITE session, and the session's events become the channel's `sip.*` facts.
 *
 * @remarks The channel machine speaks plain data and knows no SIP object; this adapter is the only
 * place where an inbound leg's session and its channel meet.
 * https://www.rfc-editor.org/rfc/rfc3261#section-13.3
 */
import type { channel, Logger } from '../../actors/index.ts';
import { sdp, type InviteServerSession, type SessionEvent, type SessionResult } from '../../transport/index.ts';
import { createOutgoingOffers } from './outgoing-offers.ts';

/** What a leg port reports when a command could not be carried out. */
export type LegDiagnostic =
  /** The command makes no sense on this leg (e.g. `invite` on an inbound leg). */
  | { readonly type: 'leg.command_invalid'; readonly command: string; readonly detail: string }
  /** The session refused the command (wrong state, unknown request …). */
  | { readonly type: 'leg.command_refused'; readonly command: string; readonly code: string; readonly detail: string }
  /** The leg answered a peer's request itself (an offerless refresh, an unusable offer). */
  | { readonly type: 'leg.answered_itself'; readonly requestId: string; readonly status: number; readonly detail: string };

type SipLegFact = channel.SipLegFact;
type SipLegPort = channel.SipLegPort;

/** Receives a leg port's diagnostics (for logs and metrics). */
export type LegDiagnosticListener = (diagnostic: LegDiagnostic) => void;

/**
 * Logs what a leg port reports: a session refresh the leg answered itself (200 to an offerless
 * re-INVITE or UPDATE, RFC 4028) is routine and logged at debug; anything else is a warning.
 */
export function logLegDiagnostic(log: Pick<Logger, 'debug' | 'warn'>, fields: { readonly channelId: string; readonly diagnostic: LegDiagnostic }, message: string): void {
  const { diagnostic } = fields;
  if (diagnostic.type === 'leg.answered_itself' && diagnostic.status === 200) log.debug(fields, message);
  else log.warn(fields, message);
}

/** The commands of a UAS session the port uses. */
export type ServerLegSession = Pick<
  InviteServerSession,
  'listen' | 'provisional' | 'accept' | 'reject' | 'sendBye' | 'sendReInvite' | 'answerReInvite' | 'sendInfo'
>;

/** The in-dialog commands both UAS and UAC sessions have. */
export type DialogLegSession = Pick<InviteServerSession, 'sendBye' | 'sendReInvite' | 'answerReInvite' | 'sendInfo'>;

/** Options of {@link createServerLegPort}. */
export interface ServerLegPortOptions {
  /** Receives the channel facts of the session's events, in order. */
  readonly onFact: (fact: SipLegFact) => void;
  readonly onDiagnostic?: LegDiagnosticListener;
}

/**
 * Whether an SDP offer puts us on hold, or undefined when it offers no usable audio stream.
 *
 * @remarks The peer holds us when it asks not to receive: `a=sendonly`, `a=inactive`, or the old
 * `c=0.0.0.0` form. https://www.rfc-editor.org/rfc/rfc3264#section-8.4
 */
export function offerHolds(offer: string): boolean | undefined {
  const parsed = sdp.parseSessionDescription(offer);
  if (parsed.type !== 'ok') return undefined;
  return sdp.firstAudioStream(parsed.description)?.hold;
}

/**
 * The channel fact of a session event, or undefined when the channel has no use for it.
 *
 * @remarks A re-INVITE or UPDATE without an offer (a session refresh, RFC 4028 §10), or whose offer
 * has no usable audio stream, gives no fact: the leg port answers it itself
 * (see {@link createServerLegPort}). A `reinvite.answered` without SDP changes nothing.
 * https://www.rfc-editor.org/rfc/rfc3261#section-14.2
 */
export function serverSessionFacts(event: SessionEvent): SipLegFact | undefined {
  switch (event.type) {
    case 'cancelled':
      return { type: 'sip.cancelled' };
    case 'ack.received':
      return { type: 'sip.confirmed' };
    case 'ack.timeout':
      return { type: 'sip.ack_timeout' };
    case 'bye.received':
      return { type: 'sip.bye_received' };
    case 'session.expired':
      return { type: 'sip.session_expired' };
    case 'info.received':
      return { type: 'sip.info_received', contentType: event.contentType ?? 'application/octet-stream', body: event.body };
    case 'reinvite.answered':
      return event.sdp === undefined ? undefined : { type: 'sip.reinvite_answered', sdp: event.sdp };
    case 'reinvite.received': {
      if (event.sdp === undefined) return undefined;
      const hold = offerHolds(event.sdp);
      return hold === undefined ? undefined : { type: 'sip.reinvite_received', sdp: event.sdp, hold };
    }
    default:
      return undefined;
  }
}

/**
 * Reports a refused session command to the diagnostic listener.
 *
 * @remarks A refusal is an expected outcome (a BYE racing the peer's, a command in a state that has
 * just changed): the channel machine has already moved on, so it is logged, never thrown.
 */
export function reportResult(command: string, result: SessionResult, onDiagnostic: LegDiagnosticListener | undefined): void {
  if (result.type === 'error') onDiagnostic?.({ type: 'leg.command_refused', command, code: result.code, detail: result.detail });
}

/**
 * Tracks the peer's pending re-INVITE or UPDATE, and answers itself the ones the channel cannot:
 * an offerless refresh is accepted with the current SDP (RFC 4028 §10; the core supplies it), an
 * offer without usable audio is refused with 488 (RFC 3261 §14.2: "If the session description was
 * not acceptable, the UAS SHOULD reject it with a 488").
 *
 * @remarks Shared by the inbound and outbound leg ports: the dialog behaves the same on both sides.
 * https://www.rfc-editor.org/rfc/rfc3261#section-14.2
 */
export function createOfferTracker(session: DialogLegSession, onDiagnostic: LegDiagnosticListener | undefined): {
  observe(event: SessionEvent): void;
  answer(sdpAnswer: string): void;
} {
  let pendingRequestId: string | undefined;
  return {
    observe(event) {
      if (event.type !== 'reinvite.received') return;
      if (serverSessionFacts(event) !== undefined) {
        pendingRequestId = event.requestId;
        return;
      }
      const offerless = event.sdp === undefined;
      const answer = offerless ? ({ type: 'accept' } as const) : ({ type: 'reject', status: 488 } as const);
      reportResult('answerReinvite', session.answerReInvite(event.requestId, answer), onDiagnostic);
      const detail = offerless ? 'refresh without offer' : 'offer without usable audio';
      onDiagnostic?.({ type: 'leg.answered_itself', requestId: event.requestId, status: offerless ? 200 : 488, detail });
    },
    answer(sdpAnswer) {
      const requestId = pendingRequestId;
      if (requestId === undefined) {
        onDiagnostic?.({ type: 'leg.command_invalid', command: 'answerReinvite', detail: 'no re-INVITE waits for an answer' });
        return;
      }
      pendingRequestId = undefined;
      reportResult('answerReinvite', session.answerReInvite(requestId, { type: 'accept', sdp: sdpAnswer }), onDiagnostic);
    },
  };
}

/**
 * Starts listening to a session in its dialog: the peer's offers are tracked (and answered when the
 * channel cannot), our own offers follow their answers, and each event the channel has a use for
 * becomes its fact. Shared by inbound and resumed legs.
 */
export function followDialog(session: DialogLegSession & Pick<InviteServerSession, 'listen'>, options: ServerLegPortOptions): { readonly offers: ReturnType<typeof createOfferTracker>; readonly outgoing: ReturnType<typeof createOutgoingOffers> } {
  const offers = createOfferTracker(session, options.onDiagnostic);
  const outgoing = createOutgoingOffers(session, (result) => reportResult('reinvite', result, options.onDiagnostic));
  session.listen((event) => {
    offers.observe(event);
    outgoing.observe(event);
    const fact = serverSessionFacts(event);
    if (fact !== undefined) options.onFact(fact);
  });
  return { offers, outgoing };
}

/**
 * Creates the SIP leg port of an inbound channel over its UAS session, and starts listening to the
 * session (a session has one listener: this port).
 *
 * @remarks `invite` and `cancel` belong to an outbound leg: here they do nothing but report a
 * `leg.command_invalid` diagnostic. A BYE asked for before the ACK is held by the session until the
 * ACK (RFC 3261 §15). https://www.rfc-editor.org/rfc/rfc3261#section-13.3.1
 */
export function createServerLegPort(session: ServerLegSession, options: ServerLegPortOptions): SipLegPort {
  const { onDiagnostic } = options;
  const { offers, outgoing } = followDialog(session, options);
  const invalid = (command: string): void => onDiagnostic?.({ type: 'leg.command_invalid', command, detail: 'not valid on an inbound leg' });
  return {
    invite() {
      invalid('invite');
    },
    cancel() {
      invalid('cancel');
    },
    provisional(status, sdpBody) {
      reportResult('provisional', session.provisional(status, sdpBody === undefined ? {} : { sdp: sdpBody }), onDiagnostic);
    },
    accept(sdpAnswer) {
      reportResult('accept', session.accept({ sdp: sdpAnswer }), onDiagnostic);
    },
    reject(status, reason) {
      reportResult('reject', session.reject(status, { reason }), onDiagnostic);
    },
    bye() {
      reportResult('bye', session.sendBye(), onDiagnostic);
    },
    reinvite(sdpOffer) {
      outgoing.send(sdpOffer);
    },
    answerReinvite(sdpAnswer) {
      offers.answer(sdpAnswer);
    },
    info(contentType, body) {
      reportResult('info', session.sendInfo(contentType, body), onDiagnostic);
    },
  };
}
