/**
 * The feature codes that consult a mailbox (seed CF-18): `*98` (`vmusermsg`) opens the caller's
 * own mailbox, `*99<number>` (`vmboxmsgslt`) the mailbox of that number in the caller's context.
 *
 * @remarks
 * The mailbox's password is asked (the call's password challenge, with Asterisk's `vm-password`,
 * `vm-incorrect` and `vm-goodbye`) unless `ask_password` is false: the seed lets that skip the
 * password only from an internal context, and feature codes are only run for users calling from
 * their own (internal) context. A mailbox without a password is opened without asking, as the
 * seed warns (L9272). A caller without a mailbox, or a number that is no enabled mailbox of the
 * context, is refused with 404. The messages are read when the mailbox opens: new (and urgent)
 * first, then old, each oldest first.
 */
import { call, channel, type routing } from '../../actors/index.ts';
import { findEnabledVoicemailByNumber, findUserVoicemail, listVoicemailMessages, type Queryable, type VoicemailRow } from '../../store/index.ts';
import { passwordMatches } from './permission-route.ts';

/** The feature codes of the mailbox consultation. */
export const MAILBOX_FEATURES: ReadonlySet<string> = new Set(['vmusermsg', 'vmboxmsgslt']);

/** Who consults, from where, and the digits entered at the password prompt, if any. */
export interface MailboxConsultRequest {
  readonly userId: number;
  readonly tenantUuid: string;
  readonly context: string;
  readonly dialed: string;
  readonly password?: string;
}

/** The outcome of a mailbox feature code `match` dialed by a user. */
export async function mailboxConsultOutcome(database: Queryable, match: routing.FeatureCodeMatch, request: MailboxConsultRequest): Promise<call.RouteOutcome> {
  const mailbox = await mailboxOf(database, match, request);
  if (mailbox === undefined) return refuse(404, match.feature === 'vmusermsg' ? 'the caller has no voicemail' : `no voicemail ${match.argument} in ${request.context}`);
  const password = mailbox.password ?? '';
  if (mailbox.askPassword && password !== '' && (request.password === undefined || !passwordMatches(request.password, password))) {
    return { type: 'challenge', tenantUuid: mailbox.tenantUuid, request: { dialed: request.dialed, context: request.context }, kind: 'mailbox' };
  }
  const stored = await listVoicemailMessages(database, mailbox.id);
  const messages: call.ConsultMessage[] = [
    ...stored.filter((message) => message.folder !== 'old').map((message) => ({ id: message.id, folder: 'inbox' as const })),
    ...stored.filter((message) => message.folder === 'old').map((message) => ({ id: message.id, folder: 'old' as const })),
  ];
  return { type: 'mailbox', mailbox: { voicemailId: mailbox.id, tenantUuid: mailbox.tenantUuid, number: mailbox.number, context: mailbox.context }, messages };
}

async function mailboxOf(database: Queryable, match: routing.FeatureCodeMatch, request: MailboxConsultRequest): Promise<VoicemailRow | undefined> {
  if (match.feature === 'vmusermsg') {
    const own = await findUserVoicemail(database, request.userId);
    return own?.enabled === true ? own : undefined;
  }
  if (!/^[0-9]{1,40}$/.test(match.argument)) return undefined;
  return findEnabledVoicemailByNumber(database, request.tenantUuid, request.context, match.argument);
}

function refuse(status: number, text: string): call.RouteOutcome {
  return { type: 'refuse', cause: channel.causeFromSip(status, text) };
}
