/**
 * calld transfers and relocates on a real node with scripted phones that talk (seed API-01):
 * Alice (1001) calls Bob (1002), Bob hands her over to Carol (1003), attended, cancelled or blind,
 * and moves the call to his other phone (relocate). What is checked is what the phones get: who
 * hears whom (RTP payloads marked per talker), who gets a BYE or a CANCEL, that Alice's phone
 * is never re-INVITEd, and the transfer events; and the same from @wazo/sdk, unchanged.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import type { call } from '../../actors/index.ts';
import { associateLineExtension, associateUserLine, createExtension, createSipLine, createUser } from '../../store/index.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { phoneSdp, startStackPhone, type IncomingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

const CALLD = '/api/calld/1.0';

// @wazo/sdk's Node build is its CommonJS one (see calld-wazo-sdk.test.ts).
const require = createRequire(import.meta.url);
const { WazoApiClient } = require('@wazo/sdk') as { WazoApiClient: new (options: Record<string, unknown>) => SdkClient };
interface SdkClient {
  setToken(token: string): void;
  setRequestTimeout(ms: number): void;
  calld: {
    transferCall(callId: string, exten: string, flow: string): Promise<{ readonly id: string; readonly status: string; readonly sourceId: string }>;
    confirmCallTransfer(transferId: string): Promise<boolean>;
  };
}
/** Each talker fills its PCMU frames with its own byte, so a listener knows whom it hears. */
const VOICE = { alice: 0x11, bob: 0x22, carol: 0x33, bobDesk: 0x44 } as const;

interface Phone {
  readonly sip: StackPhone;
  readonly media: RtpListener;
  /** Sends 20 ms PCMU frames of `voice` to the node's port while the call lasts. */
  talk(nodePort: number): void;
  silence(): void;
  /** Frames heard with `voice` since `from` (an index into media.packets). */
  heard(voice: number, from?: number): number;
}

async function phone(name: string, voice: number): Promise<Phone> {
  const sip = await startStackPhone(name);
  const media = await listenForRtp();
  let timer: NodeJS.Timeout | undefined;
  let sequence = 0;
  const ssrc = 0x1000 + voice;
  return {
    sip, media,
    talk(nodePort) {
      clearInterval(timer);
      timer = setInterval(() => {
        const frame = Buffer.alloc(12 + 160, voice);
        frame.writeUInt8(0x80, 0);
        frame.writeUInt8(0, 1);
        frame.writeUInt16BE(sequence & 0xffff, 2);
        frame.writeUInt32BE((sequence * 160) >>> 0, 4);
        frame.writeUInt32BE(ssrc, 8);
        sequence += 1;
        media.send(frame, nodePort);
      }, 20);
    },
    silence: () => clearInterval(timer),
    heard: (heardVoice, from = 0) => media.packets.slice(from).filter((packet) => packet.payloadType === 0 && packet.payload[0] === heardVoice).length,
  };
}

let testNode: TestNode;
let client: RestClient;
let admin = '';
let bobToken = '';
let alice: Phone;
let bob: Phone;
let carol: Phone;
let bobDesk: Phone;
let bobLineId = 0;
let sdk: SdkClient;
const events: { name: string; data: Record<string, unknown> }[] = [];

const api = (path: string, init: Parameters<RestClient['request']>[1] = {}) => client.request(`${CALLD}${path}`, { token: admin, ...init });
const nodePortOf = (sdp: string | undefined): number => Number(/m=audio (\d+)/.exec(sdp ?? '')?.[1]);
const answerWith = (target: Phone) => (incoming: IncomingCall) => {
  incoming.session.provisional(180);
  incoming.session.accept({ sdp: phoneSdp(target.media.port) });
  target.talk(nodePortOf(incoming.session.offer));
};
const ringOnly = (incoming: IncomingCall) => void incoming.session.provisional(180);
const hasEvent = (incoming: IncomingCall | undefined, type: string) => incoming?.events.some((event) => event.type === type) ?? false;

/** Adds a user with a SIP line and an extension in `default`, as confd would. */
async function addUser(number: string, password: string): Promise<void> {
  const database = testNode.node.store.database;
  const user = await createUser(database, { firstname: 'User', lastname: number, callerId: `"User ${number}" <${number}>` });
  const line = await createSipLine(database, { username: number, secret: password, context: 'default' });
  assert.ok(user.type === 'ok' && line.type === 'ok');
  const extension = await createExtension(database, { exten: number, context: 'default', type: 'user', typeval: String(user.value.id) });
  assert.ok(extension.type === 'ok');
  assert.equal((await associateUserLine(database, { userId: user.value.id, lineId: line.value.id })).type, 'ok');
  assert.equal((await associateLineExtension(database, { lineId: line.value.id, extensionId: extension.value.id })).type, 'ok');
}

/** Alice calls Bob, who answers; both talk. Returns their channels. */
async function conversation(): Promise<{ aliceChannel: string; bobChannel: string; bobCall: IncomingCall; aliceEvents: readonly { type: string }[] }> {
  const before = bob.sip.incoming.length;
  bob.sip.onIncoming(answerWith(bob));
  const outgoing = alice.sip.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
  assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')), 'Bob answered');
  const answered = outgoing.events.find((event) => event.type === 'answered');
  alice.talk(nodePortOf(answered?.type === 'answered' ? answered.sdp : undefined));
  const bobCall = bob.sip.incoming[before];
  assert.ok(bobCall !== undefined);
  let models: call.CallModel[] = [];
  assert.ok(await waitUntil(async () => {
    models = ((await api('/calls')).body as { items: call.CallModel[] }).items.filter((model) => model.status === 'Up');
    return models.length === 2;
  }), 'both channels are up');
  const aliceChannel = models.find((model) => model.is_caller)?.call_id ?? '';
  const bobChannel = models.find((model) => !model.is_caller)?.call_id ?? '';
  const mark = bob.media.packets.length;
  assert.ok(await waitUntil(() => bob.heard(VOICE.alice, mark) > 5), 'Bob hears Alice');
  return { aliceChannel, bobChannel, bobCall, aliceEvents: outgoing.events };
}

async function hangUpEverything(): Promise<void> {
  for (const each of [alice, bob, carol, bobDesk]) each.silence();
  const calls = ((await api('/calls')).body as { items: call.CallModel[] }).items;
  for (const model of calls) await api(`/calls/${model.call_id}`, { method: 'DELETE' });
  assert.ok(await waitUntil(async () => ((await api('/calls')).body as { total: number }).total === 0), 'no call is left');
}

before(async () => {
  testNode = await startTestNode();
  client = restClient(testNode.httpPort);
  [alice, bob, carol, bobDesk] = await Promise.all([phone('alice', VOICE.alice), phone('bob', VOICE.bob), phone('carol', VOICE.carol), phone('bob-desk', VOICE.bobDesk)]);
  await addUser('1003', 'carol-pw');
  assert.equal(await bob.sip.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  assert.equal(await bobDesk.sip.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  assert.equal(await carol.sip.register(testNode.node, testNode.sipPort, '1003', 'carol-pw'), 200);
  admin = await client.login('admin', testNode.adminPassword);
  const users = (await client.request('/api/confd/1.1/users', { token: admin })).body as { items: { uuid: string; lines: { id: number; name: string }[] }[] };
  const bobUser = users.items.find((user) => user.lines.some((line) => line.name === '1002'));
  assert.ok(bobUser !== undefined);
  bobLineId = bobUser.lines[0]?.id ?? 0;
  assert.equal((await client.request('/api/auth/0.1/users', { method: 'POST', token: admin, body: { uuid: bobUser.uuid, username: 'bob', password: 'bob-pw' } })).status, 201);
  bobToken = await client.login('bob', 'bob-pw');
  const ca = await readFile(join(testNode.node.config.dataDir, 'tls', 'self-signed-cert.pem'));
  sdk = new WazoApiClient({ server: `localhost:${testNode.httpsPort}`, fetchOptions: { dispatcher: new Agent({ connect: { ca, servername: 'localhost' } }) } });
  sdk.setRequestTimeout(5_000);
  sdk.setToken(bobToken);
  testNode.node.bus.subscribe([], (event) => void (event.name.startsWith('transfer_') || event.name.startsWith('relocate_') ? events.push({ name: event.name, data: event.data as Record<string, unknown> }) : undefined));
  // Bob's desk phone rings only when a test says so.
  bobDesk.sip.onIncoming(ringOnly);
});
after(async () => {
  for (const each of [alice, bob, carol, bobDesk]) {
    each.silence();
    await each.media.close();
    await each.sip.close();
  }
  await testNode.close();
});

describe('attended transfer', () => {
  it('MUST let Bob consult Carol while Alice hears music, then hand Alice to Carol on complete, without re-INVITE to Alice', async () => {
    const { aliceChannel, bobChannel, bobCall, aliceEvents } = await conversation();
    const carolCalls = carol.sip.incoming.length;
    carol.sip.onIncoming(answerWith(carol));
    const created = await api('/transfers', { method: 'POST', body: { transferred_call: aliceChannel, initiator_call: bobChannel, context: 'default', exten: '1003', flow: 'attended' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const transfer = created.body as { id: string; status: string; transferred_call: string; initiator_call: string };
    assert.deepEqual([transfer.transferred_call, transfer.initiator_call], [aliceChannel, bobChannel]);
    assert.ok(await waitUntil(() => carol.sip.incoming.length > carolCalls && hasEvent(carol.sip.incoming.at(-1), 'ack.received')), 'Carol answered');
    const consult = carol.media.packets.length;
    assert.ok(await waitUntil(() => carol.heard(VOICE.bob, consult) > 5), 'Carol hears Bob during the consultation');
    assert.equal(carol.heard(VOICE.alice, consult), 0, 'Carol does not hear Alice before the transfer completes');
    const aliceMark = alice.media.packets.length;
    assert.ok(await waitUntil(() => alice.media.packets.length > aliceMark + 10), 'Alice hears music on hold');
    assert.equal(alice.heard(VOICE.bob, aliceMark), 0, 'Alice does not hear the consultation');
    assert.ok(await waitUntil(async () => ((await api(`/transfers/${transfer.id}`)).body as { status?: string }).status === 'answered'));

    assert.equal((await api(`/transfers/${transfer.id}/complete`, { method: 'PUT' })).status, 204);
    assert.ok(await waitUntil(() => hasEvent(bobCall, 'bye.received')), 'Bob is hung up');
    const afterComplete = carol.media.packets.length;
    assert.ok(await waitUntil(() => carol.heard(VOICE.alice, afterComplete) > 5), 'Carol hears Alice');
    const aliceAfter = alice.media.packets.length;
    assert.ok(await waitUntil(() => alice.heard(VOICE.carol, aliceAfter) > 5), 'Alice hears Carol');
    const names = events.filter((event) => event.data['id'] === transfer.id).map((event) => event.name);
    assert.deepEqual(names, ['transfer_created', 'transfer_updated', 'transfer_answered', 'transfer_completed', 'transfer_ended']);
    assert.equal((await api(`/transfers/${transfer.id}`)).status, 404, 'an ended transfer is gone');
    assert.ok(!aliceEvents.some((event) => event.type === 'reinvite.received'), "Alice's phone was never re-INVITEd");
    await hangUpEverything();
  });

  it('MUST give Alice back to Bob when the transfer is cancelled, Carol\'s phone getting a CANCEL', async () => {
    const { aliceChannel, bobChannel } = await conversation();
    const carolCalls = carol.sip.incoming.length;
    carol.sip.onIncoming(ringOnly);
    const created = await api('/transfers', { method: 'POST', body: { transferred_call: aliceChannel, initiator_call: bobChannel, context: 'default', exten: '1003' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id } = created.body as { id: string };
    assert.ok(await waitUntil(() => carol.sip.incoming.length > carolCalls), 'Carol rings');
    assert.equal((await api('/transfers', { method: 'POST', body: { transferred_call: aliceChannel, initiator_call: bobChannel, context: 'default', exten: '1003' } })).status, 409, 'one transfer at a time');
    assert.equal((await api(`/transfers/${id}`, { method: 'DELETE' })).status, 204);
    assert.ok(await waitUntil(() => hasEvent(carol.sip.incoming.at(-1), 'cancelled')), 'Carol gets a CANCEL');
    const mark = bob.media.packets.length;
    assert.ok(await waitUntil(() => bob.heard(VOICE.alice, mark) > 5), 'Bob hears Alice again');
    assert.ok(events.some((event) => event.name === 'transfer_cancelled' && event.data['id'] === id));
    await hangUpEverything();
  });
});

describe('attended transfer from a Wazo client', () => {
  it("MUST work through @wazo/sdk's own transferCall and confirmCallTransfer, with Bob's token over HTTPS", async () => {
    const { bobChannel, bobCall } = await conversation();
    carol.sip.onIncoming(answerWith(carol));
    const transfer = await sdk.calld.transferCall(bobChannel, '1003', 'attended');
    assert.equal(transfer.sourceId, bobChannel);
    assert.ok(await waitUntil(async () => ((await client.request(`${CALLD}/users/me/transfers`, { token: bobToken })).body as { items: { id: string; status: string }[] }).items.some((each) => each.id === transfer.id && each.status === 'answered')), 'Carol answered the consultation');
    assert.equal(await sdk.calld.confirmCallTransfer(transfer.id), true);
    assert.ok(await waitUntil(() => hasEvent(bobCall, 'bye.received')), 'Bob is hung up');
    const mark = carol.media.packets.length;
    assert.ok(await waitUntil(() => carol.heard(VOICE.alice, mark) > 5), 'Carol hears Alice');
    await hangUpEverything();
  });
});

describe('blind transfer', () => {
  it("MUST hang Bob up at once and connect Alice to Carol when she answers, from Bob's own token", async () => {
    const { bobChannel, bobCall } = await conversation();
    carol.sip.onIncoming(answerWith(carol));
    const created = await client.request(`${CALLD}/users/me/transfers`, { method: 'POST', token: bobToken, body: { initiator_call: bobChannel, exten: '1003', flow: 'blind' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.ok(await waitUntil(() => hasEvent(bobCall, 'bye.received')), 'Bob is hung up at once');
    const mark = carol.media.packets.length;
    assert.ok(await waitUntil(() => carol.heard(VOICE.alice, mark) > 5), 'Carol hears Alice');
    assert.equal(carol.heard(VOICE.bob, mark), 0);
    await hangUpEverything();
  });

  it('MUST refuse an unknown call, an extension that leads nowhere and a bad flow with 400 (calld)', async () => {
    const { aliceChannel, bobChannel } = await conversation();
    assert.equal((await api('/transfers', { method: 'POST', body: { transferred_call: aliceChannel, initiator_call: '1.999999', context: 'default', exten: '1003' } })).status, 400);
    assert.equal((await api('/transfers', { method: 'POST', body: { transferred_call: aliceChannel, initiator_call: bobChannel, context: 'default', exten: '1999' } })).status, 400);
    assert.equal((await api('/transfers', { method: 'POST', body: { transferred_call: aliceChannel, initiator_call: bobChannel, context: 'default', exten: '1003', flow: 'sideways' } })).status, 400);
    await hangUpEverything();
  });
});

describe('relocate', () => {
  it("MUST move Bob's side of the call to his desk phone when it answers, Alice hearing the desk", async () => {
    const { bobChannel, bobCall } = await conversation();
    bobDesk.sip.onIncoming(answerWith(bobDesk));
    const created = await client.request(`${CALLD}/users/me/relocates`, { method: 'POST', token: bobToken, body: { initiator_call: bobChannel, destination: 'line', location: { line_id: bobLineId } } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.ok(await waitUntil(() => hasEvent(bobCall, 'bye.received')), 'the phone Bob left is hung up');
    const mark = alice.media.packets.length;
    assert.ok(await waitUntil(() => alice.heard(VOICE.bobDesk, mark) > 5), 'Alice hears the desk phone');
    const names = events.filter((event) => event.data['uuid'] === (created.body as { uuid: string }).uuid).map((event) => event.name);
    assert.deepEqual(names, ['relocate_initiated', 'relocate_answered', 'relocate_completed', 'relocate_ended']);
    bobDesk.sip.onIncoming(ringOnly);
    await hangUpEverything();
  });
});
