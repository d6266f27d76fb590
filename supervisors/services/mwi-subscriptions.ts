/**
 * Message-waiting indication subscriptions (RFC 3842 over RFC 6665): a phone SUBSCRIBEs to
 * `message-summary` for its own address of record and gets a NOTIFY with its user's mailbox counts
 * at once, on every refresh, and whenever the counts change (a message left, listened to or
 * deleted); an `Expires: 0` SUBSCRIBE ends the subscription with a final NOTIFY, and a subscription
 * not refreshed in time ends with `Subscription-State: terminated;reason=timeout`.
 *
 * @remarks
 * The SUBSCRIBE is authenticated as a REGISTER is (Digest, the line's credentials), and the user
 * authenticated must be the user of the Request-URI (403 otherwise): a phone learns only its own
 * counts. A line without a mailbox is refused with 404. Subscriptions live in this node's memory:
 * a phone re-subscribes after a failover, as it does at its refresh. A NOTIFY answered 481 (or not
 * answered) ends the subscription. https://www.rfc-editor.org/rfc/rfc6665#section-4.2
 */
import { randomBytes } from 'node:crypto';
import { createUasDialog, sipMessage, type DigestAuthenticator, type Dialog, type IncomingRequest, type SipEndpoint, type SipStack } from '../../transport/index.ts';
import { countVoicemailMessages, findMailboxOfSipUsername, type Queryable } from '../../store/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { isMessageSummaryEvent, MESSAGE_SUMMARY_CONTENT_TYPE, MESSAGE_SUMMARY_EVENT, messageSummaryBody, subscriptionExpires } from './message-summary.ts';

export interface MwiOptions {
  readonly stack: Pick<SipStack, 'sendInDialog'>;
  readonly authenticator: Pick<DigestAuthenticator, 'challenge' | 'verify'>;
  readonly database: Queryable;
  readonly logger: Pick<NodeLogger, 'warn' | 'debug'>;
  /** The host of the `Message-Account` URI (`sip:*98@<host>`). */
  readonly accountHost: string;
  /** The node's Contact URI, put in the 200 that creates the subscription's dialog. */
  readonly contact: string;
}

export interface MwiSubscriptions {
  /** The SUBSCRIBE handler. */
  onSubscribe(incoming: IncomingRequest): Promise<SipResponse>;
  /** A mailbox's counts may have changed: every subscription to it is notified. */
  mailboxChanged(voicemailId: number): void;
  /** Live subscriptions (for tests and metrics). */
  count(): number;
  close(): void;
}

interface Subscription {
  dialog: Dialog;
  readonly destination: SipEndpoint;
  readonly voicemailId: number;
  expiresAtMs: number;
  timer: NodeJS.Timeout;
}

const { createResponse, getHeader, parseNameAddress, parseUri } = sipMessage;
type SipRequest = sipMessage.SipRequest;
type SipResponse = sipMessage.SipResponse;

export function createMwiSubscriptions(options: MwiOptions): MwiSubscriptions {
  const subscriptions = new Map<string, Subscription>();
  const account = `sip:*98@${options.accountHost}`;

  const end = (key: string): void => {
    const found = subscriptions.get(key);
    if (found === undefined) return;
    clearTimeout(found.timer);
    subscriptions.delete(key);
  };

  const notify = async (key: string, subscription: Subscription, state: string): Promise<void> => {
    const counts = await countVoicemailMessages(options.database, subscription.voicemailId);
    const sent = options.stack.sendInDialog({
      dialog: subscription.dialog, method: 'NOTIFY', destination: subscription.destination,
      headers: { event: [MESSAGE_SUMMARY_EVENT], 'subscription-state': [state], 'content-type': [MESSAGE_SUMMARY_CONTENT_TYPE] },
      body: new TextEncoder().encode(messageSummaryBody(counts, account)),
    });
    if (sent.type === 'error') {
      options.logger.warn({ reason: sent.detail }, 'message-summary NOTIFY not sent');
      return end(key);
    }
    subscription.dialog = sent.dialog;
    const result = await sent.result;
    // "If the NOTIFY request fails due to a timeout condition ... or 481, the notifier MUST remove the subscription" (RFC 6665 §4.2.2).
    if (result.type !== 'answered' || result.status === 481) end(key);
  };

  const arm = (key: string, subscription: Subscription, seconds: number): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      end(key);
      void notify(key, subscription, 'terminated;reason=timeout').catch(() => undefined);
    }, seconds * 1000);
    timer.unref();
    return timer;
  };

  return {
    async onSubscribe(incoming) {
      const { request } = incoming;
      if (!isMessageSummaryEvent(getHeader(request, 'event'))) return createResponse(request, 489, { headers: { 'allow-events': [MESSAGE_SUMMARY_EVENT] } });
      const verdict = await options.authenticator.verify(request);
      if (verdict.type === 'challenge') {
        const challenge = options.authenticator.challenge(request, { stale: verdict.stale });
        return createResponse(request, challenge.status, { headers: challenge.headers });
      }
      if (verdict.type === 'forbidden') return createResponse(request, verdict.reason === 'invalid-credentials' ? 403 : 400);
      if (parseUri(request.uri)?.user !== verdict.username) return createResponse(request, 403, { reason: 'Only Your Own Mailbox' });
      const expires = subscriptionExpires(getHeader(request, 'expires'));
      if (expires.type === 'invalid') return createResponse(request, 400, { reason: 'Invalid Expires' });
      if (expires.type === 'too-brief') return createResponse(request, 423, { headers: { 'min-expires': [String(expires.minS)] } });
      const toTag = parseNameAddress(getHeader(request, 'to') ?? '')?.params['tag'];
      const key = dialogKeyOf(request);
      const existing = subscriptions.get(key);
      if (toTag !== undefined && existing === undefined) return createResponse(request, 481);
      let subscription = existing;
      let response: SipResponse;
      if (subscription === undefined) {
        const mailbox = await findMailboxOfSipUsername(options.database, verdict.username);
        if (mailbox === undefined) return createResponse(request, 404, { reason: 'No Mailbox' });
        response = createResponse(request, 200, { toTag: randomTag(), headers: { expires: [String(expires.seconds)], contact: [`<${options.contact}>`] } });
        const created = createUasDialog(request, response, { overTls: false });
        if (created.type === 'error') return createResponse(request, 400, { reason: created.detail });
        subscription = { dialog: created.dialog, destination: incoming.source, voicemailId: mailbox.voicemailId, expiresAtMs: 0, timer: setTimeout(() => undefined, 0) };
      } else {
        response = createResponse(request, 200, { headers: { expires: [String(expires.seconds)] } });
        clearTimeout(subscription.timer);
      }
      const live = subscription;
      if (expires.seconds === 0) {
        subscriptions.delete(key);
        setImmediate(() => void notify(key, live, 'terminated').catch(() => undefined));
        return response;
      }
      live.expiresAtMs = Date.now() + expires.seconds * 1000;
      live.timer = arm(key, live, expires.seconds);
      subscriptions.set(key, live);
      // The NOTIFY follows the 200 (RFC 6665 §4.2.1.1: "the notifier ... MUST immediately send a NOTIFY").
      setImmediate(() => void notify(key, live, `active;expires=${expires.seconds}`).catch((error: unknown) => options.logger.warn({ error: String(error) }, 'message-summary NOTIFY failed')));
      return response;
    },
    mailboxChanged(voicemailId) {
      for (const [key, subscription] of subscriptions) {
        if (subscription.voicemailId !== voicemailId) continue;
        const left = Math.max(1, Math.round((subscription.expiresAtMs - Date.now()) / 1000));
        void notify(key, subscription, `active;expires=${left}`).catch((error: unknown) => options.logger.warn({ error: String(error) }, 'message-summary NOTIFY failed'));
      }
    },
    count: () => subscriptions.size,
    close() {
      for (const key of [...subscriptions.keys()]) end(key);
    },
  };
}

/** A subscription's key: the Call-ID and the subscriber's tag (our tag is the same for its life). */
function dialogKeyOf(request: SipRequest): string {
  const fromTag = parseNameAddress(getHeader(request, 'from') ?? '')?.params['tag'] ?? '';
  return `${getHeader(request, 'call-id') ?? ''}|${fromTag}`;
}

function randomTag(): string {
  return randomBytes(6).toString('hex');
}
