/**
 * Message-waiting indication (RFC 3842) as pure functions: the `application/simple-message-summary`
 * body of a mailbox's counts, and the lifetime a subscription gets (RFC 6665 §4.2.1.1).
 */

/** The event package of message-waiting indication. */
export const MESSAGE_SUMMARY_EVENT = 'message-summary';
export const MESSAGE_SUMMARY_CONTENT_TYPE = 'application/simple-message-summary';

/** Subscription lifetimes, in seconds: shortest accepted, longest granted, given when none is asked. */
export const SUBSCRIPTION_EXPIRES = { minS: 60, maxS: 3600, defaultS: 3600 } as const;

/**
 * The body for `newCount` new and `oldCount` old voice messages of the account `account` (the URI
 * that consults them): "Messages-Waiting: yes" when there is a new message (RFC 3842 §5.2).
 */
export function messageSummaryBody(counts: { readonly newCount: number; readonly oldCount: number }, account: string): string {
  return `Messages-Waiting: ${counts.newCount > 0 ? 'yes' : 'no'}\r\nMessage-Account: ${account}\r\nVoice-Message: ${counts.newCount}/${counts.oldCount}\r\n`;
}

/** The lifetime a SUBSCRIBE gets: a number of seconds (0 ends it), or 423 with the shortest accepted, or 400. */
export type ExpiresDecision = { readonly type: 'granted'; readonly seconds: number } | { readonly type: 'too-brief'; readonly minS: number } | { readonly type: 'invalid' };

/**
 * Reads the Expires header: absent → the default; 0 → an unsubscribe (or a one-time fetch); under
 * the minimum → 423 Interval Too Brief; above the maximum → the maximum ("the notifier MAY shorten
 * the duration", RFC 6665 §4.2.1.1). https://www.rfc-editor.org/rfc/rfc6665#section-4.2.1.1
 */
export function subscriptionExpires(header: string | undefined): ExpiresDecision {
  if (header === undefined) return { type: 'granted', seconds: SUBSCRIPTION_EXPIRES.defaultS };
  if (!/^\s*[0-9]{1,10}\s*$/.test(header)) return { type: 'invalid' };
  const asked = Number(header.trim());
  if (asked === 0) return { type: 'granted', seconds: 0 };
  if (asked < SUBSCRIPTION_EXPIRES.minS) return { type: 'too-brief', minS: SUBSCRIPTION_EXPIRES.minS };
  return { type: 'granted', seconds: Math.min(asked, SUBSCRIPTION_EXPIRES.maxS) };
}

/** Whether an Event header names the message-summary package (its parameters, such as `id`, aside). */
export function isMessageSummaryEvent(header: string | undefined): boolean {
  return header !== undefined && header.split(';')[0]?.trim().toLowerCase() === MESSAGE_SUMMARY_EVENT;
}
