/**
 * A conference room's snapshot: its configuration as last joined, its participants and whether its
 * mix is being recorded, as plain data.
 */
import type { ConferenceRoom } from '../call/call-messages.ts';
import type { ConferenceState } from './conference-state.ts';

/** One participant: a call in the room (its id is the call id, as Wazo's is the channel's). */
export interface ConferenceParticipant {
  readonly id: string;
  readonly callerIdName: string;
  readonly callerIdNum: string;
  readonly muted: boolean;
  readonly admin: boolean;
  readonly language: string;
  /** The caller's user, when the call comes from a user's line. */
  readonly userUuid?: string;
  /** When the participant joined (epoch ms): `answered_time` counts from here. */
  readonly joinedAtMs: number;
}

export interface ConferenceSnapshot {
  readonly state: ConferenceState;
  readonly conferenceId: number;
  /** The room's configuration as the last joining call brought it (confd may have changed it since). */
  readonly room: ConferenceRoom;
  /** In joining order. */
  readonly participants: readonly ConferenceParticipant[];
  /** The mix is being recorded. */
  readonly recording: boolean;
}

/** The snapshot of a room nobody has joined yet. */
export function newConference(room: ConferenceRoom): ConferenceSnapshot {
  return { state: 'idle', conferenceId: room.conferenceId, room, participants: [], recording: false };
}

/** The seed's participant model (`conference_participant_*` events, calld's participants list). */
export interface ParticipantModel {
  readonly id: string;
  readonly caller_id_name: string;
  readonly caller_id_num: string;
  readonly muted: boolean;
  /** Seconds since the participant joined. */
  readonly answered_time: number;
  readonly admin: boolean;
  readonly language: string;
  readonly call_id: string;
  readonly conference_id: number;
}

export function participantModel(conferenceId: number, participant: ConferenceParticipant, nowMs: number): ParticipantModel {
  return {
    id: participant.id, caller_id_name: participant.callerIdName, caller_id_num: participant.callerIdNum, muted: participant.muted,
    answered_time: Math.max(0, Math.floor((nowMs - participant.joinedAtMs) / 1000)), admin: participant.admin, language: participant.language,
    call_id: participant.id, conference_id: conferenceId,
  };
}
