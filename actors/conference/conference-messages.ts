/**
 * What a conference room receives and the effects it asks of its ports. Plain data.
 *
 * @remarks
 * Calls join and leave; calld mutes, kicks and records; the mixer's talk detection reports who
 * talks. The room answers a call with the call's own messages (`call.conference_*`).
 */
import type { ConferenceRoom } from '../call/call-messages.ts';
import type { ParticipantModel } from './conference-snapshot.ts';

/** Who joins: the call and how it shows. */
export interface JoiningParticipant {
  readonly callId: string;
  readonly callerIdName: string;
  readonly callerIdNum: string;
  readonly admin: boolean;
  readonly language: string;
  /** The caller's user, when the call comes from a user's line (calld's `/users/me/conferences`). */
  readonly userUuid?: string;
}

export type ConferenceMessage =
  /** A call joins (with the room's configuration as routing read it). */
  | { readonly type: 'conference.join'; readonly room: ConferenceRoom; readonly participant: JoiningParticipant }
  /** A call left (its caller hung up, or the call ended). Nothing when it is not a participant. */
  | { readonly type: 'conference.leave'; readonly callId: string }
  | { readonly type: 'conference.mute'; readonly participantId: string; readonly muted: boolean }
  /** The participant's own menu (a DTMF key) mutes or unmutes them. */
  | { readonly type: 'conference.toggle_mute'; readonly participantId: string }
  /** The participant is put out of the room: its call hears `conf-kicked` and hangs up. */
  | { readonly type: 'conference.kick'; readonly participantId: string }
  /** Starts or stops recording the mix. */
  | { readonly type: 'conference.record'; readonly on: boolean }
  /** The mixer's talk detection: a participant started or stopped talking. */
  | { readonly type: 'conference.talk'; readonly participantId: string; readonly talking: boolean };

/** The names of the room's events (seed CF-17). */
export type ConferenceEventName =
  | 'conference_participant_joined' | 'conference_participant_left'
  | 'conference_participant_muted' | 'conference_participant_unmuted'
  | 'conference_participant_talk_started' | 'conference_participant_talk_stopped'
  | 'conference_record_started' | 'conference_record_stopped';

/** A room's event: its routing key (`conferences.<id>…`) gives its ACL, `events.<routing key>`. */
export interface ConferenceEvent {
  readonly type: 'conference.publish';
  readonly name: ConferenceEventName;
  readonly routingKey: string;
  readonly data: ParticipantModel | { readonly id: number };
}

/** The room's orders to its mixer (one per room, created at the first join). */
export type MixerEffect =
  | { readonly type: 'mixer.create' }
  | { readonly type: 'mixer.join'; readonly callId: string; readonly muted: boolean }
  | { readonly type: 'mixer.leave'; readonly callId: string }
  | { readonly type: 'mixer.mute'; readonly callId: string; readonly muted: boolean }
  /** Plays a sound (a name of the room's tenant's sounds) into the mix. */
  | { readonly type: 'mixer.play'; readonly sound: string }
  /** Records the mix into a new file of the room's recordings. */
  | { readonly type: 'mixer.record' }
  | { readonly type: 'mixer.stop_record' }
  | { readonly type: 'mixer.destroy' };

export type ConferenceEffect = MixerEffect | ConferenceEvent;
