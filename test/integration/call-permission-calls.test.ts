/**
 * Call permissions on live calls of a real node (seed CF-10), configured through confd: a user
 * denied an extension gets 403; a user whose permission has a password is answered, asked for it
 * (the prompts are WAV files in the node's sounds folder), keys it as RFC 4733 events and reaches
 * the callee; a wrong password three times ends the call; the seed's examples, a permission on a
 * user and one on an outcall.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serializeTelephoneEvent } from '../../media-workers/rtp/telephone-event.ts';
import { includeContext } from '../../store/index.ts';
import { CONFD, confdWriter, type ConfdItem } from '../support/confd-writer.ts';
import { freeSipPort } from '../support/free-port.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { phoneSdp, startStackPhone, type OutgoingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { writeWav } from '../support/wav-file.ts';
import { createRtpStream } from '../support/rtp-stream.ts';

let testNode: TestNode;
let rest: RestClient;
let token = '';
let soundsDir = '';
let caller: StackPhone;
let callee: StackPhone;
let aliceUuid = '';
const listeners: RtpListener[] = [];
const { created, put } = confdWriter(() => rest, () => token);

/** A quiet 440 Hz tone, so the prompts' RTP is not silence. */
const tone = (ms: number) => Int16Array.from({ length: ms * 8 }, (_, index) => Math.round(2000 * Math.sin((2 * Math.PI * 440 * index) / 8000)));

const stream = createRtpStream(0x5eed4321);
const rtp = stream.packet;
let permissions = 0;

const EVENTS: Readonly<Record<string, number>> = { '*': 10, '#': 11 };

/** Keys `digits` as RFC 4733 events (a start packet, then the end packet three times), paced as a phone sends them. */
async function keys(phone: RtpListener, nodePort: number, digits: string): Promise<void> {
  for (const digit of digits) {
    const event = EVENTS[digit] ?? Number(digit);
    const timestamp = stream.skip(10) * 160;
    phone.send(rtp(101, timestamp, serializeTelephoneEvent({ event, end: false, volume: 10, duration: 160 }), true), nodePort);
    for (let copy = 0; copy < 3; copy += 1) phone.send(rtp(101, timestamp, serializeTelephoneEvent({ event, end: true, volume: 10, duration: 800 })), nodePort);
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
}

/** PCMU packets the node sent to the phone (its prompts). */
const heard = (media: RtpListener, nodePort: number): number => media.packets.filter((packet) => packet.payloadType === 0 && packet.sourcePort === nodePort).length;

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'parley-permission-sounds-'));
  for (const sound of ['agent-pass', 'auth-incorrect', 'vm-goodbye']) await writeWav(join(soundsDir, `${sound}.wav`), tone(400));
  testNode = await startTestNode({ extraArgs: ['--sounds-dir', soundsDir] });
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  caller = await startStackPhone('caller');
  callee = await startStackPhone('callee');
  assert.equal(await callee.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { uuid: string; lastname: string }[] };
  aliceUuid = users.items.find((user) => user.lastname === '1001')?.uuid ?? '';
  assert.ok(aliceUuid !== '');
});
after(async () => {
  for (const media of listeners) await media.close();
  await Promise.all([caller?.close(), callee?.close()]);
  await testNode?.close();
  await rm(soundsDir, { recursive: true, force: true });
});

/** A permission made through confd and attached to Alice (1001); removed by the returned function. */
async function alicePermission(fields: Record<string, unknown>): Promise<() => Promise<void>> {
  const permission = await created('/callpermissions', { name: `permission-${String(permissions += 1)}`, ...fields });
  await put(`/users/${aliceUuid}/callpermissions/${String(permission['id'])}`);
  return async () => {
    const answer = await rest.request(`${CONFD}/callpermissions/${String(permission['id'])}`, { method: 'DELETE', token });
    assert.equal(answer.status, 204);
  };
}

/** Alice calls `exten` with media on a new listener. */
async function aliceCalls(exten: string): Promise<{ call: OutgoingCall; media: RtpListener }> {
  const media = await listenForRtp();
  listeners.push(media);
  return { call: caller.call(testNode.sipPort, exten, '1001', testNode.passwords['1001'], { sdp: phoneSdp(media.port) }), media };
}

/** Waits for the node's answer (the challenge) and the first prompt; the node's RTP port. */
async function challenged(call: OutgoingCall, media: RtpListener): Promise<number> {
  assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'answered' || event.type === 'failed')), 'the node answers to ask for the password');
  const answer = call.events.find((event) => event.type === 'answered');
  assert.ok(answer?.type === 'answered', `answered: ${JSON.stringify(call.events)}`);
  const nodePort = Number(/m=audio (\d+)/.exec(answer.sdp ?? '')?.[1]);
  assert.ok(await waitUntil(() => heard(media, nodePort) > 5, { timeoutMs: 10_000 }), "'agent-pass' is heard");
  return nodePort;
}

const failedStatus = (call: OutgoingCall): number | undefined => {
  const failed = call.events.find((event) => event.type === 'failed');
  return failed?.type === 'failed' ? failed.status : undefined;
};

describe('call permissions on calls to a user', () => {
  it('MUST refuse with 403 a call from a user denied the extension', async () => {
    const remove = await alicePermission({ extensions: ['1002'] });
    const before = callee.incoming.length;
    const { call } = await aliceCalls('1002');
    assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'failed')), 'the call is refused');
    assert.deepEqual([failedStatus(call), callee.incoming.length], [403, before]);
    await remove();
  });

  it('MUST ask for the password, and connect the caller to 1002 once it is keyed (RFC 4733), answered once', async () => {
    const remove = await alicePermission({ extensions: ['1002'], password: '1234' });
    const media = await listenForRtp();
    listeners.push(media);
    callee.onIncoming(({ session }) => void session.accept({ sdp: phoneSdp(media.port) }));
    const before = callee.incoming.length;
    const { call, media: callerMedia } = await aliceCalls('1002');
    const nodePort = await challenged(call, callerMedia);
    assert.equal(callee.incoming.length, before, '1002 is not rung before the password');
    await keys(callerMedia, nodePort, '1234#');
    assert.ok(await waitUntil(() => callee.incoming.length > before && callee.incoming.at(-1)?.events.some((event) => event.type === 'ack.received') === true), '1002 is rung and answers');
    assert.equal(call.events.filter((event) => event.type === 'answered').length, 1, 'the caller is answered once');
    call.session()?.sendBye();
    assert.ok(await waitUntil(() => callee.incoming.at(-1)?.events.some((event) => event.type === 'bye.received') === true), 'the hang-up reaches 1002');
    await remove();
  });

  it("MUST accept the user's call_permission_password instead of the permission's", async () => {
    const remove = await alicePermission({ extensions: ['1002'], password: '1234' });
    await put(`/users/${aliceUuid}`, { call_permission_password: '777' });
    callee.onIncoming(({ session }) => void session.accept({ sdp: phoneSdp(9) }));
    const before = callee.incoming.length;
    const { call, media } = await aliceCalls('1002');
    const nodePort = await challenged(call, media);
    await keys(media, nodePort, '777#');
    assert.ok(await waitUntil(() => callee.incoming.length > before), '1002 is rung');
    call.session()?.sendBye();
    await put(`/users/${aliceUuid}`, { call_permission_password: null });
    await remove();
  });

  it("MUST end the call after three wrong passwords, with 'auth-incorrect' and 'vm-goodbye' played", async () => {
    const remove = await alicePermission({ extensions: ['1002'], password: '1234' });
    const before = callee.incoming.length;
    const { call, media } = await aliceCalls('1002');
    const nodePort = await challenged(call, media);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const played = heard(media, nodePort);
      await keys(media, nodePort, '99#');
      assert.ok(await waitUntil(() => heard(media, nodePort) > played + 5, { timeoutMs: 10_000 }), `a prompt after wrong attempt ${String(attempt)}`);
    }
    assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'bye.received'), { timeoutMs: 10_000 }), 'BYE after the goodbye');
    assert.equal(callee.incoming.length, before, '1002 was never rung');
    await remove();
  });
});

describe('call permissions on an outcall (the seed\'s example)', () => {
  it('MUST refuse with 403 a number an outcall\'s permission denies, and challenge for one a user\'s permission protects', async () => {
    const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { tenant_uuid: string }[] };
    const tenantUuid = users.items[0]?.tenant_uuid ?? '';
    await created('/contexts', { name: 'from-extern', type: 'incall' });
    await created('/contexts', { name: 'to-extern', type: 'outcall' });
    assert.equal((await includeContext(testNode.node.store.database, { tenantUuid: tenantUuid as never, context: 'default', include: 'to-extern' })).type, 'ok');
    const endpoint = await created('/endpoints/sip', { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${String(await freeSipPort())}` });
    const trunk = await created('/trunks', { context: 'from-extern' });
    await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
    const outcall: ConfdItem = await created('/outcalls', { name: 'provider' });
    await put(`/outcalls/${String(outcall['id'])}/trunks`, { trunks: [{ id: trunk['id'] }] });
    const pattern = await created('/extensions', { exten: '_0.', context: 'to-extern' });
    await put(`/outcalls/${String(outcall['id'])}/extensions/${String(pattern['id'])}`, {});
    // The seed's examples: nobody calls international numbers through this outcall; Alice needs a password for premium ones.
    const international = await created('/callpermissions', { name: 'no-international', extensions: ['_00.'] });
    await put(`/outcalls/${String(outcall['id'])}/callpermissions/${String(international['id'])}`);
    const removePremium = await alicePermission({ extensions: ['_089.'], password: '4321' });
    assert.ok(await waitUntil(async () => ((await rest.request('/api/calld/1.0/trunks', { token })).body as { items: unknown[] }).items.length === 1), 'the trunk runs');

    const abroad = await aliceCalls('0044123456');
    assert.ok(await waitUntil(() => abroad.call.events.some((event) => event.type === 'failed')), 'the international call is refused');
    assert.equal(failedStatus(abroad.call), 403);

    const premium = await aliceCalls('0899123456');
    const nodePort = await challenged(premium.call, premium.media);
    const played = heard(premium.media, nodePort);
    await keys(premium.media, nodePort, '1#');
    assert.ok(await waitUntil(() => heard(premium.media, nodePort) > played + 5, { timeoutMs: 10_000 }), "a wrong password is told ('auth-incorrect')");
    premium.call.session()?.sendBye();
    await removePremium();
  });
});
