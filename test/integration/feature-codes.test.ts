/**
 * Feature codes on a real node (seed CF-26): a phone dials *25 and do not disturb turns on (confd
 * shows it, the event is published, a call to that user is refused busy), *25 again turns it off;
 * *211002 forwards unconditionally and a call to the user reaches 1002, *21 alone disables it; a
 * code changed through confd works at once and the old one no longer does.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { phoneSdp, startStackPhone, type OutgoingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { writeWav } from '../support/wav-file.ts';
import { connectWebsocketd, websocketdUrl, type WebsocketdClient } from '../support/websocketd-client.ts';

let testNode: TestNode;
let client: RestClient;
let admin = '';
let soundsDir = '';
let alice: StackPhone;
let bob: StackPhone;
let socket: WebsocketdClient;
let aliceUuid = '';
const listeners: RtpListener[] = [];

/** A quiet 440 Hz tone of `ms` milliseconds. */
const tone = (ms: number) => Int16Array.from({ length: ms * 8 }, (_, index) => Math.round(2000 * Math.sin((2 * Math.PI * 440 * index) / 8000)));

const confd = async (path: string, options: { readonly method?: 'GET' | 'PUT'; readonly body?: unknown } = {}) =>
  client.request(`/api/confd/1.1${path}`, { method: options.method ?? 'GET', token: admin, ...(options.body === undefined ? {} : { body: options.body }) });

const eventsOf = (websocket: WebsocketdClient) =>
  websocket.texts.map((text) => JSON.parse(text) as { op: string; data?: { name?: string; data?: Record<string, unknown> } }).filter((message) => message.op === 'event').map((message) => message.data ?? {});

/** Alice (1001) dials a code: the node answers, plays the confirmation to her phone and hangs up. */
async function aliceDials(code: string): Promise<{ call: OutgoingCall; heard: number }> {
  const media = await listenForRtp();
  listeners.push(media);
  const call = alice.call(testNode.sipPort, code, '1001', testNode.passwords['1001'], { sdp: phoneSdp(media.port) });
  assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'answered'), { timeoutMs: 10_000 }), `the node answers ${code}: ${JSON.stringify(call.events)}`);
  assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'bye.received'), { timeoutMs: 10_000 }), `the node hangs up after the confirmation of ${code}`);
  return { call, heard: media.packets.filter((packet) => packet.payloadType === 0).length };
}

/** A call to `dialed` that the node refuses: its status. */
async function refusedStatus(phone: StackPhone, dialed: string, user: '1001' | '1002'): Promise<number> {
  const call = phone.call(testNode.sipPort, dialed, user, testNode.passwords[user]);
  assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'failed' && event.status !== 401) || call.events.some((event) => event.type === 'answered'), { timeoutMs: 10_000 }));
  const failed = call.events.find((event) => event.type === 'failed' && event.status !== 401);
  assert.ok(failed?.type === 'failed', `${dialed} is refused: ${JSON.stringify(call.events)}`);
  return failed.status;
}

const dnd = async () => ((await confd(`/users/${aliceUuid}/services/dnd`)).body as { enabled: boolean }).enabled;
const unconditional = async () => (await confd(`/users/${aliceUuid}/forwards/unconditional`)).body as { enabled: boolean; destination: string | null };

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'parley-feature-sounds-'));
  await writeWav(join(soundsDir, 'activated.wav'), tone(300));
  await writeWav(join(soundsDir, 'de-activated.wav'), tone(300));
  testNode = await startTestNode({ extraArgs: ['--sounds-dir', soundsDir] });
  client = restClient(testNode.httpPort);
  admin = await client.login('admin', testNode.adminPassword);
  alice = await startStackPhone('alice');
  bob = await startStackPhone('bob');
  assert.equal(await alice.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
  assert.equal(await bob.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  const users = (await confd('/users')).body as { items: { uuid: string; lastname: string }[] };
  aliceUuid = users.items.find((user) => user.lastname === '1001')?.uuid ?? '';
  assert.ok(aliceUuid !== '');
  socket = connectWebsocketd(websocketdUrl(testNode.httpPort, admin));
  await socket.start(['users_services_dnd_updated', 'users_forwards_unconditional_updated']);
});
after(async () => {
  socket?.close();
  for (const media of listeners) await media.close();
  await Promise.all([alice?.close(), bob?.close()]);
  await testNode?.close();
  await rm(soundsDir, { recursive: true, force: true });
});

describe('feature codes dialed from a phone', () => {
  it('MUST turn DND on at *25, with the confirmation heard, confd showing it and the event published', async () => {
    const { heard } = await aliceDials('*25');
    assert.ok(heard > 5, `the confirmation is heard (${heard} frames)`);
    assert.equal(await dnd(), true);
    assert.ok(await waitUntil(() => eventsOf(socket).some((event) => event.name === 'users_services_dnd_updated' && event.data?.['enabled'] === true)), JSON.stringify(eventsOf(socket)));
  });

  it('MUST then refuse a call to that user busy (486), as DND does', async () => {
    assert.equal(await refusedStatus(bob, '1001', '1002'), 486);
  });

  it('MUST turn DND off at *25 again', async () => {
    await aliceDials('*25');
    assert.equal(await dnd(), false);
    assert.ok(await waitUntil(() => eventsOf(socket).some((event) => event.name === 'users_services_dnd_updated' && event.data?.['enabled'] === false)));
  });

  it('MUST forward unconditionally at *211002: a call to the user then reaches 1002', async () => {
    await aliceDials('*211002');
    assert.deepEqual(await unconditional(), { enabled: true, destination: '1002' });
    const before = bob.incoming.length;
    bob.onIncoming(({ session }) => void session.reject(486));
    const call = alice.call(testNode.sipPort, '1001', '1001', testNode.passwords['1001']);
    assert.ok(await waitUntil(() => bob.incoming.length > before, { timeoutMs: 10_000 }), 'the forward rings 1002');
    assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'failed' && event.status !== 401), { timeoutMs: 10_000 }));
  });

  it('MUST disable the forward at *21 alone, keeping its number', async () => {
    await aliceDials('*21');
    assert.deepEqual(await unconditional(), { enabled: false, destination: '1002' });
    assert.ok(await waitUntil(() => eventsOf(socket).some((event) => event.name === 'users_forwards_unconditional_updated' && event.data?.['enabled'] === false)));
  });

  it('MUST follow a code changed through confd at once: *250 runs DND, *25 is no longer found (404)', async () => {
    const features = (await confd('/extensions/features?search=enablednd')).body as { items: { uuid: string; feature: string }[] };
    const code = features.items.find((item) => item.feature === 'enablednd');
    assert.ok(code !== undefined);
    assert.equal((await confd(`/extensions/features/${code.uuid}`, { method: 'PUT', body: { exten: '*250' } })).status, 204);
    await aliceDials('*250');
    assert.equal(await dnd(), true);
    assert.equal(await refusedStatus(alice, '*25', '1001'), 404);
    await aliceDials('*250');
    assert.equal(await dnd(), false);
  });

  it('MUST refuse a feature of the catalogue without an engine (*26 call recording) with 480', async () => {
    assert.equal(await refusedStatus(alice, '*26', '1001'), 480);
  });
});
