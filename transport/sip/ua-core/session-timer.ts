/**
 * Session timers (RFC 4028) as pure functions: reading Session-Expires and Min-SE, the UAS's
 * grant, the UAC's reading of the answer, and when to refresh or give up.
 *
 * @remarks The refresher is named by its role in the transaction that last negotiated the
 * interval ("uac" or "uas"), not by its role in the dialog, so each function says which side of
 * that transaction we were. https://www.rfc-editor.org/rfc/rfc4028
 */
import type { SipMessage, SipRequest } from '../message/index.ts';
import { getHeader, getHeaders } from '../message/index.ts';
import type { SessionTimerPolicy } from './session-context.ts';

/**
 * "the minimum value of the Session-Expires is 90 seconds" (RFC 4028 §4), and the Min-SE a request
 * without one stands for (§5: "the default value of 90 seconds").
 *
 * @remarks The node's own minimum is its policy's `minSeSeconds`, 90 by default; a policy below
 * 90 departs from §5 and exists so that tests can watch a session expire (docs/decisions.md).
 */
export const MIN_SESSION_EXPIRES_SECONDS = 90;

/** A Session-Expires value (RFC 4028 §4). */
export interface SessionExpires {
  readonly intervalSeconds: number;
  readonly refresher?: 'uac' | 'uas';
}

/** The interval in force and whether we are the side that refreshes. */
export interface NegotiatedTimer {
  readonly intervalSeconds: number;
  readonly weRefresh: boolean;
}

/** The UAS's verdict on a session timer request. */
export type SessionTimerGrant =
  | { readonly type: 'too-small'; readonly minSeSeconds: number }
  | { readonly type: 'granted'; readonly timer: NegotiatedTimer; readonly headers: Readonly<Record<string, readonly string[]>> };

/**
 * Reads Session-Expires: `delta-seconds *(;se-params)` with `refresher=uac|uas`; undefined when
 * absent or malformed (a malformed value is ignored rather than trusted).
 * https://www.rfc-editor.org/rfc/rfc4028#section-4
 */
export function parseSessionExpires(message: SipMessage): SessionExpires | undefined {
  const value = getHeader(message, 'session-expires');
  if (value === undefined) return undefined;
  const [delta = '', ...params] = value.split(';').map((part) => part.trim());
  const intervalSeconds = parseDeltaSeconds(delta);
  if (intervalSeconds === undefined) return undefined;
  for (const param of params) {
    const [name = '', paramValue = ''] = param.split('=').map((part) => part.trim().toLowerCase());
    if (name === 'refresher' && (paramValue === 'uac' || paramValue === 'uas')) return { intervalSeconds, refresher: paramValue };
  }
  return { intervalSeconds };
}

/** Reads Min-SE (RFC 4028 §5); undefined when absent or malformed. */
export function parseMinSe(message: SipMessage): number | undefined {
  const value = getHeader(message, 'min-se');
  return value === undefined ? undefined : parseDeltaSeconds(value.split(';')[0]?.trim() ?? '');
}

/** True when the message lists the `timer` option tag in Supported or Require. */
export function supportsTimer(message: SipMessage): boolean {
  const tags = [...getHeaders(message, 'supported'), ...getHeaders(message, 'require')];
  return tags.some((tag) => tag.trim().toLowerCase() === 'timer');
}

/**
 * What a UAS answers to an INVITE or UPDATE about the session interval.
 *
 * @remarks §9: "If the Session-Expires interval is too small (that is, less than the minimum
 * interval the UAS is willing to accept), the UAS MUST reject the request with a 422 response".
 * It may lower the interval, never below the request's Min-SE. "If the request contained a
 * Session-Expires header field with a refresher parameter, the UAS MUST set the refresher
 * parameter ... to the same value"; without one it elects, and "If the UAC did not support the
 * extension, the refresher parameter MUST be set to 'uas'". "If the refresher parameter in the 2xx
 * response has a value of 'uac', the UAS MUST place a Require header field into the response with
 * the value 'timer'." Without a Session-Expires the UAS "MAY" add one; we do, so that every call
 * of the node ends when a peer vanishes. https://www.rfc-editor.org/rfc/rfc4028#section-9
 */
export function grantSessionTimer(request: SipRequest, policy: SessionTimerPolicy): SessionTimerGrant {
  const asked = parseSessionExpires(request);
  const ourMinimum = policy.minSeSeconds;
  if (asked !== undefined && asked.intervalSeconds < ourMinimum) return { type: 'too-small', minSeSeconds: ourMinimum };
  // Lowered, never below the request's Min-SE (§9); never raised above what the request asked.
  const floor = Math.max(Math.min(parseMinSe(request) ?? MIN_SESSION_EXPIRES_SECONDS, asked?.intervalSeconds ?? Infinity), ourMinimum);
  const intervalSeconds = Math.max(floor, Math.min(asked?.intervalSeconds ?? policy.sessionExpiresSeconds, policy.sessionExpiresSeconds));
  const uacSupports = supportsTimer(request);
  const refresher = uacSupports ? (asked?.refresher ?? 'uac') : 'uas';
  const headers: Record<string, readonly string[]> = {
    'session-expires': [`${String(intervalSeconds)};refresher=${refresher}`],
  };
  if (refresher === 'uac') headers['require'] = ['timer'];
  return { type: 'granted', timer: { intervalSeconds, weRefresh: refresher === 'uas' }, headers };
}

/**
 * What a UAC learns from the 2xx to its INVITE or UPDATE.
 *
 * @remarks §7.2: "If the 2xx response did not contain a Session-Expires header field, there is no
 * session expiration." Otherwise the refresher is the one the response names; a response that
 * names none leaves the refresh to the UAC. https://www.rfc-editor.org/rfc/rfc4028#section-7.2
 */
export function readSessionTimerAnswer(response: SipMessage): NegotiatedTimer | undefined {
  const answered = parseSessionExpires(response);
  if (answered === undefined) return undefined;
  return { intervalSeconds: answered.intervalSeconds, weRefresh: answered.refresher !== 'uas' };
}

/**
 * Headers of an INVITE or UPDATE asking for session timers, raised to a 422's Min-SE.
 *
 * @remarks §7.1 and §7.4: the UAC puts `Supported: timer`, its Session-Expires and Min-SE; after a
 * 422 it retries "with a Session-Expires ... equal to the value of the Min-SE of the 422". A
 * refresh we send names us (`refresher=uac`) so that the roles stay as they were (§7.4).
 * https://www.rfc-editor.org/rfc/rfc4028#section-7.1
 */
export function requestTimerHeaders(
  policy: SessionTimerPolicy,
  raisedMinSeSeconds?: number,
  refresher?: 'uac',
): Readonly<Record<string, readonly string[]>> {
  const minSe = Math.max(policy.minSeSeconds, raisedMinSeSeconds ?? 0);
  const interval = Math.max(policy.sessionExpiresSeconds, minSe);
  const sessionExpires = refresher === undefined ? String(interval) : `${String(interval)};refresher=${refresher}`;
  return { 'session-expires': [sessionExpires], 'min-se': [String(minSe)] };
}

/**
 * When our next action falls due, in ms from the negotiation.
 *
 * @remarks The refresher refreshes "at half the session expiration" (§10 recommends it: "If UAC
 * ... the refresh SHOULD be sent ... half the interval"); the other side sends a BYE "before the
 * session expiration ... the minimum of 32 seconds and one third of the session interval" ahead of
 * it. https://www.rfc-editor.org/rfc/rfc4028#section-10
 */
export function timerDelayMs(timer: NegotiatedTimer): number {
  const intervalMs = timer.intervalSeconds * 1000;
  if (timer.weRefresh) return intervalMs / 2;
  return intervalMs - Math.min(32_000, intervalMs / 3);
}

function parseDeltaSeconds(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 && value <= 2 ** 32 - 1 ? value : undefined;
}
