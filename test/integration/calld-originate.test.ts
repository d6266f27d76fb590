/**
 * calld's originate on a real node with two scripted phones (seed API-01): the source user's phone
 * rings first, and once it answers the destination rings; when both answered RTP flows between
 * them; hanging up through the API ends both legs with `call_ended`; a source that declines ends
 * the call; bad bodies and unknown users are refused with 400.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import type { call } from '../../actors/index.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let client: RestClient;
let source: StackPhone;
let destination: StackPhone;
let destinationMedia: RtpListener;
let sourceMedia: Socket;
let admin = '';
let sourceUser = '';
const events: { name: string; data: call.CallModel }[] = [];

const calls = async (): Promise<call.CallModel[]> => ((await client.request('/api/calld/1.0/calls', { token: admin })).body as { items: call.CallModel[] }).items;
const post = (path: string, body: unknown, token = admin) => client.request(`/api/calld/1.0${path}`, { method: 'POST', token, body });
const nodePortIn = (sdp: string | undefined): number => Number(/m=audio (\d+)/.exec(sdp ?? '')?.[1]);

before(async () => {
  testNode = await startTestNode();
  client = restClient(testNode.httpPort);
  source = await startStackPhone('source');
  destination = await startStackPhone('destination');
  destinationMedia = await listenForRtp();
  sourceMedia = createSocket('udp4');
  await new Promise<void>((resolve) => sourceMedia.bind(0, '127.0.0.1', () => resolve()));
  assert.equal(await source.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
  assert.equal(await destination.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  admin = await client.login('admin', testNode.adminPassword);
  const rows = await testNode.node.store.database.query<{ uuid: string }>("SELECT uuid FROM users WHERE lastname = '1001'");
  sourceUser = rows.rows[0]?.uuid ?? '';
  testNode.node.bus.subscribe(['call_created', 'call_updated', 'call_ended'], (event) => void events.push({ name: event.name, data: event.data as call.CallModel }));
});
after(async () => {
  sourceMedia.close();
  await destinationMedia.close();
  await Promise.all([source.close(), destination.close()]);
  await testNode.close();
});

describe('calld originate', () => {
  it('MUST ring the source user first, then the destination once the source answered, and relay RTP between them', async () => {
    const sourceSdpPort = (await listenForRtp());
    source.onIncoming(({ session }) => {
      session.provisional(180);
      session.accept({ sdp: phoneSdp(sourceSdpPort.port) });
    });
    destination.onIncoming(({ session }) => {
      session.provisional(180);
      session.accept({ sdp: phoneSdp(destinationMedia.port) });
    });
    const created = await post('/calls', { source: { user: sourceUser }, destination: { context: 'default', extension: '1002', priority: 1 }, variables: {} });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const origin = created.body as call.CallModel;
    assert.deepEqual([origin.is_caller, origin.user_uuid, origin.dialed_extension], [true, sourceUser, '1002']);
    assert.ok(await waitUntil(() => source.incoming.length === 1 && destination.incoming.length === 1), 'the source rings, then the destination');
    const toSource = source.incoming[0];
    assert.ok(toSource !== undefined);
    assert.ok(await waitUntil(async () => {
      const listed = await calls();
      return listed.length === 2 && listed.every((model) => model.status === 'Up');
    }), 'both channels are up');
    // The source phone talks to the node's port from the INVITE it received; the destination hears it.
    const nodePort = nodePortIn(toSource.session.offer);
    assert.ok(nodePort > 0);
    const packet = Buffer.alloc(12 + 160, 0xff);
    packet.writeUInt8(0x80, 0);
    packet.writeUInt8(0, 1);
    packet.writeUInt32BE(0x5eed, 8);
    for (let sequence = 0; sequence < 20; sequence += 1) {
      packet.writeUInt16BE(sequence, 2);
      packet.writeUInt32BE(sequence * 160, 4);
      sourceMedia.send(packet, nodePort, '127.0.0.1');
    }
    assert.ok(await waitUntil(() => destinationMedia.packets.filter((received) => received.payloadType === 0 || received.payloadType === 8).length >= 10), 'RTP flows from the source to the destination');
    const endedBefore = events.filter((event) => event.name === 'call_ended').length;
    assert.equal((await client.request(`/api/calld/1.0/calls/${origin.call_id}`, { method: 'DELETE', token: admin })).status, 204);
    assert.ok(await waitUntil(() => toSource.events.some((event) => event.type === 'bye.received')), 'the source phone gets a BYE');
    assert.ok(await waitUntil(() => destination.incoming[0]?.events.some((event) => event.type === 'bye.received') === true), 'the destination phone gets a BYE');
    assert.ok(await waitUntil(() => events.filter((event) => event.name === 'call_ended').length >= endedBefore + 2), 'call_ended for both channels');
    assert.ok(await waitUntil(async () => (await calls()).length === 0));
    await sourceSdpPort.close();
  });

  it("MUST end the call without ringing the destination when the source declines, for POST /users/me/calls too", async () => {
    source.onIncoming(({ session }) => void session.reject(486));
    const policy = await client.request('/api/auth/0.1/policies', { method: 'POST', token: admin, body: { name: 'me-calls', acl: ['calld.users.me.#'] } });
    const user = await client.request('/api/auth/0.1/users', { method: 'POST', token: admin, body: { uuid: sourceUser, username: 'source-user', password: 'source-pw' } });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    await client.request(`/api/auth/0.1/users/${sourceUser}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token: admin });
    const token = await client.login('source-user', 'source-pw');
    const ringsBefore = destination.incoming.length;
    const created = await post('/users/me/calls', { extension: '1002', from_mobile: false }, token);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const callId = (created.body as call.CallModel).call_id;
    assert.ok(await waitUntil(() => events.some((event) => event.name === 'call_ended' && event.data.call_id === callId)), 'the declined call ends');
    assert.equal(destination.incoming.length, ringsBefore, 'the destination never rang');
    assert.ok(await waitUntil(async () => (await calls()).length === 0));
  });

  it('MUST refuse bad bodies, unknown users and unsupported options with 400', async () => {
    const bodies: unknown[] = [
      undefined, {}, { source: { user: 'nope' }, destination: { context: 'default', extension: '1002' } },
      { source: { user: sourceUser }, destination: { context: 'default' } },
      { source: { user: sourceUser }, destination: { context: 'default', extension: '' } },
      { source: { user: sourceUser }, destination: { context: 'default', extension: '10 02' } },
      { source: { user: sourceUser, line_id: -1 }, destination: { context: 'default', extension: '1002' } },
      { source: { user: sourceUser, from_mobile: true }, destination: { context: 'default', extension: '1002' } },
      { source: { user: sourceUser, all_lines: true }, destination: { context: 'default', extension: '1002' } },
      { source: { user: '00000000-0000-4000-8000-000000000000' }, destination: { context: 'default', extension: '1002' } },
      { source: { user: sourceUser, line_id: 999 }, destination: { context: 'default', extension: '1002' } },
    ];
    for (const body of bodies) {
      const answer = await client.request('/api/calld/1.0/calls', { method: 'POST', token: admin, ...(body === undefined ? {} : { body }) });
      assert.equal(answer.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(answer.body)}`);
      assert.ok(Array.isArray(answer.body), 'errors are a JSON list');
    }
    assert.equal((await calls()).length, 0, 'nothing was originated');
  });
});
