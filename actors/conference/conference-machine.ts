/**
 * The conference room machine (seed CF-17): calls join and leave, the room's mixer lives while it
 * has participants, calld mutes, kicks and records, and every change is told as the seed's events.
 *
 * @remarks
 * Pure. The mixer is created at the first join and destroyed after the last participant left; a
 * room with `record` records its mix from the first join to the last leave. A join over
 * `max_users` is refused (the call plays `conf-locked`, Asterisk ConfBridge's sound). Unless the
 * room is `quiet_join`, `confbridge-join` and `confbridge-leave` play into the mix on each join and
 * on each leave that leaves someone in the room. A participant alone is told so (its call plays
 * `conf-onlyperson` and the room's music); the first one is told when someone joins them.
 */
import { assertNever } from '../errors.ts';
import { actorAddress, assertTransition, handled, ignored, rejected, type ActorMachine, type KernelEffect, type KernelMessage, type MachineEnv, type Transition } from '../kernel/index.ts';
import type { CallMessage, ConferenceUpdate } from '../call/call-messages.ts';
import { CONFERENCE_ALLOWED, type ConferenceState } from './conference-state.ts';
import type { ConferenceEffect, ConferenceEventName, ConferenceMessage, JoiningParticipant } from './conference-messages.ts';
import { participantModel, type ConferenceParticipant, type ConferenceSnapshot } from './conference-snapshot.ts';

type Env = MachineEnv<Record<never, never>>;
type Effect = ConferenceEffect | KernelEffect;
type Result = Transition<ConferenceSnapshot, Effect>;

/** Asterisk ConfBridge's default sounds. */
export const CONFERENCE_SOUNDS = { join: 'confbridge-join', leave: 'confbridge-leave' } as const;

function move(snapshot: ConferenceSnapshot, to: ConferenceState, changes: Partial<ConferenceSnapshot>): ConferenceSnapshot {
  assertTransition('conference', CONFERENCE_ALLOWED, snapshot.state, to);
  return { ...snapshot, ...changes, state: to };
}

function tell(callId: string, conferenceId: number, update: ConferenceUpdate): Effect {
  const message: CallMessage = { type: 'call.conference_update', conferenceId, update };
  return { type: 'send', to: actorAddress('call', callId), message };
}

function participantEvent(snapshot: ConferenceSnapshot, name: ConferenceEventName, suffix: string, participant: ConferenceParticipant, nowMs: number): Effect {
  return { type: 'conference.publish', name, routingKey: `conferences.${snapshot.conferenceId}.participants.${suffix}`, data: participantModel(snapshot.conferenceId, participant, nowMs) };
}

function recordEvent(snapshot: ConferenceSnapshot, on: boolean): Effect {
  return { type: 'conference.publish', name: on ? 'conference_record_started' : 'conference_record_stopped', routingKey: `conferences.${snapshot.conferenceId}.record`, data: { id: snapshot.conferenceId } };
}

function onJoin(snapshot: ConferenceSnapshot, message: Extract<ConferenceMessage, { type: 'conference.join' }>, env: Env): Result {
  const { participant: joining, room } = message;
  if (room.conferenceId !== snapshot.conferenceId) return rejected(`join of room ${room.conferenceId} sent to room ${snapshot.conferenceId}`);
  if (snapshot.participants.some((found) => found.id === joining.callId)) return ignored(`${joining.callId} is already a participant`);
  if (room.maxUsers > 0 && snapshot.participants.length >= room.maxUsers) return handled(snapshot, [tell(joining.callId, snapshot.conferenceId, 'refused')]);
  const participant = newParticipant(joining, env.now);
  const first = snapshot.participants.length === 0;
  const next = move(snapshot, 'active', { room, participants: [...snapshot.participants, participant], recording: snapshot.recording || (first && room.record) });
  const effects: Effect[] = first ? [{ type: 'mixer.create' }] : [];
  effects.push({ type: 'mixer.join', callId: participant.id, muted: false });
  if (first && room.record) effects.push({ type: 'mixer.record' }, recordEvent(next, true));
  if (!room.quietJoin) effects.push({ type: 'mixer.play', sound: CONFERENCE_SOUNDS.join });
  const lonely = snapshot.participants.length === 1 ? snapshot.participants[0] : undefined;
  if (lonely !== undefined) effects.push(tell(lonely.id, snapshot.conferenceId, 'not_alone'));
  effects.push(tell(participant.id, snapshot.conferenceId, first ? 'joined_alone' : 'joined'), participantEvent(next, 'conference_participant_joined', 'joined', participant, env.now));
  return handled(next, effects);
}

function newParticipant(joining: JoiningParticipant, nowMs: number): ConferenceParticipant {
  return { id: joining.callId, callerIdName: joining.callerIdName, callerIdNum: joining.callerIdNum, muted: false, admin: joining.admin, language: joining.language, joinedAtMs: nowMs, ...(joining.userUuid === undefined ? {} : { userUuid: joining.userUuid }) };
}

/** A participant goes (left, or kicked): out of the mixer, `left` told; the last one ends the mixer and its recording. */
function removeParticipant(snapshot: ConferenceSnapshot, participantId: string, kicked: boolean, env: Env): Result {
  const participant = snapshot.participants.find((found) => found.id === participantId);
  if (participant === undefined) return kicked ? rejected(`no participant ${participantId}`) : ignored(`${participantId} is not a participant`);
  const remaining = snapshot.participants.filter((found) => found.id !== participantId);
  const effects: Effect[] = [{ type: 'mixer.leave', callId: participantId }, participantEvent(snapshot, 'conference_participant_left', 'left', participant, env.now)];
  if (kicked) effects.push(tell(participantId, snapshot.conferenceId, 'kicked'));
  if (remaining.length > 0) {
    if (!snapshot.room.quietJoin) effects.push({ type: 'mixer.play', sound: CONFERENCE_SOUNDS.leave });
    const [alone] = remaining;
    if (remaining.length === 1 && alone !== undefined) effects.push(tell(alone.id, snapshot.conferenceId, 'alone'));
    return handled(move(snapshot, 'active', { participants: remaining }), effects);
  }
  if (snapshot.recording) effects.push({ type: 'mixer.stop_record' }, recordEvent(snapshot, false));
  effects.push({ type: 'mixer.destroy' });
  return handled(move(snapshot, 'idle', { participants: [], recording: false }), effects);
}

function onMute(snapshot: ConferenceSnapshot, participantId: string, muted: boolean | 'toggle', env: Env): Result {
  const participant = snapshot.participants.find((found) => found.id === participantId);
  if (participant === undefined) return rejected(`no participant ${participantId}`);
  const on = muted === 'toggle' ? !participant.muted : muted;
  // calld answers 204 to muting a muted participant: nothing changes, nothing is told.
  if (on === participant.muted) return handled(snapshot, []);
  const changed: ConferenceParticipant = { ...participant, muted: on };
  const next: ConferenceSnapshot = { ...snapshot, participants: snapshot.participants.map((found) => (found.id === participantId ? changed : found)) };
  return handled(next, [{ type: 'mixer.mute', callId: participantId, muted: on }, participantEvent(next, on ? 'conference_participant_muted' : 'conference_participant_unmuted', 'mute', changed, env.now)]);
}

function onRecord(snapshot: ConferenceSnapshot, on: boolean): Result {
  if (snapshot.state === 'idle') return rejected('the conference has no participant');
  if (snapshot.recording === on) return rejected(on ? 'the conference is already being recorded' : 'the conference is not being recorded');
  const next: ConferenceSnapshot = { ...snapshot, recording: on };
  return handled(next, [on ? { type: 'mixer.record' } : { type: 'mixer.stop_record' }, recordEvent(next, on)]);
}

function onTalk(snapshot: ConferenceSnapshot, participantId: string, talking: boolean, env: Env): Result {
  const participant = snapshot.participants.find((found) => found.id === participantId);
  if (participant === undefined) return ignored(`talk of ${participantId}, not a participant`);
  return handled(snapshot, [participantEvent(snapshot, talking ? 'conference_participant_talk_started' : 'conference_participant_talk_stopped', 'talk', participant, env.now)]);
}

function dispatch(snapshot: ConferenceSnapshot, message: ConferenceMessage | KernelMessage, env: Env): Result {
  switch (message.type) {
    case 'conference.join':
      return onJoin(snapshot, message, env);
    case 'conference.leave':
      return removeParticipant(snapshot, message.callId, false, env);
    case 'conference.kick':
      return removeParticipant(snapshot, message.participantId, true, env);
    case 'conference.mute':
      return onMute(snapshot, message.participantId, message.muted, env);
    case 'conference.toggle_mute':
      return onMute(snapshot, message.participantId, 'toggle', env);
    case 'conference.record':
      return onRecord(snapshot, message.on);
    case 'conference.talk':
      return onTalk(snapshot, message.participantId, message.talking, env);
    case 'sys.timer.fired':
      return ignored(`timer ${message.name}: a room arms none`);
    default:
      return assertNever(message);
  }
}

export const conferenceMachine: ActorMachine<ConferenceSnapshot, ConferenceMessage, ConferenceEffect, Record<never, never>> = {
  transition: (snapshot, message, env) => dispatch(snapshot, message, env),
};
