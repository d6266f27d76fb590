/**
 * What a call receives and the effects it asks of its ports. Plain data.
 *
 * @remarks
 * The call sees channel facts (from its legs), its routing answer (the dialplan, the registrar and
 * the busy state of the callee, resolved by its shell), commands (hang up), and its timers.
 */
import type { ChannelFact, DialTarget, PartyIdentity } from '../channel/channel-messages.ts';
import type { CallLogEntry } from './call-records.ts';
import type { CallEvent, CallEventName } from './call-events.ts';
import type { CalledUser, ChallengedRoute, ConferenceRoom, IvrDestination, MusicOnHold, RouteTarget, TrunkAttempt, VoicemailMailbox } from './call-snapshot.ts';
import type { Party, RelocateCompletion } from './call-handover.ts';
import type { HangupCause } from '../channel/hangup-cause.ts';
import type { ChallengeKind } from './password-challenge.ts';
import type { IvrMenu } from '../ivr/index.ts';
import type { CalleeFallbacks, HuntPlan } from './hunt-plan.ts';
import type { ConsultMessage } from './mailbox-consult.ts';
import type { QueueCallEffect, QueueRoute, QueueUpdate } from './queue-route.ts';


/** The routing answer for a dialed number (or a forward destination). */
export type RouteOutcome =
  | {
      readonly type: 'dial';
      readonly user: CalledUser;
      readonly ringSeconds: number;
      /** The callee's registered contacts, rung in parallel; empty when no phone is registered. */
      readonly contacts: readonly DialTarget[];
      /** Extensions to follow when the callee does not answer / is busy, when enabled. */
      readonly noAnswerForward?: string;
      readonly busyForward?: string;
      /** Where the call goes when the callee does not take it and no forward of that case is enabled (confd's user fallbacks). */
      readonly fallbacks?: CalleeFallbacks;
      /** The callee is over its simultaneous calls or in DND: treat as busy at once. */
      readonly busy: boolean;
    }
  /**
   * An external number through an outcall: its trunks in order, each with the digits as sent on
   * it and the caller ID shown there; the next is tried when one is congested or unavailable.
   */
  | { readonly type: 'trunks'; readonly attempts: readonly TrunkAttempt[]; readonly ringSeconds: number }
  | { readonly type: 'refuse'; readonly cause: HangupCause }
  /** An IVR answers the call: its menu (prompts as sound names of the IVR's tenant) and destinations. */
  | { readonly type: 'ivr'; readonly ivrId: number; readonly tenantUuid: string; readonly menu: IvrMenu<IvrDestination> }
  /** A feature code ran for the caller (its change is made): the call answers, plays `sound` (a sound of `tenantUuid`) and hangs up. */
  | { readonly type: 'feature'; readonly feature: string; readonly sound: string; readonly tenantUuid: string }
  /**
   * A call permission asks the caller for a password (seed CF-10): the call answers, asks for it and
   * routes `request` again with the digits entered (reason `password`). Also the answer to a wrong
   * password. The password itself never reaches the call. `kind` `conference`: a conference
   * room's PIN is asked, with ConfBridge's prompts (absent: a permission's password).
   */
  | { readonly type: 'challenge'; readonly tenantUuid: string; readonly request: ChallengedRoute; readonly kind?: ChallengeKind }
  /** A group rings its members by its strategy (see `call-hunt.ts`). */
  | { readonly type: 'hunt'; readonly plan: HuntPlan }
  /** A mailbox takes a message: the call answers, plays the greeting and a beep, and records (see `call-voicemail.ts`). */
  | { readonly type: 'voicemail'; readonly mailbox: VoicemailMailbox }
  /** The caller consults a mailbox (its password, when asked, already given): its messages, new first (see `call-mailbox-consult.ts`). */
  | { readonly type: 'mailbox'; readonly mailbox: VoicemailMailbox; readonly messages: readonly ConsultMessage[] }
  /** A conference room takes the call: the call answers and joins it, as an admin when the caller entered the admin PIN. */
  | { readonly type: 'conference'; readonly room: ConferenceRoom; readonly admin: boolean }
  /** A queue takes the call: the call asks to enter, waits with the queue's music and rings the members it is offered to (see `call-queue.ts`). */
  | { readonly type: 'queue'; readonly queue: QueueRoute };

/**
 * What a conference room tells a call: it joined (alone or with others), it was refused (the room
 * is full), kicked, left alone, or joined by someone while it was alone.
 */
export type ConferenceUpdate = 'joined' | 'joined_alone' | 'refused' | 'kicked' | 'alone' | 'not_alone';

/** Orders to the conference room of a call (see `call-conference.ts`). */
export type ConferenceEffect =
  /** Join the room as this participant; the room answers with `call.conference_update`. */
  | { readonly type: 'conference.join'; readonly room: ConferenceRoom; readonly admin: boolean; readonly callerIdName: string; readonly callerIdNum: string; readonly language: string; readonly userUuid?: string }
  | { readonly type: 'conference.leave'; readonly conferenceId: number }
  /** The participant's menu key: mute or unmute them. */
  | { readonly type: 'conference.toggle_mute'; readonly conferenceId: number };

/** Why a call is routed (again): first dial, or a forward. */
export type RouteReason = 'dialed' | 'noanswer' | 'busy' | 'unavailable' | 'transfer' | 'ivr' | 'password';

/** Orders and answers of a transfer or relocate (see `call-handover.ts`). */
export type HandoverMessage =
  | {
      readonly type: 'call.transfer';
      readonly id: string;
      readonly flow: 'attended' | 'blind';
      readonly initiatorChannelId: string;
      readonly exten: string;
      readonly context: string;
      readonly timeoutSeconds?: number;
      readonly initiatorUuid: string | null;
      readonly initiatorTenantUuid: string | null;
    }
  | {
      readonly type: 'call.relocate';
      readonly id: string;
      readonly initiatorChannelId: string;
      readonly user: CalledUser;
      readonly targets: readonly DialTarget[];
      readonly completions: readonly RelocateCompletion[];
      readonly ringSeconds: number;
    }
  | { readonly type: 'call.handover_complete'; readonly id: string }
  | { readonly type: 'call.handover_cancel'; readonly id: string }
  /** The shell opened the consult leg: the new channel is dialed with `sdp`. */
  | { readonly type: 'call.consult_opened'; readonly id: string; readonly sdp: string }
  | { readonly type: 'call.consult_failed'; readonly id: string; readonly reason: string };

/** Every message a call handles. */
export type CallMessage =
  | { readonly type: 'call.start' }
  | { readonly type: 'call.routed'; readonly outcome: RouteOutcome }
  | { readonly type: 'call.hangup'; readonly cause: HangupCause }
  /** The API holds the call from `channelId`'s side (or resumes it): the other party hears music. */
  | { readonly type: 'call.hold'; readonly channelId: string; readonly on: boolean }
  /** The API mutes a party's channel (or unmutes it): its audio no longer reaches the peer. */
  | { readonly type: 'call.mute'; readonly channelId: string; readonly on: boolean }
  /** A prompt of `media.play` ended (played out, or could not be played). */
  | { readonly type: 'call.play_finished'; readonly playId: number }
  /** The recording of `voicemail.record` ended (a stop digit, its maximum length, or it could not start). */
  | { readonly type: 'call.record_finished' }
  /** A DTMF digit from a party's leg (RFC 4733 or in-band). */
  | { readonly type: 'call.dtmf'; readonly party: 'caller' | 'callee'; readonly digit: string }
  /** What the conference room the call is in tells it (see `call-conference.ts`). */
  | { readonly type: 'call.conference_update'; readonly conferenceId: number; readonly update: ConferenceUpdate }
  /** What the queue the call is in tells it (see `call-queue.ts`). */
  | { readonly type: 'call.queue_update'; readonly queueId: number; readonly update: QueueUpdate }
  | HandoverMessage
  | ChannelFact;

/** Media orders: the media session of the call was opened by the shell before the call started. */
export type MediaEffect =
  /** Point the callee side of the media session at the leg that answered (or sent early media). */
  | { readonly type: 'media.connect_callee'; readonly channelId: string; readonly sdp: string }
  /**
   * Start or stop music on hold towards a party (the one that was put on hold), and tell that
   * party's channel with a re-INVITE (`a=sendonly` while held, `a=sendrecv` on resume).
   */
  | { readonly type: 'media.hold'; readonly party: 'caller' | 'callee'; readonly on: boolean; readonly channelId: string; readonly music: MusicOnHold }
  /** A party answered the re-INVITE of `media.hold`: re-point its leg at the answer. */
  | { readonly type: 'media.reoffer_answered'; readonly channelId: string; readonly party: 'caller' | 'callee'; readonly sdp: string }
  /** Negotiate a re-INVITE a party sent and answer it on its channel (`channel.reinvite_answer`). */
  | { readonly type: 'media.reinvite'; readonly channelId: string; readonly party: 'caller' | 'callee'; readonly sdp: string }
  /** Stop (or resume) relaying a party's audio to the other party. */
  | { readonly type: 'media.mute'; readonly party: 'caller' | 'callee'; readonly on: boolean }
  | { readonly type: 'media.release' }
  /**
   * Play a prompt to the caller's leg (replacing what it hears) and answer `call.play_finished`
   * with `playId` once it ended; `sound` is a name looked up in the tenant's sounds in `language`.
   */
  | { readonly type: 'media.play'; readonly playId: number; readonly sound: string; readonly tenantUuid: string; readonly language: string }
  /** Stop the prompt `playId` on the caller's leg, if it still plays (no `call.play_finished` then). */
  | { readonly type: 'media.stop_play'; readonly playId: number }
  /**
   * Record the caller's leg as a message of `mailbox` (stored by the port, also when the caller
   * hangs up) and answer `call.record_finished` when the recording ends while the call lives.
   */
  | { readonly type: 'voicemail.record'; readonly mailbox: VoicemailMailbox; readonly caller: { readonly name: string; readonly number: string } }
  /** Play message `messageId` of `mailbox` to the caller and answer `call.play_finished` with `playId` once it ended (or could not play). */
  | { readonly type: 'voicemail.play_message'; readonly playId: number; readonly mailbox: VoicemailMailbox; readonly messageId: string }
  /** The caller listened to message `messageId`: it moves from the inbox to `old`. */
  | { readonly type: 'voicemail.mark_heard'; readonly mailbox: VoicemailMailbox; readonly messageId: string }
  /** The caller deleted message `messageId` (its recording goes with it). */
  | { readonly type: 'voicemail.delete'; readonly mailbox: VoicemailMailbox; readonly messageId: string }
  | ConsultMediaEffect;

/** The consult leg of a handover (a third leg of the call's media session). */
export type ConsultMediaEffect =
  /** Open the consult leg and answer `call.consult_opened` with its offer (or `call.consult_failed`). */
  | { readonly type: 'media.consult_open'; readonly handoverId: string }
  /** Relay the consult leg with `party`'s leg, or (`parties`) the two parties with each other again. */
  | { readonly type: 'media.consult_bridge'; readonly with: Party | 'parties' }
  /** The new channel answered (or sent early media): point the consult leg at it. */
  | { readonly type: 'media.consult_answered'; readonly channelId: string; readonly sdp: string }
  /** The consult leg takes `into`'s slot; the leaving leg is closed. */
  | { readonly type: 'media.consult_promote'; readonly into: Party }
  | { readonly type: 'media.consult_close' }
  /** Music on hold to a party's leg, without signalling (a transfer's waiting party). */
  | { readonly type: 'media.music'; readonly party: Party; readonly on: boolean; readonly music: MusicOnHold };


/** Effects a call asks of its ports. */
export type CallEffect =
  /** Route `dialed` in `context`, or, with `target`, that user or IVR directly (an IVR's destination). */
  /** With `password` (reason `password`): the digits a caller entered at a permission's or a conference's challenge, to verify. */
  | { readonly type: 'route.resolve'; readonly dialed: string; readonly context: string; readonly reason: RouteReason; readonly target?: RouteTarget; readonly password?: string }
  | { readonly type: 'channel.spawn'; readonly channelId: string; readonly target: DialTarget }
  | CallEvent
  | { readonly type: 'call_log.write'; readonly log: CallLogEntry }
  | ConferenceEffect
  | QueueCallEffect
  | MediaEffect;

export type { CalledUser, ConferenceRoom, CallEventName, ChallengedRoute, RouteTarget, DialTarget, IvrDestination, PartyIdentity, TrunkAttempt, VoicemailMailbox };

/** What the shell gives the machine: a source of channel ids (Asterisk-like `<epoch>.<seq>`, seed CF-33). */
export interface CallEnv {
  readonly newChannelId: () => string;
}
