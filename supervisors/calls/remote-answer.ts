/**
 * Answering a ringing phone from calld: the out-of-dialog `NOTIFY` with `Event: talk` that desk
 * phones (Polycom, Yealink, Snom, Grandstream, Cisco SPA) take, when configured to, as "pick up
 * the call that rings", and what the phone's answer to it means for the API.
 *
 * @remarks
 * The NOTIFY goes where the leg's INVITE went (the contact's URI, over the registration's
 * transport and connection), To the callee's address of record. A phone that takes it answers it
 * 2xx and then accepts its ringing INVITE: that 200 OK comes back through the leg as when the user
 * picks up. Any other answer, or none before Timer F, means the phone does not do remote answer
 * (docs/decisions.md D-050).
 */
import type { channel } from '../../actors/index.ts';
import type { CallControlResult } from '../../api/index.ts';
import type { OutOfDialogRequestOptions, OutOfDialogResult } from '../../transport/index.ts';

/** The NOTIFY that asks the phone behind `target` to answer its ringing call. */
export function talkNotify(target: channel.DialTarget): OutOfDialogRequestOptions {
  return {
    method: 'NOTIFY',
    requestUri: target.requestUri,
    toUri: target.toUri,
    headers: { event: ['talk'] },
    destination: target.destination,
  };
}

/** The API's answer to what the phone said: done on 2xx, otherwise why it cannot be answered remotely. */
export function remoteAnswerResult(callId: string, outcome: OutOfDialogResult): CallControlResult {
  if (outcome.type === 'answered' && outcome.status >= 200 && outcome.status < 300) return { type: 'done' };
  const why = outcome.type === 'answered' ? `the phone answered ${String(outcome.status)} ${outcome.reason} to the NOTIFY (Event: talk)`
    : outcome.type === 'timeout' ? 'the phone did not answer the NOTIFY (Event: talk)'
      : outcome.type === 'transport-error' ? 'the NOTIFY (Event: talk) could not reach the phone'
        : `the NOTIFY (Event: talk) was not sent: ${outcome.detail}`;
  return {
    type: 'unsupported',
    message: `call ${callId} rings on a phone that does not accept remote answer (${why}): answer it on the device`,
  };
}
