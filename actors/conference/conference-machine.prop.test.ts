/**
 * Property (seed CF-17): whatever calls join, leave, get muted, kicked, talk and whatever recording
 * orders come, a room keeps its participants unique, has a mixer exactly while it has participants,
 * tells every joined participant's `left` once everyone has gone, and tells its events in order.
 */
import '../../test/support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { actorAddress, NO_TIMERS } from '../kernel/index.ts';
import type { ConferenceRoom } from '../call/call-messages.ts';
import { conferenceMachine } from './conference-machine.ts';
import type { ConferenceMessage } from './conference-messages.ts';
import { newConference, type ConferenceSnapshot } from './conference-snapshot.ts';

const CALLS = ['c1', 'c2', 'c3', 'c4', 'c5'] as const;
const callId = fc.constantFrom(...CALLS);

const roomArbitrary: fc.Arbitrary<ConferenceRoom> = fc.record({
  maxUsers: fc.integer({ min: 0, max: 4 }), record: fc.boolean(), quietJoin: fc.boolean(), announceOnlyUser: fc.boolean(),
}).map((options) => ({ conferenceId: 9, tenantUuid: 't', name: 'Room', announceUserCount: false, announceJoinLeave: false, musicOnHold: null, ...options }));

const messageArbitrary = (room: ConferenceRoom): fc.Arbitrary<ConferenceMessage> => fc.oneof(
  callId.map((id) => ({ type: 'conference.join' as const, room, participant: { callId: id, callerIdName: id, callerIdNum: id, admin: id === 'c1', language: 'en_US' } })),
  callId.map((id) => ({ type: 'conference.leave' as const, callId: id })),
  fc.tuple(callId, fc.boolean()).map(([id, muted]) => ({ type: 'conference.mute' as const, participantId: id, muted })),
  callId.map((id) => ({ type: 'conference.toggle_mute' as const, participantId: id })),
  callId.map((id) => ({ type: 'conference.kick' as const, participantId: id })),
  fc.boolean().map((on) => ({ type: 'conference.record' as const, on })),
  fc.tuple(callId, fc.boolean()).map(([id, talking]) => ({ type: 'conference.talk' as const, participantId: id, talking })),
);

type Effect = { readonly type: string; readonly [key: string]: unknown };

/** What the effects told so far, checked as they come. */
interface Observed {
  mixer: boolean;
  recording: boolean;
  readonly inRoom: Set<string>;
  readonly joined: Map<string, number>;
  readonly left: Map<string, number>;
}

function observe(observed: Observed, effect: Effect): void {
  const participant = (effect['data'] as { id?: unknown } | undefined)?.id;
  switch (effect.type) {
    case 'mixer.create':
      assert.equal(observed.mixer, false, 'a mixer created twice');
      observed.mixer = true;
      return;
    case 'mixer.destroy':
      assert.equal(observed.mixer, true, 'a mixer destroyed that did not exist');
      observed.mixer = false;
      return;
    case 'conference.publish':
      break;
    default:
      if (effect.type.startsWith('mixer.')) assert.equal(observed.mixer, true, `${effect.type} without a mixer`);
      return;
  }
  const name = String(effect['name']);
  if (name === 'conference_record_started' || name === 'conference_record_stopped') {
    assert.equal(observed.recording, name === 'conference_record_stopped', `${name} out of order`);
    observed.recording = name === 'conference_record_started';
    return;
  }
  const id = String(participant);
  if (name === 'conference_participant_joined') {
    assert.equal(observed.inRoom.has(id), false, `${id} joined twice`);
    observed.inRoom.add(id);
    observed.joined.set(id, (observed.joined.get(id) ?? 0) + 1);
    return;
  }
  assert.equal(observed.inRoom.has(id), true, `${name} of ${id}, not in the room`);
  if (name === 'conference_participant_left') {
    observed.inRoom.delete(id);
    observed.left.set(id, (observed.left.get(id) ?? 0) + 1);
  }
}

function run(snapshot: ConferenceSnapshot, message: ConferenceMessage, observed: Observed, now: number): ConferenceSnapshot {
  const result = conferenceMachine.transition(snapshot, message, { now, self: actorAddress('conference', '9'), from: undefined, timers: NO_TIMERS });
  if (result.type !== 'handled') return snapshot;
  for (const effect of result.effects) observe(observed, effect as Effect);
  const next = result.snapshot;
  const ids = next.participants.map((participant) => participant.id);
  assert.equal(new Set(ids).size, ids.length, 'participants unique');
  assert.equal(next.state === 'active', ids.length > 0, 'active iff it has participants');
  assert.equal(observed.mixer, ids.length > 0, 'a mixer exists iff the room has participants');
  assert.deepEqual([...observed.inRoom].sort(), [...ids].sort(), 'the events tell who is in the room');
  if (next.room.maxUsers > 0) assert.ok(ids.length <= next.room.maxUsers, 'max_users kept');
  assert.equal(observed.recording, next.recording, 'record events follow the recording');
  return next;
}

describe('conference room (property)', () => {
  it('MUST keep its invariants over any join/leave/mute/kick/record/talk sequence, and tell every joined participant left in the end', () => {
    fc.assert(
      fc.property(roomArbitrary.chain((room) => fc.tuple(fc.constant(room), fc.array(messageArbitrary(room), { maxLength: 60 }))), ([room, messages]) => {
        const observed: Observed = { mixer: false, recording: false, inRoom: new Set(), joined: new Map(), left: new Map() };
        let snapshot = newConference(room);
        let now = 1_000;
        for (const message of messages) snapshot = run(snapshot, message, observed, (now += 500));
        for (const id of CALLS) snapshot = run(snapshot, { type: 'conference.leave', callId: id }, observed, (now += 500));
        assert.equal(snapshot.state, 'idle');
        assert.deepEqual([...observed.left.entries()].sort(), [...observed.joined.entries()].sort(), 'every join has its leave');
        assert.equal(observed.recording, false, 'no recording outlives the room');
      }),
      { numRuns: 300 },
    );
  });
});
