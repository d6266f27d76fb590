/**
 * Handovers: a transfer or a relocate in progress in an answered call, where one party's channel
 * is about to be replaced by a new one (the recipient of a transfer, the user's other device).
 *
 * @remarks
 * Both work the same way, as Asterisk moves a channel between bridges: the new channel is dialed
 * with the offer of a third media leg of the call's session (the consult leg), so the party that
 * stays keeps its RTP address, SSRC and sequence and is never re-INVITEd; once the new channel is
 * in, the consult leg takes the leaving party's slot and the leaving channel is hung up.
 *
 * - attended transfer (wazo-calld `flow: attended`): the transferred party hears music on hold, the
 *   initiator talks to the recipient on the consult leg; complete hands the transferred party to
 *   the recipient, cancel gives it back to the initiator.
 * - blind transfer: the initiator is hung up at once; the transferred party hears music on hold
 *   until the recipient answers.
 * - relocate (calld `relocates`): the user's call moves to another of their devices when it
 *   answers (completion `answer`) or when the API says so (completion `api`).
 */
import type { CallSnapshot, CalledUser, Handover, Party } from './call-snapshot.ts';

export type { Handover, Party, RelocateCompletion, RelocateHandover, TransferHandover, TransferStatus } from './call-snapshot.ts';

/** The other side. */
export function otherParty(party: Party): Party {
  return party === 'caller' ? 'callee' : 'caller';
}

/** The channel of a side of an answered call. */
export function channelOfParty(snapshot: CallSnapshot, party: Party): string | undefined {
  return party === 'caller' ? (snapshot.callerLive ? snapshot.caller.channelId : undefined) : snapshot.answeredChannelId;
}

/** The side a channel is on, when it is a party of the answered call. */
export function partyOfChannel(snapshot: CallSnapshot, channelId: string): Party | undefined {
  if (snapshot.state !== 'established') return undefined;
  if (channelId === snapshot.caller.channelId && snapshot.callerLive) return 'caller';
  if (channelId === snapshot.answeredChannelId) return 'callee';
  return undefined;
}

/** The user on a side, as far as the call knows. */
export function userOfParty(snapshot: CallSnapshot, party: Party): string | null {
  return (party === 'caller' ? snapshot.caller.userUuid : snapshot.callee?.userUuid) ?? null;
}

/** Who the new channel is shown as calling: the initiator for an attended transfer, else the party that stays. */
export function identityShownToRecipient(snapshot: CallSnapshot, handover: Handover): { readonly name: string; readonly number: string } {
  const shown = handover.type === 'transfer' && handover.flow === 'attended' && handover.status !== 'blind_transferred' ? handover.leaving : otherParty(handover.leaving);
  if (shown === 'caller') return { name: snapshot.caller.name, number: snapshot.caller.number };
  return { name: snapshot.callee?.name ?? '', number: snapshot.callee?.number ?? snapshot.dialed };
}

/** The user the new channel rings. */
export function recipientUser(handover: Handover): CalledUser | undefined {
  return handover.type === 'transfer' ? handover.recipient : handover.user;
}
