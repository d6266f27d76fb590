/**
 * The route to a mailbox (seed CF-18): a voicemail destination becomes the call's `voicemail`
 * outcome with the mailbox read from the store; a mailbox that is gone or disabled refuses the
 * call with 404 (Asterisk's VoiceMail fails on an unknown mailbox and the dialplan hangs up).
 */
import { channel, type call } from '../../actors/index.ts';
import { findEnabledVoicemail, type Queryable } from '../../store/index.ts';

/** The outcome of a call reaching mailbox `voicemailId`. */
export async function voicemailOutcome(database: Queryable, voicemailId: number): Promise<call.RouteOutcome> {
  const mailbox = await findEnabledVoicemail(database, voicemailId);
  if (mailbox === undefined) return { type: 'refuse', cause: channel.causeFromSip(404, `voicemail ${voicemailId} not found or disabled`) };
  return { type: 'voicemail', mailbox: { voicemailId: mailbox.id, tenantUuid: mailbox.tenantUuid, number: mailbox.number, context: mailbox.context } };
}
