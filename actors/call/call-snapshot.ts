/**
 * A call's snapshot: its parties, its legs and its times, as plain data for replication.
 */
import { actorAddress, type ActorAddress } from '../kernel/index.ts';
import type { DialTarget, PartyIdentity } from '../channel/channel-messages.ts';
import type { HangupCause } from '../channel/hangup-cause.ts';
import type { CallState } from './call-state.ts';
import type { IvrMenu, IvrState } from '../ivr/index.ts';
import type { ChallengeState } from './password-challenge.ts';
import type { ConsultState } from './mailbox-consult.ts';
import type { CalleeFallbacks, CallHunt } from './hunt-plan.ts';
import type { CallQueue } from './queue-route.ts';

/**
 * Where an IVR sends the call, as the call follows it: a user rung directly, a number dialed in a
 * context, a hang-up, a group, a mailbox, a room, a queue; any other kind is `unsupported` until
 * calls can follow it, and ends the call.
 */
export type IvrDestination =
  | { readonly type: 'user'; readonly userId: number; readonly ringSeconds?: number }
  | { readonly type: 'extension'; readonly exten: string; readonly context: string }
  | { readonly type: 'hangup'; readonly cause: 'normal' | 'busy' | 'congestion' }
  /** Another IVR of the same tenant, entered from its start. */
  | { readonly type: 'ivr'; readonly ivrId: number }
  /** A group, rung by its strategy. */
  | { readonly type: 'group'; readonly groupId: number }
  /** A mailbox, where the caller leaves a message (call-voicemail.ts). */
  | { readonly type: 'voicemail'; readonly voicemailId: number }
  /** A conference room, which the caller joins (after its PIN, when it has one). */
  | { readonly type: 'conference'; readonly conferenceId: number }
  /** A queue, which the caller waits in, with the skill rule set the choice gives the call (seed CC-07). */
  | { readonly type: 'queue'; readonly queueId: number; readonly skillRuleSetId?: number; readonly skillRuleVariables?: Readonly<Record<string, string>> }
  | { readonly type: 'unsupported'; readonly kind: string };

/**
 * The IVR a call is in: which one, its tenant (where its prompts are looked up), its menu and the
 * machine's state, all plain data so a call moved to another node goes on in the IVR.
 */
export interface CallIvr {
  readonly ivrId: number;
  readonly tenantUuid: string;
  readonly menu: IvrMenu<IvrDestination>;
  readonly machine: IvrState<IvrDestination>;
}

/** What routing reaches directly, without a number: a user, or an IVR of a tenant. */
export type RouteTarget =
  | { readonly type: 'user'; readonly userId: number; readonly ringSeconds?: number }
  | { readonly type: 'ivr'; readonly ivrId: number; readonly tenantUuid: string }
  | { readonly type: 'group'; readonly groupId: number }
  | { readonly type: 'voicemail'; readonly voicemailId: number }
  | { readonly type: 'conference'; readonly conferenceId: number }
  /** A queue, with the skill rule set and variables an incall destination gives the call. */
  | { readonly type: 'queue'; readonly queueId: number; readonly skillRuleSetId?: number; readonly skillRuleVariables?: Readonly<Record<string, string>> };

/** The route a password challenge guards, routed again with the digits the caller entered. */
export interface ChallengedRoute {
  readonly dialed: string;
  readonly context: string;
  readonly target?: RouteTarget;
}

/**
 * The password challenge a call is in (state `challenge`): the route it guards, the tenant whose
 * prompts play, and the machine's state. The password is not here: the routing port checks it.
 */
export interface CallChallenge {
  readonly tenantUuid: string;
  readonly request: ChallengedRoute;
  readonly machine: ChallengeState;
}

/** A music-on-hold class and how its files are played (seed CF-12). */
export interface MusicOnHold {
  readonly mohClass: string;
  readonly order: 'sequential' | 'random';
}

/** What a held party hears when the holder has no class of their own. */
export const DEFAULT_MUSIC_ON_HOLD: MusicOnHold = { mohClass: 'default', order: 'sequential' };

/** The user a call rings. */
export interface CalledUser {
  readonly userId: number;
  readonly userUuid: string;
  readonly name: string;
  readonly number: string;
  /** The context of the user's extension: its busy and no-answer forwards are dialed there. */
  readonly context: string;
  /** What the caller hears when this user holds the call. */
  readonly musicOnHold?: MusicOnHold;
}

/** One trunk of an outcall to try. */
export interface TrunkAttempt {
  readonly trunkId: number;
  /** Where the INVITE goes, its Request-URI carrying the digits after strip and prefix. */
  readonly target: DialTarget;
  /** The caller ID on this trunk (the outcall's rules, seed CF-06). */
  readonly caller: PartyIdentity;
}

/** The calling side: its inbound leg and who is calling. */
export interface CallerParty extends PartyIdentity {
  readonly channelId: string;
  readonly context: string;
  readonly userUuid?: string;
  readonly lineId?: number;
  /** The SIP Call-ID of the inbound leg. */
  readonly sipCallId?: string;
  /** What the callee hears when the caller holds the call. */
  readonly musicOnHold?: MusicOnHold;
}

/** One outbound leg towards a contact of the callee. */
export interface OutboundLeg {
  readonly channelId: string;
  readonly target: DialTarget;
  readonly status: 'dialing' | 'ringing' | 'answered' | 'gone';
  readonly createdAtMs: number;
  readonly cause?: HangupCause;
  /** What a leg is for: absent for the callee's contacts; `handover` for a transfer's recipient or a relocate's new device. */
  readonly role?: 'handover';
  /** The user this leg rings, when it is not the callee (a handover's recipient). */
  readonly user?: CalledUser;
  /** The queue member this leg rings, under which offer (a queue's call, see `call-queue.ts`). */
  readonly queueMember?: { readonly offerId: string; readonly memberId: string };
}

export interface CallSnapshot {
  readonly state: CallState;
  readonly callId: string;
  readonly createdAtMs: number;
  readonly answeredAtMs?: number;
  readonly endedAtMs?: number;
  readonly caller: CallerParty;
  /** The caller's inbound leg is still up. */
  readonly callerLive: boolean;
  /** The number dialed, then each forward followed. */
  readonly dialed: string;
  readonly callee?: CalledUser;
  readonly legs: readonly OutboundLeg[];
  /** The leg that answered. */
  readonly answeredChannelId?: string;
  /** Forwards followed so far (loop protection beside the dialplan's own). */
  readonly forwards: number;
  readonly noAnswerForward?: string;
  readonly busyForward?: string;
  /** The fallbacks of the user rung last (absent in older snapshots and for other callees). */
  readonly fallbacks?: CalleeFallbacks;
  /** The media session's descriptions, prepared by the shell before the call starts. */
  readonly media: { readonly callerAnswerSdp: string; readonly calleeOfferSdp: string };
  /** Whether the caller was already told the callee rings (one 180/183 is enough). */
  readonly ringingSent: boolean;
  readonly held: readonly ('caller' | 'callee')[];
  /**
   * A call originated through the API: the node rang `source` (the caller's channel, outbound)
   * first and dials the destination once it answered. Absent for a call a phone placed.
   */
  readonly originate?: { readonly source: DialTarget; readonly sourceAnswered: boolean };
  /** Channels muted through the API: their audio does not reach the peer. Absent in older snapshots. */
  readonly muted?: readonly string[];
  /** The trunks of an outcall still to try when the current one is congested or unavailable. */
  readonly trunkAttempts?: readonly TrunkAttempt[];
  /** How long each trunk rings before the call gives up on it. */
  readonly trunkRingSeconds?: number;
  /** A transfer or relocate in progress (see `call-handover.ts`). */
  readonly handover?: Handover;
  /** The IVR the call is in (state `ivr`), or the one it just left while its destination is routed. */
  readonly ivr?: CallIvr;
  /** The password challenge of a call permission (state `challenge`), or the one the call passed. */
  readonly challenge?: CallChallenge;
  /**
   * The node answered the caller's channel itself (an IVR did): later legs are connected without
   * ringing or answering the caller again.
   */
  readonly callerAnswered?: boolean;
  /** The feature code the call ran and the prompt confirming it (state `announcing`). */
  readonly announcement?: { readonly feature: string; readonly playId: number };
  /** The voicemail deposit the call runs (state `announcing`, see `call-voicemail.ts`). */
  readonly voicemail?: CallVoicemail;
  /** The conference room the call is in (state `conference`, see `call-conference.ts`). */
  readonly conference?: CallConference;
  /** The mailbox the caller consults (`*98`, `*99<number>`; state `announcing`), see call-mailbox-consult.ts. */
  readonly mailboxConsult?: CallMailboxConsult;
  /** The caller as the call began, when a handover has since put another channel on the caller's side (the call log keeps it). */
  readonly firstCaller?: CallerParty;
  /** A group ringing its members (see `call-hunt.ts`); gone once the call leaves the group. */
  readonly hunt?: CallHunt;
  /** The queue the call waits in (state `queued`), or whose member took it (see `call-queue.ts`). */
  readonly queue?: CallQueue;
  readonly cause?: HangupCause;
}

/** A mailbox a call leaves a message in (seed CF-18). */
export interface VoicemailMailbox {
  readonly voicemailId: number;
  readonly tenantUuid: string;
  readonly number: string;
  readonly context: string;
}

/**
 * A conference room a call joins (seed CF-17, confd `/conferences`). Its PIN and admin PIN are not
 * here: the routing port checks them (a PIN is asked for with a `challenge` outcome) and says
 * whether the caller joins as an admin.
 */
export interface ConferenceRoom {
  readonly conferenceId: number;
  readonly tenantUuid: string;
  readonly name: string;
  /** Most participants at once; 0 means no limit. */
  readonly maxUsers: number;
  /** Record the room's mix while it has participants. */
  readonly record: boolean;
  /** No join and leave sounds. */
  readonly quietJoin: boolean;
  /** Announce to a participant who is alone that they are the only one (`conf-onlyperson`). */
  readonly announceOnlyUser: boolean;
  /** Announce to a joining participant how many others are there. */
  readonly announceUserCount: boolean;
  /** Announce participants joining and leaving to the others. */
  readonly announceJoinLeave: boolean;
  /** What a lone participant hears; none when null. */
  readonly musicOnHold: string | null;
}

/** A call's part in a conference room: the room, how it joined, and what its caller hears. */
export interface CallConference {
  readonly room: ConferenceRoom;
  readonly admin: boolean;
  /** Waiting for the room; in it; refused by a full room or kicked (a prompt plays, then the call ends). */
  readonly phase: 'joining' | 'joined' | 'refused' | 'kicked';
  /** The only participant. */
  readonly alone: boolean;
  /** The room's music on hold plays to the caller (alone). */
  readonly music: boolean;
}

/** A voicemail deposit: its mailbox and its step (greeting, beep, recording). */
export interface CallVoicemail {
  readonly mailbox: VoicemailMailbox;
  readonly phase: 'greeting' | 'beep' | 'recording';
}

/* Handovers (transfers and relocates), documented in `call-handover.ts`. */

/** A side of the call: the caller's channel (media leg A) or the answered callee's (leg B). */
export type Party = 'caller' | 'callee';

/** calld's transfer statuses. */
export type TransferStatus = 'starting' | 'ringback' | 'answered' | 'blind_transferred';

interface HandoverSides {
  readonly id: string;
  /** The side whose channel is replaced: a transfer's initiator, a relocating user's device. */
  readonly leaving: Party;
  readonly leavingChannelId: string;
  readonly stayingChannelId: string;
  /** The leaving channel has hung up (blind transfer, or an attended one the initiator left). */
  readonly leavingGone?: boolean;
  /** How long the new channel rings. */
  readonly ringSeconds: number;
  /** The consult leg is open: the offer the new channel is dialed with. */
  readonly consultOfferSdp?: string;
  /** The new channel that answered. */
  readonly recipientChannelId?: string;
}

export interface TransferHandover extends HandoverSides {
  readonly type: 'transfer';
  readonly flow: 'attended' | 'blind';
  readonly status: TransferStatus;
  readonly initiatorUuid: string | null;
  readonly initiatorTenantUuid: string | null;
  readonly exten: string;
  readonly context: string;
  /** Seconds asked by the API; absent: the recipient's ring time. */
  readonly timeoutSeconds?: number;
  /** The user the extension reached, once routed, and their contacts. */
  readonly recipient?: CalledUser;
  readonly targets?: readonly DialTarget[];
}

export type RelocateCompletion = 'answer' | 'api';

export interface RelocateHandover extends HandoverSides {
  readonly type: 'relocate';
  readonly userUuid: string;
  readonly completions: readonly RelocateCompletion[];
  /** The user's device(s) to ring. */
  readonly targets: readonly DialTarget[];
  /** The user, as their new device shows them. */
  readonly user: CalledUser;
}

export type Handover = TransferHandover | RelocateHandover;

/** The first snapshot of a call whose inbound INVITE just arrived. */
export function newCall(
  callId: string,
  caller: CallerParty,
  dialed: string,
  media: CallSnapshot['media'],
  nowMs: number,
): CallSnapshot {
  return {
    state: 'initial', callId, createdAtMs: nowMs, caller, callerLive: true, dialed, legs: [],
    forwards: 0, media, ringingSent: false, held: [],
  };
}

/**
 * The first snapshot of a call originated for a user: `caller` is the user's channel, rung first at
 * `source`; `dialed` is the destination, dialed in the caller's context once the user answers.
 * `media.callerAnswerSdp` is then the node's offer to the user's phone.
 */
export function newOriginatedCall(callId: string, caller: CallerParty, source: DialTarget, dialed: string, media: CallSnapshot['media'], nowMs: number): CallSnapshot {
  return { ...newCall(callId, caller, dialed, media, nowMs), originate: { source, sourceAnswered: false } };
}

/** The address of a channel. */
export function channelAddress(channelId: string): ActorAddress {
  return actorAddress('channel', channelId);
}

/** A mailbox consulted from the call: which one (its prompts are its tenant's) and the machine's state. */
export interface CallMailboxConsult {
  readonly mailbox: VoicemailMailbox;
  readonly machine: ConsultState;
}
