/**
 * calld's conference routes over an in-memory conference port: the participants list, mute,
 * unmute, kick and record with calld's answers (204, 400 in the room's state, 404 for an unknown
 * conference, another tenant's or an unknown participant), and the users/me form (403 unless a participant).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { callRoute } from '../../test/support/api-request.ts';
import type { ApiRoute } from '../http/api-route.ts';
import type { ConferenceControlPort, ConferenceView } from './conference-control-port.ts';
import { conferenceRoutes } from './conference-routes.ts';

const TENANT = 'tenant-a';
const ALICE = 'user-alice';
const participant = (id: string, userUuid: string | null) => ({
  model: { id, caller_id_name: id, caller_id_num: '1001', muted: false, answered_time: 3, admin: false, language: 'en_US', call_id: id, conference_id: 4 },
  userUuid,
});

let orders: string[];
let recording: boolean;
let rooms: Map<number, ConferenceView>;
let routes: ApiRoute[];

const port: ConferenceControlPort = {
  conference: async (id) => rooms.get(id),
  async mute(id, participantId, muted) {
    if (!rooms.get(id)?.participants.some((found) => found.model.id === participantId)) return { type: 'no-participant' };
    orders.push(`${muted ? 'mute' : 'unmute'} ${participantId}`);
    return { type: 'done' };
  },
  async kick(id, participantId) {
    if (!rooms.get(id)?.participants.some((found) => found.model.id === participantId)) return { type: 'no-participant' };
    orders.push(`kick ${participantId}`);
    return { type: 'done' };
  },
  async record(id, on) {
    if (rooms.get(id)?.participants.length === 0) return { type: 'refused', message: 'no participants' };
    if (recording === on) return { type: 'refused', message: on ? 'already recorded' : 'not recorded' };
    recording = on;
    return { type: 'done' };
  },
};

beforeEach(() => {
  orders = [];
  recording = false;
  rooms = new Map([[4, { tenantUuid: TENANT, participants: [participant('c1', ALICE), participant('c2', null)] }], [5, { tenantUuid: TENANT, participants: [] }], [6, { tenantUuid: 'tenant-b', participants: [] }]]);
  routes = conferenceRoutes(port);
});

const request = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', target: string, userUuid?: string) => callRoute(routes, method, target, { tenantUuid: TENANT, ...(userUuid === undefined ? {} : { userUuid }) });

describe('GET /conferences/{conference_id}/participants', () => {
  it('MUST list the participants with the seed model as {total, items}', async () => {
    const answer = await request('GET', '/conferences/4/participants');
    assert.deepEqual(answer, { status: 200, body: { total: 2, items: [participant('c1', ALICE).model, participant('c2', null).model] } });
  });

  it('MUST answer an empty list for a conference nobody is in', async () => {
    assert.deepEqual(await request('GET', '/conferences/5/participants'), { status: 200, body: { total: 0, items: [] } });
  });

  it("MUST answer 404 for an unknown conference, another tenant's, and an id that is not one", async () => {
    const statuses = await Promise.all(['/conferences/9/participants', '/conferences/6/participants', '/conferences/abc/participants', '/conferences/0/participants'].map(async (target) => (await request('GET', target)).status));
    assert.deepEqual(statuses, [404, 404, 404, 404]);
  });
});

describe('participants verbs', () => {
  it('PUT mute and unmute MUST answer 204 and order the room', async () => {
    const answers = [await request('PUT', '/conferences/4/participants/c1/mute'), await request('PUT', '/conferences/4/participants/c1/unmute')];
    assert.deepEqual([answers.map((answer) => answer.status), orders], [[204, 204], ['mute c1', 'unmute c1']]);
  });

  it('DELETE MUST kick the participant (204)', async () => {
    assert.deepEqual([(await request('DELETE', '/conferences/4/participants/c2')).status, orders], [204, ['kick c2']]);
  });

  it('MUST answer 404 for an unknown participant', async () => {
    assert.deepEqual([(await request('PUT', '/conferences/4/participants/zz/mute')).status, (await request('DELETE', '/conferences/4/participants/zz')).status], [404, 404]);
  });
});

describe('/conferences/{conference_id}/record', () => {
  it('POST then DELETE MUST answer 204', async () => {
    assert.deepEqual([(await request('POST', '/conferences/4/record')).status, (await request('DELETE', '/conferences/4/record')).status], [204, 204]);
  });

  it('MUST answer 400 when already recording, not recording, or without participants', async () => {
    await request('POST', '/conferences/4/record');
    const again = await request('POST', '/conferences/4/record');
    await request('DELETE', '/conferences/4/record');
    const stopped = await request('DELETE', '/conferences/4/record');
    const empty = await request('POST', '/conferences/5/record');
    assert.deepEqual([again.status, stopped.status, empty.status], [400, 400, 400]);
  });
});

describe('GET /users/me/conferences/{conference_id}/participants', () => {
  it('MUST list the participants for a user who is one of them', async () => {
    assert.equal((await request('GET', '/users/me/conferences/4/participants', ALICE)).status, 200);
  });

  it('MUST answer 403 for a user who is not a participant', async () => {
    assert.equal((await request('GET', '/users/me/conferences/4/participants', 'user-bob')).status, 403);
  });
});
