/**
 * The conference room machine (seed CF-17): joins and leaves, the mixer's life, the room's sounds,
 * max_users, mute, kick, recording and talk events with the seed's payloads.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS } from '../kernel/index.ts';
import type { ConferenceRoom } from '../call/call-messages.ts';
import { conferenceMachine } from './conference-machine.ts';
import type { ConferenceMessage } from './conference-messages.ts';
import { newConference, type ConferenceSnapshot } from './conference-snapshot.ts';

const env = (now: number) => ({ now, self: actorAddress('conference', '4'), from: undefined, timers: NO_TIMERS });
const room: ConferenceRoom = {
  conferenceId: 4, tenantUuid: 'tenant-1', name: 'Daily', maxUsers: 0, record: false, quietJoin: false,
  announceOnlyUser: false, announceUserCount: false, announceJoinLeave: false, musicOnHold: null,
};
type Effect = { type: string; [key: string]: unknown };
interface Step { snapshot: ConferenceSnapshot; effects: readonly Effect[] }
function step(snapshot: ConferenceSnapshot, message: ConferenceMessage, now = 2_000): Step {
  const result = conferenceMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Step;
}
const join = (callId: string, changes: Partial<ConferenceRoom> = {}): ConferenceMessage => ({
  type: 'conference.join', room: { ...room, ...changes }, participant: { callId, callerIdName: `Name ${callId}`, callerIdNum: callId, admin: false, language: 'fr_FR' },
});
const types = (effects: readonly Effect[]) => effects.map((effect) => (effect.type === 'conference.publish' ? effect['name'] : effect.type === 'send' ? `tell ${(effect['message'] as { update: string }).update}` : effect.type));
const joinedAll = (...callIds: string[]) => callIds.reduce((snapshot, callId) => step(snapshot, join(callId)).snapshot, newConference(room));

describe("a room ('idle')", () => {
  it('on the first join, MUST create the mixer, add the call, play confbridge-join and tell the call it is alone', () => {
    const first = step(newConference(room), join('c1'));
    assert.deepEqual(types(first.effects), ['mixer.create', 'mixer.join', 'mixer.play', 'tell joined_alone', 'conference_participant_joined']);
    assert.deepEqual(first.effects[2], { type: 'mixer.play', sound: 'confbridge-join' });
  });

  it('MUST publish conference_participant_joined with the seed payload, routing key and answered_time 0', () => {
    const first = step(newConference(room), join('c1'));
    assert.deepEqual(first.effects.at(-1), {
      type: 'conference.publish', name: 'conference_participant_joined', routingKey: 'conferences.4.participants.joined',
      data: { id: 'c1', caller_id_name: 'Name c1', caller_id_num: 'c1', muted: false, answered_time: 0, admin: false, language: 'fr_FR', call_id: 'c1', conference_id: 4 },
    });
  });

  it('with record, MUST record the mix from the first join and tell conference_record_started', () => {
    assert.deepEqual(types(step(newConference(room), join('c1', { record: true })).effects).slice(0, 4), ['mixer.create', 'mixer.join', 'mixer.record', 'conference_record_started']);
  });

  it('MUST refuse a record order with no participant', () => {
    assert.equal(conferenceMachine.transition(newConference(room), { type: 'conference.record', on: true }, env(1)).type, 'rejected');
  });
});

describe("a room ('active')", () => {
  it('on a second join, MUST tell the first participant it is no longer alone and the new one it joined', () => {
    const second = step(joinedAll('c1'), join('c2'));
    assert.deepEqual(types(second.effects), ['mixer.join', 'mixer.play', 'tell not_alone', 'tell joined', 'conference_participant_joined']);
  });

  it('quiet_join, MUST play no join or leave sound', () => {
    const quiet = step(newConference(room), join('c1', { quietJoin: true }));
    const second = step(quiet.snapshot, join('c2', { quietJoin: true }));
    assert.equal([...second.effects, ...step(second.snapshot, { type: 'conference.leave', callId: 'c2' }).effects].some((effect) => effect.type === 'mixer.play'), false);
  });

  it('full (max_users), MUST refuse the joining call and change nothing', () => {
    const full = step(newConference(room), join('c1', { maxUsers: 1 })).snapshot;
    const refused = step(full, join('c2', { maxUsers: 1 }));
    assert.deepEqual([types(refused.effects), refused.snapshot], [['tell refused'], full]);
  });

  it('on a leave leaving one, MUST play confbridge-leave and tell the last one it is alone', () => {
    const left = step(joinedAll('c1', 'c2'), { type: 'conference.leave', callId: 'c1' });
    assert.deepEqual(types(left.effects), ['mixer.leave', 'conference_participant_left', 'mixer.play', 'tell alone']);
  });

  it('on the last leave, MUST stop the recording, destroy the mixer and be idle', () => {
    const recorded = step(joinedAll('c1'), { type: 'conference.record', on: true }).snapshot;
    const left = step(recorded, { type: 'conference.leave', callId: 'c1' });
    assert.deepEqual([left.snapshot.state, types(left.effects)], ['idle', ['mixer.leave', 'conference_participant_left', 'mixer.stop_record', 'conference_record_stopped', 'mixer.destroy']]);
  });

  it('MUST tell answered_time in seconds since the participant joined', () => {
    const left = step(joinedAll('c1'), { type: 'conference.leave', callId: 'c1' }, 9_900);
    assert.equal((left.effects[1]?.['data'] as { answered_time: number }).answered_time, 7);
  });

  it('on mute, MUST mute the member in the mixer and publish conference_participant_muted on the mute key', () => {
    const muted = step(joinedAll('c1'), { type: 'conference.mute', participantId: 'c1', muted: true });
    assert.deepEqual(types(muted.effects), ['mixer.mute', 'conference_participant_muted']);
    assert.deepEqual([muted.effects[1]?.['routingKey'], (muted.effects[1]?.['data'] as { muted: boolean }).muted], ['conferences.4.participants.mute', true]);
  });

  it('on muting a muted participant, MUST do nothing', () => {
    const muted = step(joinedAll('c1'), { type: 'conference.mute', participantId: 'c1', muted: true }).snapshot;
    assert.deepEqual(step(muted, { type: 'conference.mute', participantId: 'c1', muted: true }).effects, []);
  });

  it('on toggle_mute, MUST unmute a muted participant', () => {
    const muted = step(joinedAll('c1'), { type: 'conference.mute', participantId: 'c1', muted: true }).snapshot;
    assert.deepEqual(types(step(muted, { type: 'conference.toggle_mute', participantId: 'c1' }).effects), ['mixer.mute', 'conference_participant_unmuted']);
  });

  it('on a kick, MUST take the participant out, tell left and tell its call it was kicked', () => {
    const kicked = step(joinedAll('c1', 'c2'), { type: 'conference.kick', participantId: 'c2' });
    assert.deepEqual(types(kicked.effects), ['mixer.leave', 'conference_participant_left', 'tell kicked', 'mixer.play', 'tell alone']);
  });

  it('MUST reject a kick or mute of an unknown participant, and ignore its leave', () => {
    const active = joinedAll('c1');
    assert.deepEqual(
      [conferenceMachine.transition(active, { type: 'conference.kick', participantId: 'x' }, env(1)).type, conferenceMachine.transition(active, { type: 'conference.mute', participantId: 'x', muted: true }, env(1)).type, conferenceMachine.transition(active, { type: 'conference.leave', callId: 'x' }, env(1)).type],
      ['rejected', 'rejected', 'ignored'],
    );
  });

  it('MUST refuse to start a recording twice and to stop one that does not run', () => {
    const active = joinedAll('c1');
    const recording = step(active, { type: 'conference.record', on: true }).snapshot;
    assert.deepEqual([conferenceMachine.transition(recording, { type: 'conference.record', on: true }, env(1)).type, conferenceMachine.transition(active, { type: 'conference.record', on: false }, env(1)).type], ['rejected', 'rejected']);
  });

  it('on record, MUST publish conference_record_started with data {id}', () => {
    const started = step(joinedAll('c1'), { type: 'conference.record', on: true });
    assert.deepEqual(started.effects[1], { type: 'conference.publish', name: 'conference_record_started', routingKey: 'conferences.4.record', data: { id: 4 } });
  });

  it('on talk, MUST publish talk_started and talk_stopped with the participant payload', () => {
    const active = joinedAll('c1');
    const started = step(active, { type: 'conference.talk', participantId: 'c1', talking: true });
    const stopped = step(active, { type: 'conference.talk', participantId: 'c1', talking: false });
    assert.deepEqual([types(started.effects), types(stopped.effects), started.effects[0]?.['routingKey']], [['conference_participant_talk_started'], ['conference_participant_talk_stopped'], 'conferences.4.participants.talk']);
  });

  it('MUST ignore a second join of the same call', () => {
    assert.equal(conferenceMachine.transition(joinedAll('c1'), join('c1'), env(1)).type, 'ignored');
  });
});
