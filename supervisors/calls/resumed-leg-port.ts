/**
 * The SIP leg port of a channel carried on from another node: its dialog is already confirmed, so
 * only in-dialog commands (BYE, re-INVITE and its answer, INFO) make sense; the rest are reported
 * as invalid, as they would be on an answered leg.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.2
 */
import type { channel } from '../../actors/index.ts';
import type { ResumedSession } from '../../transport/index.ts';
import { followDialog, reportResult, type LegDiagnosticListener } from './server-leg-port.ts';

/** The commands of a resumed session the port uses. */
export type ResumedLegSession = Pick<ResumedSession, 'listen' | 'sendBye' | 'sendReInvite' | 'answerReInvite' | 'sendInfo'>;

/** Creates the leg port of a resumed session and starts listening to it. */
export function createResumedLegPort(session: ResumedLegSession, options: { readonly onFact: (fact: channel.SipLegFact) => void; readonly onDiagnostic?: LegDiagnosticListener }): channel.SipLegPort {
  const { onDiagnostic } = options;
  const { offers, outgoing } = followDialog(session, options);
  const invalid = (command: string): void => onDiagnostic?.({ type: 'leg.command_invalid', command, detail: 'the leg is already answered' });
  return {
    invite: () => invalid('invite'),
    cancel: () => invalid('cancel'),
    provisional: () => invalid('provisional'),
    accept: () => invalid('accept'),
    reject: () => invalid('reject'),
    bye: () => reportResult('bye', session.sendBye(), onDiagnostic),
    reinvite: (sdpOffer) => outgoing.send(sdpOffer),
    answerReinvite: (sdpAnswer) => offers.answer(sdpAnswer),
    info: (contentType, body) => reportResult('info', session.sendInfo(contentType, body), onDiagnostic),
  };
}
