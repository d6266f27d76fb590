/**
 * Admission of an inbound INVITE from a phone: digest authentication of the caller, then the
 * caller's identity from its SIP line.
 *
 * @remarks Pure apart from the two injected lookups (the authenticator's credential lookup and
 * `lookupLine`); the caller of this function sends the response the outcome names.
 * https://www.rfc-editor.org/rfc/rfc3261#section-22.2
 */
import { assertNever } from '../../actors/index.ts';
import type { DigestAuthenticator, sipMessage } from '../../transport/index.ts';

/** The identity of a SIP line's user, which becomes the caller of the calls the line places. */
export interface LineIdentity {
  /** The caller's display name. */
  readonly name: string;
  /** The caller's number (the user's internal extension). */
  readonly number: string;
  /** The dialplan context the line's calls are routed in. */
  readonly context: string;
  readonly userUuid?: string;
  readonly lineId?: string;
}

/** The injected dependencies of {@link admitInvite}. */
export interface InviteAdmissionOptions {
  readonly authenticator: Pick<DigestAuthenticator, 'verify' | 'challenge'>;
  /** The line whose SIP username is `username`, or undefined when there is none. */
  readonly lookupLine: (username: string) => Promise<LineIdentity | undefined>;
  /** The `host: dynamic` trunk whose endpoint has this username, when no line has it. */
  readonly lookupTrunk?: (username: string) => TrunkIdentity | undefined;
}

/** A trunk an INVITE authenticated as. */
export interface TrunkIdentity {
  /** The trunk's id, when known (its calls are counted under it). */
  readonly trunkId?: number;
  /** Whether the trunk's P-Asserted-Identity is the caller ID of its calls. */
  readonly trustIdInbound?: boolean;
  /** The caller ID that overwrites the one its calls bring (seed CF-06 step 2), or null. */
  readonly callerId?: string | null;
  readonly tenantUuid: string;
  readonly context: string | null;
  readonly name: string;
}

/** What to do with an inbound INVITE. */
export type InviteAdmission =
  /** Answer with this 401 and its WWW-Authenticate headers (no credentials, or a stale nonce). */
  | { readonly type: 'challenge'; readonly status: 401; readonly headers: sipMessage.SipHeaders }
  /** Answer 403: wrong password, unknown user or a user without a line, all alike. */
  | { readonly type: 'forbidden'; readonly status: 403 }
  /** Answer 400: the credentials are malformed or name another Request-URI. */
  | { readonly type: 'malformed'; readonly status: 400; readonly reason: string }
  /** Go on with the call, placed by `caller`. */
  | { readonly type: 'admitted'; readonly username: string; readonly caller: LineIdentity }
  /** Go on with the call as one from this trunk (a dynamic peer that authenticated with its endpoint's credentials). */
  | { readonly type: 'trunk'; readonly username: string; readonly trunk: TrunkIdentity };

const FORBIDDEN: InviteAdmission = { type: 'forbidden', status: 403 };

/**
 * Decides the admission of an inbound INVITE.
 *
 * @remarks
 * An INVITE is challenged with 401 and WWW-Authenticate, as a registrar-style user agent server
 * does and as Asterisk challenges its endpoints' INVITEs ("A UAS ... MAY use the 401
 * (Unauthorized) response", RFC 3261 §22.2), rather than 407, which belongs to proxies. A stale
 * nonce gets a new challenge marked `stale=true` (RFC 7616 §3.3). Wrong passwords and unknown
 * users get the same 403, and so does an authenticated user with no line, so that the answer tells
 * an attacker nothing about which names exist. Malformed credentials get 400 (RFC 7616 §3.4).
 *
 * The caller's identity and context come from the line of the authenticated username, never from
 * the From header, which the caller writes as it likes.
 * https://www.rfc-editor.org/rfc/rfc3261#section-22.2
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.3
 */
export async function admitInvite(request: sipMessage.SipRequest, options: InviteAdmissionOptions): Promise<InviteAdmission> {
  const verdict = await options.authenticator.verify(request);
  switch (verdict.type) {
    case 'challenge': {
      const challenge = options.authenticator.challenge(request, { stale: verdict.stale });
      return { type: 'challenge', status: 401, headers: challenge.headers };
    }
    case 'forbidden':
      return verdict.reason === 'invalid-credentials' ? FORBIDDEN : { type: 'malformed', status: 400, reason: malformedReason(verdict.reason) };
    case 'authenticated': {
      const line = await options.lookupLine(verdict.username);
      if (line !== undefined) return { type: 'admitted', username: verdict.username, caller: line };
      const trunk = options.lookupTrunk?.(verdict.username);
      return trunk === undefined ? FORBIDDEN : { type: 'trunk', username: verdict.username, trunk };
    }
    default:
      return assertNever(verdict, 'digest verdict');
  }
}

function malformedReason(reason: 'malformed-credentials' | 'uri-mismatch'): string {
  return reason === 'uri-mismatch' ? 'Authorization URI Mismatch' : 'Malformed Credentials';
}

