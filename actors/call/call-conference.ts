/**
 * A call in a conference room (seed CF-17): the call routed to a room answers its caller (unless
 * an IVR or a PIN challenge already did), joins the room, and stays until the caller hangs up, the
 * participant is kicked (`conf-kicked`, then the call hangs up) or the room refuses it because it
 * is full (`conf-locked`, then the call hangs up), with Asterisk ConfBridge's sounds.
 *
 * @remarks
 * The call is in state `conference`. A participant alone hears `conf-onlyperson` when the room
 * announces it, then the room's music on hold until someone joins. The participant's menu is one
 * key: `1` mutes or unmutes them (ConfBridge's sample `toggle_mute`, docs/decisions.md). The room
 * is left by `terminate` (call-ending.ts), however the call ends.
 */
import { handled, ignored, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv, ConferenceUpdate, RouteOutcome } from './call-messages.ts';
import type { CallConference, CallSnapshot } from './call-snapshot.ts';
import { move, terminate } from './call-ending.ts';
import { callerChannelModel, channelEvent } from './call-events.ts';
import { DEFAULT_PROMPT_LANGUAGE } from './call-ivr.ts';
import { answerCallerOnce } from './caller-answer.ts';

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/** The prompts a participant hears on its own leg (Asterisk ConfBridge's sound names) and their play ids. */
export const CONFERENCE_PROMPTS = {
  onlyPerson: { playId: 201, sound: 'conf-onlyperson' },
  locked: { playId: 202, sound: 'conf-locked' },
  kicked: { playId: 203, sound: 'conf-kicked' },
} as const;

/** The participant's menu key that mutes or unmutes them. */
export const CONFERENCE_TOGGLE_MUTE_DIGIT = '1';

type Prompt = (typeof CONFERENCE_PROMPTS)[keyof typeof CONFERENCE_PROMPTS];

function play(conference: CallConference, prompt: Prompt): Effect {
  return { type: 'media.play', playId: prompt.playId, sound: prompt.sound, tenantUuid: conference.room.tenantUuid, language: DEFAULT_PROMPT_LANGUAGE };
}

function music(conference: CallConference, on: boolean): Effect[] {
  const { musicOnHold } = conference.room;
  if (musicOnHold === null || conference.music === on) return [];
  return [{ type: 'media.music', party: 'caller', on, music: { mohClass: musicOnHold, order: 'sequential' } }];
}

function withConference(snapshot: CallSnapshot, conference: CallConference): CallSnapshot {
  return { ...snapshot, conference };
}

/** The call reached a room: answer the caller (unless already answered) and join. */
export function enterConference(snapshot: CallSnapshot, outcome: Extract<RouteOutcome, { type: 'conference' }>, env: Env): Result {
  const conference: CallConference = { room: outcome.room, admin: outcome.admin, phase: 'joining', alone: false, music: false };
  const { snapshot: moved, effects: answering } = answerCallerOnce(move(snapshot, 'conference', { conference }), env.now);
  return handled(moved, [
    // An answered caller's channel state changes too (status Up in a room): call_updated either way.
    ...(answering.length > 0 ? answering : [channelEvent('call_updated', callerChannelModel(moved))]),
    { type: 'conference.join', room: outcome.room, admin: outcome.admin, callerIdName: snapshot.caller.name, callerIdNum: snapshot.caller.number, language: DEFAULT_PROMPT_LANGUAGE,
      ...(snapshot.caller.userUuid === undefined ? {} : { userUuid: snapshot.caller.userUuid }) },
  ]);
}

/** What the room tells the call. */
export function onConferenceUpdate(snapshot: CallSnapshot, conferenceId: number, update: ConferenceUpdate): Result {
  const { conference } = snapshot;
  if (snapshot.state !== 'conference' || conference === undefined || conference.room.conferenceId !== conferenceId) return ignored(`conference ${conferenceId} ${update} in ${snapshot.state}`);
  switch (update) {
    case 'joined':
    case 'joined_alone':
      if (conference.phase !== 'joining') return ignored(`${update} while ${conference.phase}`);
      return onAlone(snapshot, { ...conference, phase: 'joined' }, update === 'joined_alone', true);
    case 'alone':
    case 'not_alone':
      if (conference.phase !== 'joined') return ignored(`${update} while ${conference.phase}`);
      return onAlone(snapshot, conference, update === 'alone', false);
    case 'refused':
    case 'kicked': {
      if (conference.phase !== 'joining' && conference.phase !== 'joined') return ignored(`${update} while ${conference.phase}`);
      const next = withConference(snapshot, { ...conference, phase: update, music: false });
      const prompt = update === 'refused' ? CONFERENCE_PROMPTS.locked : CONFERENCE_PROMPTS.kicked;
      return handled(next, [...music(conference, false), play(conference, prompt)]);
    }
    default:
      return update satisfies never;
  }
}

/** Alone: the only-person prompt (on joining, when the room announces it) or the music; not alone: both stop. */
function onAlone(snapshot: CallSnapshot, conference: CallConference, alone: boolean, joining: boolean): Result {
  if (!alone) {
    const stopPrompt: Effect[] = conference.alone && !conference.music && conference.room.announceOnlyUser ? [{ type: 'media.stop_play', playId: CONFERENCE_PROMPTS.onlyPerson.playId }] : [];
    return handled(withConference(snapshot, { ...conference, alone: false, music: false }), [...stopPrompt, ...music(conference, false)]);
  }
  if (joining && conference.room.announceOnlyUser) return handled(withConference(snapshot, { ...conference, alone: true }), [play(conference, CONFERENCE_PROMPTS.onlyPerson)]);
  return handled(withConference(snapshot, { ...conference, alone: true, music: conference.room.musicOnHold !== null }), music(conference, true));
}

/** A prompt ended: after `conf-onlyperson` the music (if still alone); after `conf-locked` or `conf-kicked` the call hangs up. */
export function onConferencePlayed(snapshot: CallSnapshot, playId: number, env: Env): Result {
  const { conference } = snapshot;
  if (conference === undefined) return ignored(`prompt ${playId} outside a conference`);
  if (playId === CONFERENCE_PROMPTS.onlyPerson.playId && conference.phase === 'joined' && conference.alone) {
    return handled(withConference(snapshot, { ...conference, music: conference.room.musicOnHold !== null }), music(conference, true));
  }
  const ending = (conference.phase === 'refused' && playId === CONFERENCE_PROMPTS.locked.playId) || (conference.phase === 'kicked' && playId === CONFERENCE_PROMPTS.kicked.playId);
  return ending ? terminate(snapshot, CAUSES.normal, env) : ignored(`prompt ${playId} in conference ${conference.phase}`);
}

/** The participant's menu: `1` mutes or unmutes them. */
export function onConferenceDigit(snapshot: CallSnapshot, digit: string): Result {
  const { conference } = snapshot;
  if (conference?.phase !== 'joined' || digit !== CONFERENCE_TOGGLE_MUTE_DIGIT) return ignored(`digit ${digit} in conference ${conference?.phase ?? 'none'}`);
  return handled(snapshot, [{ type: 'conference.toggle_mute', conferenceId: conference.room.conferenceId }]);
}
