/**
 * The node's conference rooms over a real actor system and a recording media pool: a room is
 * spawned at its first join, its mixer orders reach the pool in order with the room's sounds and
 * recordings folder, its events go on the bus with the seed's ACLs and the room's tenant, and
 * calld's verbs reach it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createActorSystem, createSystemClock, silentLogger, type ActorSystem, type call } from '../../actors/index.ts';
import type { MediaCommand, MediaEvent, MediaSessionId, MixerId } from '../../media-workers/index.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import type { BusEvent } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { createConferenceMixers } from './conference-mixers.ts';
import { createConferenceRooms, type ConferenceRooms } from './conference-rooms.ts';

const room: call.ConferenceRoom = {
  conferenceId: 4, tenantUuid: 'tenant-a', name: 'Daily', maxUsers: 0, record: false, quietJoin: false,
  announceOnlyUser: false, announceUserCount: false, announceJoinLeave: false, musicOnHold: null,
};
const quietLogger: NodeLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quietLogger, flush: () => undefined } as unknown as NodeLogger;

let system: ActorSystem;
let directory: string;
let commands: MediaCommand[];
let events: BusEvent[];
let rooms: ConferenceRooms;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'conference-rooms-'));
  await writeFile(join(directory, 'confbridge-join.wav'), '');
  system = await createActorSystem({ nodeName: 'n1', clock: createSystemClock(), logger: silentLogger });
  commands = [];
  events = [];
  const pool = { request: async (command: MediaCommand) => (commands.push(command), { type: 'ok' }) } as never;
  rooms = await createConferenceRooms({
    system, publish: (event) => void events.push(event), nodeUuid: 'node-1', logger: quietLogger,
    mixers: createConferenceMixers({ pool, soundsDir: directory, directory: join(directory, 'recordings'), logger: quietLogger, language: 'en_US' }),
  });
});

afterEach(async () => {
  await rooms.close();
  await system.shutdown();
  await rm(directory, { recursive: true, force: true });
});

const join_ = (callId: string, userUuid?: string) => rooms.calls.join(callId, { room, admin: false, callerIdName: callId, callerIdNum: '100', language: 'en_US', ...(userUuid === undefined ? {} : { userUuid }) });
const mixer = 'conference-4' as MixerId;
const named = (name: string) => events.filter((event) => event.name === name);

describe('conference rooms of a node', () => {
  it('MUST spawn the room at its first join and run its mixer orders in order, with the join sound file', async () => {
    join_('c1');
    join_('c2');
    assert.ok(await waitUntil(() => commands.filter((command) => command.type === 'mixer.play').length === 2));
    assert.deepEqual(commands.map((command) => command.type === 'mixer.join' ? `join ${command.sessionId}` : command.type), ['mixer.create', 'join c1', 'mixer.play', 'join c2', 'mixer.play']);
    assert.deepEqual(commands[2], { type: 'mixer.play', mixerId: mixer, file: join(directory, 'confbridge-join.wav') });
  });

  it("MUST publish conference_participant_joined with its ACL and the room's tenant", async () => {
    join_('c1');
    assert.ok(await waitUntil(() => named('conference_participant_joined').length === 1));
    const [event] = named('conference_participant_joined');
    assert.deepEqual([event?.required_acl, event?.tenant_uuid, (event?.data as { call_id: string }).call_id], ['events.conferences.4.participants.joined', 'tenant-a', 'c1']);
  });

  it('MUST show the participants to calld, with the user of each', async () => {
    join_('c1', 'user-1');
    assert.ok(await waitUntil(async () => ((await rooms.control.conference(4))?.participants.length ?? 0) === 1));
    const view = await rooms.control.conference(4);
    assert.deepEqual([view?.tenantUuid, view?.participants[0]?.userUuid, view?.participants[0]?.model.id], ['tenant-a', 'user-1', 'c1']);
  });

  it('MUST answer no conference for a room never joined (without a confd lookup)', async () => {
    assert.equal(await rooms.control.conference(99), undefined);
  });

  it('MUST mute through calld: the mixer member muted and conference_participant_muted published', async () => {
    join_('c1');
    assert.ok(await waitUntil(async () => ((await rooms.control.conference(4))?.participants.length ?? 0) === 1));
    assert.deepEqual(await rooms.control.mute(4, 'c1', true), { type: 'done' });
    assert.ok(await waitUntil(() => named('conference_participant_muted').length === 1));
    assert.ok(commands.some((command) => command.type === 'mixer.mute' && command.muted));
  });

  it("MUST record into the tenant's folder of the room, and refuse a second record", async () => {
    join_('c1');
    assert.ok(await waitUntil(async () => ((await rooms.control.conference(4))?.participants.length ?? 0) === 1));
    assert.deepEqual(await rooms.control.record(4, true), { type: 'done' });
    assert.ok(await waitUntil(() => commands.some((command) => command.type === 'mixer.record')));
    const record = commands.find((command) => command.type === 'mixer.record');
    assert.ok(record?.type === 'mixer.record' && record.file.startsWith(join(directory, 'recordings', 'tenant-a', '4') + '/'));
    assert.equal((await rooms.control.record(4, true)).type, 'refused');
  });

  it('MUST turn the mixer talk detection into talk events', async () => {
    join_('c1');
    assert.ok(await waitUntil(async () => ((await rooms.control.conference(4))?.participants.length ?? 0) === 1));
    const talk: MediaEvent = { type: 'mixer.talk', mixerId: mixer, sessionId: 'c1' as MediaSessionId, talking: true };
    rooms.onMediaEvent(talk);
    assert.ok(await waitUntil(() => named('conference_participant_talk_started').length === 1));
  });

  it('MUST destroy the mixer after the last leave and refuse calld verbs on an empty room', async () => {
    join_('c1');
    rooms.calls.leave('c1', 4);
    assert.ok(await waitUntil(() => commands.some((command) => command.type === 'mixer.destroy')));
    assert.ok(await waitUntil(async () => (await rooms.control.conference(4))?.participants.length === 0));
    assert.deepEqual([(await rooms.control.kick(4, 'c1')).type, (await rooms.control.record(4, true)).type], ['no-participant', 'refused']);
  });
});
