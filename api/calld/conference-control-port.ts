/**
 * The conference port of calld (seed CF-17, Wazo calld's conferences plugin): what the
 * `/conferences` routes ask of the node's conference rooms. Owned here, implemented by the
 * composition root. Every verb answers a value, never throws for an expected failure.
 */
import type { conference } from '../../actors/index.ts';

/** A conference as calld sees it: its tenant and who is in it now (none when nobody is). */
export interface ConferenceView {
  readonly tenantUuid: string;
  readonly participants: readonly ConferenceParticipantView[];
}

/** A participant: the seed's model, and the user of its line (for `/users/me/conferences`). */
export interface ConferenceParticipantView {
  readonly model: conference.ParticipantModel;
  readonly userUuid: string | null;
}

/** What a verb did: done, no such participant, or refused in the room's state (400 in calld). */
export type ConferenceVerbResult =
  | { readonly type: 'done' }
  | { readonly type: 'no-participant' }
  | { readonly type: 'refused'; readonly message: string };

export interface ConferenceControlPort {
  /** The conference (configured in confd) with its participants; undefined when there is no such conference. */
  conference(conferenceId: number): Promise<ConferenceView | undefined>;
  mute(conferenceId: number, participantId: string, muted: boolean): Promise<ConferenceVerbResult>;
  /** Puts the participant out: its call hears `conf-kicked` and hangs up. */
  kick(conferenceId: number, participantId: string): Promise<ConferenceVerbResult>;
  /** Starts or stops recording the room's mix: refused with no participant, or when already so. */
  record(conferenceId: number, on: boolean): Promise<ConferenceVerbResult>;
}
