/** The conference room kind in the migration property: calls joining, leaving, muted, kicked, talking, and the mix recorded. */
import fc from 'fast-check';
import { actorAddress, conference, type call } from '../../../actors/index.ts';
import type { MigrationKind } from '../actor-migration.ts';

const CONFERENCE_ID = 9;
const CALLS = ['c1', 'c2', 'c3', 'c4'] as const;
const callId = fc.constantFrom(...CALLS);

const room: fc.Arbitrary<call.ConferenceRoom> = fc.record({
  maxUsers: fc.integer({ min: 0, max: 3 }), record: fc.boolean(), quietJoin: fc.boolean(), announceOnlyUser: fc.boolean(),
}).map((options) => ({ conferenceId: CONFERENCE_ID, tenantUuid: 't', name: 'Room', announceUserCount: false, announceJoinLeave: false, musicOnHold: null, ...options }));

const messages: fc.Arbitrary<conference.ConferenceMessage> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ room, callId, admin: fc.boolean() }).map(({ room: joined, callId: id, admin }): conference.ConferenceMessage => ({
    type: 'conference.join', room: joined, participant: { callId: id, callerIdName: `Caller ${id}`, callerIdNum: id, admin, language: 'en_US', ...(id === 'c1' ? { userUuid: 'u1' } : {}) },
  })) },
  { weight: 2, arbitrary: callId.map((id): conference.ConferenceMessage => ({ type: 'conference.leave', callId: id })) },
  { weight: 1, arbitrary: fc.record({ participantId: callId, muted: fc.boolean() }).map((mute): conference.ConferenceMessage => ({ type: 'conference.mute', ...mute })) },
  { weight: 1, arbitrary: callId.map((id): conference.ConferenceMessage => ({ type: 'conference.toggle_mute', participantId: id })) },
  { weight: 1, arbitrary: callId.map((id): conference.ConferenceMessage => ({ type: 'conference.kick', participantId: id })) },
  { weight: 1, arbitrary: fc.boolean().map((on): conference.ConferenceMessage => ({ type: 'conference.record', on })) },
  { weight: 1, arbitrary: fc.record({ participantId: callId, talking: fc.boolean() }).map((talk): conference.ConferenceMessage => ({ type: 'conference.talk', ...talk })) },
);

export const conferenceKind: MigrationKind<conference.ConferenceSnapshot, conference.ConferenceMessage, null> = {
  file: 'actors/conference/conference-actor.ts',
  newWorld: () => null,
  initial: room.map((configured) => conference.newConference(configured)),
  spawn: (system, from, ports, _world, hooks) => system.spawn(conference.conferenceSpec({
    from, hooks,
    conferenceId: CONFERENCE_ID,
    ports: { mixer: (effect) => ports.record('mixer', effect), publish: (event) => ports.record('publish', event) },
  })),
  peers: () => CALLS.map((id) => actorAddress('call', id)),
  messages,
  // Participants' `answered_time` counts seconds since they joined: time must pass between steps.
  maxAdvanceMs: 10_000,
  maxSteps: 30,
  numRuns: 250,
};
