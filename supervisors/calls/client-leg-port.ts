/**
 * The SIP leg port of an outbound channel: `invite` places the UAC INVITE session, whose events
 * become the channel's `sip.*` facts; the other effects become commands of that session.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-13.2
 */
import type { channel } from '../../actors/index.ts';
import { sipMessage, type ExtraHeaders, type InviteClientSession, type SessionEvent, type StartInviteOptions } from '../../transport/index.ts';
import { createOutgoingOffers } from './outgoing-offers.ts';
import { createOfferTracker, reportResult, serverSessionFacts, type LegDiagnosticListener } from './server-leg-port.ts';

type SipLegFact = channel.SipLegFact;
type SipLegPort = channel.SipLegPort;
type PartyIdentity = channel.PartyIdentity;

/** The commands of a UAC session the port uses. */
export type ClientLegSession = Pick<InviteClientSession, 'listen' | 'cancel' | 'sendBye' | 'sendReInvite' | 'answerReInvite' | 'sendInfo'>;

/** What placing the INVITE gave: the stack's `StartInviteResult`, seen through {@link ClientLegSession}. */
export type ClientLegStart =
  | { readonly type: 'started'; readonly session: ClientLegSession }
  | { readonly type: 'error'; readonly code: string; readonly detail: string };

/** Options of {@link createClientLegPort}. */
export interface ClientLegPortOptions {
  /** Places the INVITE (the stack's `startInvite`). */
  readonly startInvite: (options: StartInviteOptions) => ClientLegStart;
  /** The From address (without tag) that shows `caller` to the callee; see {@link callerAddress}. */
  readonly from: (caller: PartyIdentity) => string;
  /** Headers the INVITE adds for `caller` (privacy, asserted identity); none by default. */
  readonly identityHeaders?: (caller: PartyIdentity) => ExtraHeaders;
  /** Receives the channel facts of the session's events, in order. */
  readonly onFact: (fact: SipLegFact) => void;
  readonly onDiagnostic?: LegDiagnosticListener;
  /** What the destination accepts when it challenges the INVITE: a trunk's outbound credentials. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

/** Characters a SIP URI user part carries unescaped (RFC 3261 §25.1: unreserved / user-unreserved). */
const USER_CHARACTER = /[A-Za-z0-9\-_.!~*'()&=+$,;?/]/;

/**
 * The From address that shows `caller` to the callee: its name as the quoted display name, its
 * number as the user part, on `host`.
 *
 * @remarks The number is percent-encoded where the user grammar needs it, and the display name is
 * quoted and escaped, so a hostile caller name cannot inject header syntax.
 * https://www.rfc-editor.org/rfc/rfc3261#section-20.20
 */
export function callerAddress(caller: PartyIdentity, host: string): string {
  const user = [...new TextEncoder().encode(caller.number)]
    .map((byte) => (byte < 0x80 && USER_CHARACTER.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  const uri = user === '' ? `sip:${host}` : `sip:${user}@${host}`;
  const name = caller.name.trim();
  return sipMessage.formatNameAddress(name === '' ? { uri, params: {} } : { displayName: name, uri, params: {} });
}

/**
 * The channel fact of a UAC session event, or undefined when the channel has no use for it.
 *
 * @remarks A timeout is a 408 and a transport error a 503 (RFC 3261 §8.1.3.1: "treated as a 408"
 * and "as a 503"). A 2xx without SDP gives no fact: our INVITE carried the offer, so its answer
 * MUST be in the 2xx (RFC 3261 §13.2.1); the port hangs such a call up. In-dialog events map as
 * on the inbound side ({@link serverSessionFacts}).
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.1.3.1
 */
export function clientSessionFacts(event: SessionEvent): SipLegFact | undefined {
  switch (event.type) {
    case 'provisional':
      return event.sdp === undefined ? { type: 'sip.provisional', status: event.status } : { type: 'sip.provisional', status: event.status, sdp: event.sdp };
    case 'answered':
      return event.sdp === undefined ? undefined : { type: 'sip.answered', sdp: event.sdp };
    case 'failed':
      return { type: 'sip.failed', status: event.status, reason: event.reason };
    case 'timeout':
      return { type: 'sip.failed', status: 408, reason: 'Request Timeout' };
    case 'transport_error':
      return { type: 'sip.failed', status: 503, reason: 'Service Unavailable' };
    case 'cancelled':
    case 'ack.received':
    case 'ack.timeout':
      return undefined;
    default:
      return serverSessionFacts(event);
  }
}

/** The fact of a 2xx that brought no SDP answer: the call is hung up as a failure. */
const ANSWER_WITHOUT_SDP: SipLegFact = { type: 'sip.failed', status: 502, reason: 'Bad Gateway (2xx without SDP answer)' };

/** A placed INVITE: its session and the tracker of the peer's pending offer. */
interface PlacedLeg {
  readonly session: ClientLegSession;
  readonly offers: ReturnType<typeof createOfferTracker>;
  readonly outgoing: ReturnType<typeof createOutgoingOffers>;
}

/** Places the INVITE and listens to its session; undefined (and a `sip.failed` 503) when it could not start. */
function placeInvite(options: ClientLegPortOptions, target: channel.DialTarget, caller: PartyIdentity, sdpOffer: string): PlacedLeg | undefined {
  const { onDiagnostic } = options;
  const result = options.startInvite({
    requestUri: target.requestUri,
    from: options.from(caller),
    to: sipMessage.formatNameAddress({ uri: target.toUri, params: {} }),
    sdp: sdpOffer,
    ...(options.identityHeaders === undefined ? {} : { headers: options.identityHeaders(caller) }),
    destination: target.destination,
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  if (result.type === 'error') {
    onDiagnostic?.({ type: 'leg.command_refused', command: 'invite', code: result.code, detail: result.detail });
    options.onFact({ type: 'sip.failed', status: 503, reason: 'Service Unavailable' });
    return undefined;
  }
  const { session } = result;
  const offers = createOfferTracker(session, onDiagnostic);
  const outgoing = createOutgoingOffers(session, (refused) => reportResult('reinvite', refused, onDiagnostic));
  session.listen((event) => {
    offers.observe(event);
    outgoing.observe(event);
    if (event.type === 'answered' && event.sdp === undefined) {
      reportResult('bye', session.sendBye(), onDiagnostic);
      options.onFact(ANSWER_WITHOUT_SDP);
      return;
    }
    const fact = clientSessionFacts(event);
    if (fact !== undefined) options.onFact(fact);
  });
  return { session, offers, outgoing };
}

/**
 * Creates the SIP leg port of an outbound channel.
 *
 * @remarks `invite` may run once; a start error becomes at once a `sip.failed` 503 fact (the
 * INVITE could not be sent, RFC 3261 §8.1.3.1). `provisional`, `accept` and `reject` belong to an
 * inbound leg and only report a diagnostic. `cancel` before the first provisional is held by the
 * session until one arrives (RFC 3261 §9.1).
 * https://www.rfc-editor.org/rfc/rfc3261#section-13.2.1
 */
export function createClientLegPort(options: ClientLegPortOptions): SipLegPort {
  const { onDiagnostic } = options;
  let placed: PlacedLeg | undefined;
  let attempted = false;
  const invalid = (command: string, detail: string): void => onDiagnostic?.({ type: 'leg.command_invalid', command, detail });
  const withLeg = (command: string, run: (leg: PlacedLeg) => void): void => {
    if (placed === undefined) invalid(command, 'no INVITE was placed');
    else run(placed);
  };
  return {
    invite(target, caller, sdpOffer) {
      if (attempted) return invalid('invite', 'the INVITE was already placed');
      attempted = true;
      placed = placeInvite(options, target, caller, sdpOffer);
    },
    provisional: () => invalid('provisional', 'not valid on an outbound leg'),
    accept: () => invalid('accept', 'not valid on an outbound leg'),
    reject: () => invalid('reject', 'not valid on an outbound leg'),
    cancel: (reason) => withLeg('cancel', (leg) => {
      const cancelled = reason === undefined ? leg.session.cancel() : leg.session.cancel({ reason: [reason] });
      // The callee's 200 may have crossed the hang-up: the channel still saw the leg ringing, but
      // the session is confirmed (and ACKed), so the call is ended with BYE (RFC 3261 §9.1, §15).
      if (cancelled.type === 'error' && cancelled.code === 'invalid-state') reportResult('bye', leg.session.sendBye(), onDiagnostic);
      else reportResult('cancel', cancelled, onDiagnostic);
    }),
    bye: () => withLeg('bye', (leg) => reportResult('bye', leg.session.sendBye(), onDiagnostic)),
    reinvite: (sdpOffer) => withLeg('reinvite', (leg) => leg.outgoing.send(sdpOffer)),
    answerReinvite: (sdpAnswer) => withLeg('answerReinvite', (leg) => leg.offers.answer(sdpAnswer)),
    info: (contentType, body) => withLeg('info', (leg) => reportResult('info', leg.session.sendInfo(contentType, body), onDiagnostic)),
  };
}
